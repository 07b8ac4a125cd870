import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../../replication-server/src/store/sqlite/sqlite-store';
import type { StoredDocument } from '../../../replication-server/src/store/store';
import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import { type ServerProcess, startServerProcess } from '../../server/server-process';
import { DEMO_PASSWORD } from '../../server/test-server';
import type { NetworkFaults } from './faulty-network';
import { SETTLED_STATES, type SettleResult, type StationConfig, type StationReport } from './protocol';
import { seededRandom, stationSeed } from './seeded-random';
import { openStationPool } from './station-pool';
import {
  type MergedFieldRow,
  type ServerSnapshot,
  type StoredRow,
  type Verdict,
  verifyConvergence,
} from './verify';

export interface RunSettings {
  readonly seed: number;
  readonly stations: number;
  readonly operations: number;
  /** Server kills (SIGKILL) and restarts during the operations. */
  readonly restarts: number;
  readonly faults: NetworkFaults;
}

/**
 * The accounts the stations sign in as, in turn: clerks of six stations and the approvers of the two departments
 * whose items the clerks accept, so scopes differ and overlap. Beyond a dozen stations accounts repeat: several
 * tablets of one station edit the same cases.
 */
const ACCOUNTS = [
  'clerk-gtzx-wang',
  'clerk-qszx-chen',
  'approver-rsj-liu',
  'clerk-qs01-li',
  'clerk-xszx-zhang',
  'approver-mzj-wu',
  'clerk-ds01-zhou',
  'clerk-dszw-fang',
] as const;

const staff = new Map(demoOrganisation.staff.map((member) => [member.id, member]));
const DELIVERY_STATIONS = ACCOUNTS.flatMap((id) => {
  const stationId = staff.get(id)?.stationId;
  return stationId === undefined ? [] : [stationId];
});

/** The read tag a station's account sees cases by (the server's scope.ts). */
export function scopeTagOf(staffId: string): string {
  const member = staff.get(staffId);
  if (member?.stationId !== undefined && member.role === 'clerk') return `station:${member.stationId}`;
  if (member?.departmentCode !== undefined) return `department:${member.departmentCode}`;
  throw new Error(`no scope for ${staffId}`);
}

const SETTLE_ROUNDS = 8;

