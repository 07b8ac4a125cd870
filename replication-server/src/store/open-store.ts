import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerConfig } from '../config';
import { PostgresStore } from './postgres/postgres-store';
import { SqliteStore } from './sqlite/sqlite-store';
import type { Store } from './store';

/** Postgres when DATABASE_URL is set, SQLite under the data folder otherwise. */
export async function openStore(config: ServerConfig): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    return PostgresStore.open({
      connectionString: config.databaseUrl,
      ...(config.databaseSchema === undefined ? {} : { schema: config.databaseSchema }),
      maxConnections: config.databasePoolSize,
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteStore.open(join(config.dataDir, 'jinban.sqlite'));
}
