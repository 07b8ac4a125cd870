import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAccounts } from '../../replication-server/src/auth/demo-accounts';
import { seedDemoReferenceData } from '../../replication-server/src/replication/demo-data';
import { PostgresStore } from '../../replication-server/src/store/postgres/postgres-store';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import type { PushPolicy, Scope, Store, StoredDocument } from '../../replication-server/src/store/store';
import { TEST_DATABASE_URL } from '../contract/store-factories';
import { type CliRun, runCli } from './run-cli';

/** Tags a document with its station; children (parentId) inherit their parent's tags, as case events do. */
const stationPolicy: PushPolicy = {
  parentOf: (document) =>
    typeof document['parentId'] === 'string'
      ? { collection: 'parents', id: document['parentId'] }
      : undefined,
  decide: ({ row, parent }) =>
    typeof row.newDocumentState['parentId'] === 'string'
      ? { ok: true, tags: parent?.tags ?? [] }
      : { ok: true, tags: [`station:${String(row.newDocumentState['station'])}`] },
};

const runMigration = (...args: string[]): Promise<CliRun> => runCli('sqlite-to-postgres.ts', args);

/** Every page a client would pull with this page size, and the checkpoint after each. */
async function pullPages(store: Store, collection: string, scope: Scope, limit: number) {
  const pages: { documents: readonly StoredDocument[]; checkpointSeq: number }[] = [];
  let seq = 0;
  for (;;) {
    const page = await store.pull(collection, scope, seq, limit);
    pages.push(page);
    if (page.documents.length === 0) return pages;
    seq = page.checkpointSeq;
  }
}

/** A table's rows in a form both databases agree on: integers as numbers, booleans as 0/1, sorted. */
function normalised(rows: readonly Record<string, unknown>[]): string[] {
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([column, value]) => {
              if (typeof value === 'boolean') return [column, value ? 1 : 0];
              if (typeof value === 'string' && /^-?\d+$/.test(value)) return [column, Number(value)];
              return [column, value];
            }),
        ),
      ),
    )
    .sort();
}

describe('moving a county from SQLite to PostgreSQL (npm run migrate:sqlite-to-postgres)', () => {
  const schema = `jb_move_${randomBytes(6).toString('hex')}`;
  const directory = mkdtempSync(join(tmpdir(), 'jinban-move-'));
  const file = join(directory, 'jinban.sqlite');
  let sqlite: SqliteStore;
  let postgres: PostgresStore;
  let migration: CliRun;

  beforeAll(async () => {
    sqlite = SqliteStore.open(file);
    await seedDemoAccounts(sqlite, 1000);
    await seedDemoReferenceData(sqlite);
    for (let index = 0; index < 40; index += 1) {
      const station = ['ST01', 'ST02', 'ST03'][index % 3]!;
      await sqlite.push(
        'parents',
        [{ newDocumentState: { id: `parent-${index}`, station, title: `办件 ${index}`, _deleted: false } }],
        stationPolicy,
      );
      await sqlite.push(
        'children',
        [{ newDocumentState: { id: `child-${index}`, parentId: `parent-${index}`, _deleted: false } }],
        stationPolicy,
      );
    }
    // Moving parents to another station re-stamps their children with new seqs; a deletion is a tombstone.
    for (let index = 0; index < 10; index += 1) {
      const before = {
        id: `parent-${index}`,
        station: ['ST01', 'ST02', 'ST03'][index % 3]!,
        title: `办件 ${index}`,
      };
      await sqlite.push(
        'parents',
        [
          {
            assumedMasterState: { ...before, _deleted: false },
            newDocumentState: { ...before, station: 'ST04', _deleted: index === 9 },
          },
        ],
        stationPolicy,
      );
    }
    await sqlite.createSession({
      sessionId: 'session-1',
      staffId: 'clerk-gtzx-wang',
      refreshTokenHash: 'hash-1',
      expiresAt: 1_900_000_000_000,
    });
    await sqlite.recordAccessToken({
      jti: 'jti-1',
      sessionId: 'session-1',
      staffId: 'clerk-gtzx-wang',
      expiresAt: 1_800_000_000_000,
    });
    await sqlite.createSession({
      sessionId: 'session-2',
      staffId: 'clerk-qszx-chen',
      refreshTokenHash: 'hash-2',
      expiresAt: 1_900_000_000_000,
    });
    await sqlite.revokeSession('session-2');

    migration = await runMigration('--from', file, '--to', TEST_DATABASE_URL, '--schema', schema);
    postgres = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema, maxConnections: 2 });
  }, 60_000);

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await PostgresStore.dropSchema(TEST_DATABASE_URL, schema);
    rmSync(directory, { recursive: true, force: true });
  });

  it('completes', () => {
    expect(migration.code, migration.output).toBe(0);
  });

  it.each([
    { collection: 'parents', scope: { all: true } as Scope },
    { collection: 'children', scope: { all: true } as Scope },
    { collection: 'parents', scope: { tags: ['station:ST04'] } as Scope },
    { collection: 'children', scope: { tags: ['station:ST01', 'station:ST04'] } as Scope },
    { collection: 'catalogs', scope: { all: true } as Scope },
  ])(
    'serves $collection ($scope) in the same order with the same checkpoints',
    async ({ collection, scope }) => {
      const fromSqlite = await pullPages(sqlite, collection, scope, 7);
      expect(fromSqlite.flatMap((page) => page.documents).length).toBeGreaterThan(0);
      expect(await pullPages(postgres, collection, scope, 7)).toEqual(fromSqlite);
    },
  );

  it('copies every table row for row', async () => {
    const source = new Database(file, { readonly: true });
    const target = new pg.Client({
      connectionString: TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    await target.connect();
    try {
      const tables = source
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
        )
        .all()
        .map((row) => row.name);
      expect(tables).toEqual(expect.arrayContaining(['documents', 'accounts', 'sessions', 'access_tokens']));
      for (const table of tables) {
        const sourceRows = source.prepare<[], Record<string, unknown>>(`SELECT * FROM "${table}"`).all();
        const { rows: targetRows } = await target.query<Record<string, unknown>>(`SELECT * FROM "${table}"`);
        expect(normalised(targetRows), table).toEqual(normalised(sourceRows));
      }
    } finally {
      source.close();
      await target.end();
    }
  });

  it('keeps accounts, sessions and revocations working', async () => {
    expect(await postgres.getAccount('clerk-gtzx-wang')).toEqual(await sqlite.getAccount('clerk-gtzx-wang'));
    expect(await postgres.getSession('session-1')).toEqual(await sqlite.getSession('session-1'));
    expect(await postgres.isAccessTokenRevoked('jti-1')).toBe(false);
    expect((await postgres.getSession('session-2'))?.revoked).toBe(true);
  });

  it('hands out seqs after the copied ones, so clients keep pulling from their checkpoints', async () => {
    const latest = await sqlite.latestSeq();
    const result = await postgres.push(
      'parents',
      [{ newDocumentState: { id: 'parent-new', station: 'ST01', title: '新办件', _deleted: false } }],
      stationPolicy,
    );
    expect(result.written.map((stored) => stored.seq)).toEqual([latest + 1]);
  });

  it('refuses to copy into a target that already holds data', async () => {
    const countBefore = await postgres.countDocuments('parents');
    const again = await runMigration('--from', file, '--to', TEST_DATABASE_URL, '--schema', schema);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain('not empty');
    expect(await postgres.countDocuments('parents')).toBe(countBefore);
  }, 30_000);
});