export interface RunOutcome extends Verdict {
  /** Why the workflow refused commands on the stations (e.g. the case had moved on), with how often. */
  readonly refusals: Record<string, number>;
  readonly settleRounds: number;
  readonly phasesMs: { readonly open: number; readonly operations: number; readonly settle: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One seed of the convergence test: a real server process on its own SQLite file, `stations` tablets in worker
 * threads doing `operations` each over a faulty network while the server is killed and restarted at points drawn
 * from the seed; then the network heals, everyone syncs until the server stops changing, and the outcome is
 * verified against the server's store.
 */
export async function runConvergence(settings: RunSettings): Promise<RunOutcome> {
  const random = seededRandom(settings.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'jinban-convergence-'));
  const env = {
    DATA_DIR: dataDir,
    DIST_DIR: join(dataDir, 'no-dist'),
    JINBAN_DEMO: '1',
    PASSWORD_ITERATIONS: '1000',
    JINBAN_TOKEN_SECRET: 'convergence-secret-convergence-secret-0123',
    RATE_LIMIT_PER_MINUTE: '10000000',
    LOG_LEVEL: 'warn',
  };
  let server: ServerProcess | undefined = await startServerProcess(env);
  const { port, baseUrl } = server;
  const configs: StationConfig[] = Array.from({ length: settings.stations }, (_, index) => ({
    index,
    baseUrl,
    staffId: ACCOUNTS[index % ACCOUNTS.length]!,
    seed: stationSeed(settings.seed, index),
    faults: settings.faults,
    deliveryStations: DELIVERY_STATIONS,
  }));
  const started = Date.now();
  const pool = await openStationPool(configs);
  const opened = Date.now();
  try {
    const total = settings.stations * settings.operations;
    const restartAt = Array.from({ length: settings.restarts }, () => random.int(1, total - 1)).sort(
      (a, b) => a - b,
    );
    let restarting: Promise<void> = Promise.resolve();
    let restartFailure: unknown;
    pool.onProgress((done) => {
      if (restartAt.length === 0 || done < restartAt[0]!) return;
      restartAt.shift();
      const downMs = random.int(0, 1500);
      restarting = restarting
        .then(async () => {
          await server?.kill();
          server = undefined;
          await sleep(downMs);
          server = await startServerProcess(env, port);
        })
        .catch((error: unknown) => {
          restartFailure ??= error;
        });
    });
    await Promise.all(
      pool.stations.map((station) => station.call({ method: 'run', operations: settings.operations })),
    );
    await restarting;
    if (restartFailure !== undefined) throw restartFailure;
    const ran = Date.now();

    await Promise.all(pool.stations.map((station) => station.call({ method: 'heal' })));
    const admin = await adminClient(baseUrl);
    let lastSeq = await admin.latestSeq();
    let converged = false;
    let rounds = 0;
    let lastSettled: readonly SettleResult[] = [];
    for (; rounds < SETTLE_ROUNDS && !converged; rounds++) {
      const settled = await Promise.all(
        pool.stations.map((station) => station.call<SettleResult>({ method: 'settle' })),
      );
      const seq = await admin.latestSeq();
      lastSettled = settled;
      converged =
        seq === lastSeq &&
        settled.every((result) => result.pendingPushes === 0 && SETTLED_STATES.has(result.state));
      lastSeq = seq;
    }
    const settledAt = Date.now();
    const reports = await Promise.all(
      pool.stations.map((station) => station.call<StationReport>({ method: 'report' })),
    );
    await server?.stop();
    server = undefined;
    const snapshot = await readServer(join(dataDir, 'jinban.sqlite'));
    const verdict = withWireTraces(
      verifyConvergence(snapshot, reports, (report) => scopeTagOf(report.staffId)),
      reports,
    );
    const refusals: Record<string, number> = {};
    for (const report of reports)
      for (const [reason, count] of Object.entries(report.refusals))
        refusals[reason] = (refusals[reason] ?? 0) + count;
    const run: RunOutcome = {
      ...verdict,
      refusals,
      settleRounds: rounds,
      phasesMs: { open: opened - started, operations: ran - opened, settle: settledAt - ran },
    };
    return converged
      ? run
      : {
          ...run,
          problems: [
            `not settled after ${SETTLE_ROUNDS} rounds`,
            ...lastSettled.flatMap((result, index) =>
              SETTLED_STATES.has(result.state) && result.pendingPushes === 0
                ? []
                : [`station ${index} stuck: ${JSON.stringify(result)}`],
            ),
            ...verdict.problems,
          ],
        };
  } finally {
    await pool.close();
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Each problem about a document is followed by what every station sent and received for it, in time order: the
 * station that differs, and the others whose writes the server holds.
 */
function withWireTraces(verdict: Verdict, reports: readonly StationReport[]): Verdict {
  const problems = verdict.problems.flatMap((problem) => {
    const id = / (?:cases|case_events) (\S+) /.exec(problem)?.[1];
    if (id === undefined) return [problem];
    const lines = reports
      .flatMap((report) => (report.wire[id] ?? []).map((line) => `${line} [station ${report.index}]`))
      .sort();
    return [problem, ...lines.map((line) => `    ${line}`)];
  });
  return { ...verdict, problems };
}

/** The administrator's view over HTTP, for the highest seq while the server runs. */
async function adminClient(baseUrl: string) {
  const signIn = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId: 'admin-lin', password: DEMO_PASSWORD }),
  });
  if (!signIn.ok) throw new Error(`admin sign-in failed: ${signIn.status}`);
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const seqs = new Map<string, number>();
  const pullAll = async (collection: string): Promise<number> => {
    let seq = seqs.get(collection) ?? 0;
    for (;;) {
      const response = await fetch(`${baseUrl}/api/replication/${collection}/pull?seq=${seq}&limit=500`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      if (!response.ok) throw new Error(`admin pull of ${collection} failed: ${response.status}`);
      const page = (await response.json()) as { documents: unknown[]; checkpoint: { seq: number } };
      seq = page.checkpoint.seq;
      if (page.documents.length < 500) break;
    }
    seqs.set(collection, seq);
    return seq;
  };
  return {
    latestSeq: async () => Math.max(await pullAll('cases'), await pullAll('case_events')),
  };
}

async function readServer(file: string): Promise<ServerSnapshot> {
  const store = SqliteStore.open(file);
  try {
    const all = async (collection: string): Promise<StoredRow[]> => {
      const rows: StoredDocument[] = [];
      let seq = 0;
      for (;;) {
        const page = await store.pull(collection, { all: true }, seq, 1000);
        rows.push(...page.documents);
        if (page.documents.length < 1000) break;
        seq = page.checkpointSeq;
      }
      return rows.map((row) => ({
        id: row.id,
        seq: row.seq,
        tags: row.tags,
        document: row.document as Record<string, unknown>,
      }));
    };
    const cases = await all('cases');
    const events = await all('case_events');
    const conflicts = (await store.listConflicts({})).map((conflict) => ({
      documentId: conflict.documentId,
      ours: conflict.ours as Record<string, unknown>,
      theirs: conflict.theirs as Record<string, unknown>,
    }));
    let automaticMerges = 0;
    const mergedFields: MergedFieldRow[] = [];
    for (const row of cases) {
      const merges = await store.listAutomaticMerges('cases', row.id);
      automaticMerges += merges.length;
      for (const field of merges.flatMap((merge) => merge.fields)) {
        mergedFields.push({
          documentId: row.id,
          path: field.path,
          theirs: field.theirs,
          merged: field.merged,
        });
      }
    }
    return { cases, events, conflicts, automaticMerges, mergedFields };
  } finally {
    await store.close();
  }
}
