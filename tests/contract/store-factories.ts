import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../replication-server/src/store/postgres/postgres-store';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import type { Store } from '../../replication-server/src/store/store';

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty store and the function that closes it and throws its data away. */
export interface OpenedStore {
  readonly store: Store;
  dispose(): Promise<void>;
}

export interface StoreFactory {
  readonly name: string;
  open(): Promise<OpenedStore>;
}

/** SQLite in a temporary file, so WAL mode is real. */
export const sqliteFactory: StoreFactory = {
  name: 'sqlite',
  async open() {
    const directory = mkdtempSync(join(tmpdir(), 'jinban-store-'));
    const store = SqliteStore.open(join(directory, 'jinban.sqlite'));
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  },
};

/** Postgres in a schema of its own, dropped afterwards. */
export const postgresFactory: StoreFactory = {
  name: 'postgres',
  async open() {
    const schema = `jb_test_${randomBytes(6).toString('hex')}`;
    const store = await PostgresStore.open({
      connectionString: TEST_DATABASE_URL,
      schema,
      maxConnections: 8,
    });
    return {
      store,
      async dispose() {
        await store.close();
        await PostgresStore.dropSchema(TEST_DATABASE_URL, schema);
      },
    };
  },
};

export const STORE_FACTORIES: readonly StoreFactory[] = [sqliteFactory, postgresFactory];
