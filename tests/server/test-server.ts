import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { seedDemoAccounts } from '../../replication-server/src/auth/demo-accounts';
import { loadConfig, type ServerConfig } from '../../replication-server/src/config';
import { buildServer } from '../../replication-server/src/http/app';
import { seedDemoReferenceData } from '../../replication-server/src/replication/demo-data';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import type { ReplicatedDocument, Store } from '../../replication-server/src/store/store';
import type { Case, CaseEvent } from '../../src/domain/case/case.schema';
import { DEMO_PASSWORD } from './demo-password';

export { DEMO_PASSWORD };

export interface TestServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly logLines: string[];
  /** Moves the token clock forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** The real server over an in-memory SQLite store seeded with the demo county. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config: ServerConfig = loadConfig({
    DATA_DIR: '/nonexistent-jinban-data',
    DIST_DIR: '/nonexistent-jinban-dist',
    JINBAN_TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123',
    PASSWORD_ITERATIONS: '1000',
    LOG_LEVEL: 'info',
    ...env,
  });
  const store = SqliteStore.open(':memory:');
  await seedDemoAccounts(store, config.passwordIterations);
  await seedDemoReferenceData(store);
  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  let offset = 0;
  const app = await buildServer({ config, store, logDestination, now: () => Date.now() + offset });
  return {
    app,
    store,
    logLines,
    advanceClock: (ms) => {
      offset += ms;
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly jti: string;
  readonly body: Record<string, unknown>;
}

export async function signIn(
  app: FastifyInstance,
  staffId: string,
  password = DEMO_PASSWORD,
): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { staffId, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${staffId} failed: ${response.body}`);
  const body = response.json() as { accessToken: string; refreshToken: string };
  const payload = JSON.parse(Buffer.from(body.accessToken.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
  };
  return { accessToken: body.accessToken, refreshToken: body.refreshToken, jti: payload.jti, body };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function pull(
  app: FastifyInstance,
  token: string | undefined,
  collection: string,
  seq = 0,
  limit?: number,
): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams({
    seq: String(seq),
    ...(limit === undefined ? {} : { limit: String(limit) }),
  });
  return app.inject({
    method: 'GET',
    url: `/api/replication/${collection}/pull?${query}`,
    headers: token === undefined ? {} : bearer(token),
  });
}

export function push(
  app: FastifyInstance,
  token: string | undefined,
  collection: string,
  rows: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `/api/replication/${collection}/push`,
    headers: token === undefined ? {} : bearer(token),
    payload: rows as object,
  });
}

export const ID_NUMBER = '330921199003070018';

/** A case accepted at GTZX, handled by 人社局 (rsj), delivered at QSZX. */
export function caseDoc(overrides: Partial<Case> = {}): Case & ReplicatedDocument {
  return {
    id: 'case-1',
    status: 'draft',
    itemCode: 'RS-003',
    catalogVersion: 1,
    channel: 'window',
    acceptedAtStation: 'GTZX',
    handlingDepartment: 'rsj',
    deliveryStation: 'QSZX',
    applicant: { name: '张三', idType: 'resident-id', idNumber: ID_NUMBER },
    form: {},
    materials: [],
    trips: [],
    clockStops: [],
    createdAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-02T08:00:00.000Z',
    _deleted: false,
    ...overrides,
  };
}

export function eventDoc(overrides: Partial<CaseEvent> = {}): CaseEvent & ReplicatedDocument {
  return {
    id: 'event-1',
    caseId: 'case-1',
    type: 'case.accepted',
    fromStatus: 'draft',
    toStatus: 'accepted',
    at: '2026-03-02T08:05:00.000Z',
    actorId: 'clerk-gtzx-wang',
    actorName: '王海燕',
    actorRole: 'clerk',
    deviceId: 'tablet-1',
    stationId: 'GTZX',
    _deleted: false,
    ...overrides,
  };
}

export const insert = (document: ReplicatedDocument) => ({ newDocumentState: document });
export const update = (assumed: ReplicatedDocument, next: ReplicatedDocument) => ({
  assumedMasterState: assumed,
  newDocumentState: next,
});
