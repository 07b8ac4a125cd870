import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeChannel } from '../../replication-server/src/replication/postgres-change-bus';
import { PostgresStore } from '../../replication-server/src/store/postgres/postgres-store';
import { TEST_DATABASE_URL } from '../contract/store-factories';
import { type OpenedStream, openStream } from './event-stream';
import { bearer, caseDoc, DEMO_PASSWORD, insert } from './test-server';

/** A real server process (`node --import tsx replication-server/src/main.ts`) on a port of its own. */
interface Instance {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'replication-server/src/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${port} exited at startup:\n${output}`);
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function signIn(instance: Instance, staffId: string): Promise<string> {
  const response = await fetch(`${instance.baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${staffId} failed: ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function pushCase(instance: Instance, token: string, document: ReturnType<typeof caseDoc>) {
  const response = await fetch(`${instance.baseUrl}/api/replication/cases/push`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify([insert(document)]),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ conflicts: [], rejected: [] });
}

/** The checkpoint a full pull of `cases` ends at: the seq of the newest case the reader may see. */
async function latestCaseSeq(instance: Instance, token: string): Promise<number> {
  const response = await fetch(`${instance.baseUrl}/api/replication/cases/pull?seq=0`, {
    headers: bearer(token),
  });
  return ((await response.json()) as { checkpoint: { seq: number } }).checkpoint.seq;
}

describe('fan-out across server instances sharing one PostgreSQL database', () => {
  const schema = `jb_fanout_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'jinban-fan-out-'));
  let instanceA: Instance;
  let instanceB: Instance;

  beforeAll(async () => {
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '4',
      PASSWORD_ITERATIONS: '1000',
      JINBAN_DEMO: '1',
      JINBAN_TOKEN_SECRET: 'fan-out-secret-fan-out-secret-0123456789',
      DATA_DIR: dataDir,
      DIST_DIR: join(dataDir, 'no-dist'),
      LOG_LEVEL: 'warn',
    };
    // One after the other: the first seeds the empty schema with the demo county, the second finds it seeded.
    instanceA = await startInstance(env);
    instanceB = await startInstance(env);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([instanceA?.stop(), instanceB?.stop()]);
    await PostgresStore.dropSchema(TEST_DATABASE_URL, schema);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  async function withStream(
    instance: Instance,
    token: string,
    use: (stream: OpenedStream) => Promise<void>,
  ): Promise<void> {
    const stream = await openStream(instance.baseUrl, bearer(token));
    try {
      expect(await stream.next()).toEqual({ event: 'resync', data: 'RESYNC' });
      await use(stream);
    } finally {
      stream.close();
    }
  }

  it('delivers a push accepted by instance A to a stream open on instance B', async () => {
    const clerk = await signIn(instanceA, 'clerk-gtzx-wang');
    await withStream(instanceB, clerk, async (stream) => {
      await pushCase(instanceA, clerk, caseDoc({ id: 'case-fan-out-1' }));
      expect(await stream.next()).toEqual({
        event: 'change',
        data: { collection: 'cases', seq: await latestCaseSeq(instanceB, clerk) },
      });
    });
  });

  it("keeps each reader's scope: a station hears nothing of another station's case", async () => {
    const gtzxClerk = await signIn(instanceA, 'clerk-gtzx-wang');
    const xszxClerk = await signIn(instanceA, 'clerk-xszx-zhang');
    await withStream(instanceB, xszxClerk, async (stream) => {
      await pushCase(instanceA, gtzxClerk, caseDoc({ id: 'case-fan-out-gtzx' }));
      await pushCase(
        instanceA,
        xszxClerk,
        caseDoc({ id: 'case-fan-out-xszx', acceptedAtStation: 'XSZX', deliveryStation: 'XSZX' }),
      );
      expect(await stream.next()).toEqual({
        event: 'change',
        data: { collection: 'cases', seq: await latestCaseSeq(instanceB, xszxClerk) },
      });
    });
  });

  it('tells streams to resync when the LISTEN connection was lost, and listens again', async () => {
    const clerk = await signIn(instanceA, 'clerk-gtzx-wang');
    await withStream(instanceB, clerk, async (stream) => {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
           WHERE application_name = 'jinban-listener' AND query = $1`,
          [`LISTEN "${changeChannel(schema)}"`],
        );
        expect(rows).toEqual([{ terminated: true }, { terminated: true }]);
      } finally {
        await admin.end();
      }
      expect(await stream.next()).toEqual({ event: 'resync', data: 'RESYNC' });

      await pushCase(instanceA, clerk, caseDoc({ id: 'case-fan-out-2' }));
      expect(await stream.next()).toEqual({
        event: 'change',
        data: { collection: 'cases', seq: await latestCaseSeq(instanceB, clerk) },
      });
    });
  });
});
