import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresStore } from '../../replication-server/src/store/postgres/postgres-store';
import { TEST_DATABASE_URL } from '../contract/store-factories';
import { type ServerProcess, startServerProcess } from '../server/server-process';

/**
 * The sync server as the benchmarks run it: real processes on SQLite (one instance, the embedded default) or on the
 * PostgreSQL of this machine (one or more instances sharing a schema made for the run and dropped afterwards).
 */

export type Backend = 'sqlite' | 'postgres';

export interface Deployment {
  /** e.g. "postgres ×2". */
  readonly label: string;
  readonly backend: Backend;
  readonly instances: readonly ServerProcess[];
  /** What the database holds for the cases collection: documents, and bytes on disk per case (tables and indexes). */
  storage(): Promise<StoredCases>;
  close(): Promise<void>;
}

export interface StoredCases {
  readonly cases: number;
  /** Mean length of a stored case body (JSON text). */
  readonly meanBodyBytes: number;
  /** Every table and index of the database, divided by the cases; reference data is a rounding error at 10k+. */
  readonly diskBytesPerCase: number;
}

/**
 * Settings of the run, not of production: fast password hashes (sign-in is not measured), tokens that outlive the
 * run (so streams stay open), and a request limit per session high enough that 10,000 cases from one tablet in
 * seconds are not throttled; the limit's bookkeeping still runs. Logging stays at the production default (info).
 */
const BENCH_ENV: Readonly<Record<string, string>> = {
  JINBAN_DEMO: '1',
  PASSWORD_ITERATIONS: '1000',
  JINBAN_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  ACCESS_TOKEN_TTL_SECONDS: '7200',
  RATE_LIMIT_PER_MINUTE: '1000000',
};

/** Starts `instances` server processes on `backend`, the first alone so that it seeds the demo county. */
export async function startDeployment(
  backend: Backend,
  instances: number,
  env: Readonly<Record<string, string>> = {},
): Promise<Deployment> {
  if (backend === 'sqlite' && instances !== 1) throw new RangeError('SQLite runs exactly one instance');
  // On the same disk as the project, not a tmpfs: SQLite's fsync is part of every push.
  const dataDir = await mkdtemp(join(tmpdir(), 'jinban-bench-server-'));
  const schema = `jb_bench_${randomBytes(6).toString('hex')}`;
  const processEnv = {
    ...BENCH_ENV,
    DATA_DIR: dataDir,
    DIST_DIR: join(dataDir, 'no-dist'),
    ...(backend === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}),
    ...env,
  };
  const started: ServerProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((instance) => instance.stop()));
    if (backend === 'postgres') await PostgresStore.dropSchema(TEST_DATABASE_URL, schema);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < instances; index++) started.push(await startServerProcess(processEnv));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    label: `${backend} ×${instances}`,
    backend,
    instances: started,
    storage: () =>
      backend === 'postgres' ? postgresStorage(schema) : sqliteStorage(join(dataDir, 'jinban.sqlite')),
    close,
  };
}

/** The database as a reader sees it, WAL included: its pages in use, not the files' sizes. */
async function sqliteStorage(file: string): Promise<StoredCases> {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT count(*) AS cases, coalesce(avg(length(CAST(body AS BLOB))), 0) AS meanBody,
           (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())
             AS pages,
           (SELECT page_size FROM pragma_page_size()) AS pageSize
         FROM documents WHERE collection = 'cases'`,
      )
      .get() as { cases: number; meanBody: number; pages: number; pageSize: number };
    return {
      cases: row.cases,
      meanBodyBytes: row.meanBody,
      diskBytesPerCase: (row.pages * row.pageSize) / Math.max(row.cases, 1),
    };
  } finally {
    db.close();
  }
}

async function postgresStorage(schema: string): Promise<StoredCases> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ cases: string; mean_body: string; bytes: string }>(
      `SELECT
         (SELECT count(*) FROM ${schema}.documents WHERE collection = 'cases') AS cases,
         (SELECT coalesce(avg(octet_length(body)), 0) FROM ${schema}.documents WHERE collection = 'cases') AS mean_body,
         (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r') AS bytes`,
      [schema],
    );
    const row = rows[0]!;
    const cases = Number(row.cases);
    return {
      cases,
      meanBodyBytes: Number(row.mean_body),
      diskBytesPerCase: Number(row.bytes) / Math.max(cases, 1),
    };
  } finally {
    await client.end();
  }
}
