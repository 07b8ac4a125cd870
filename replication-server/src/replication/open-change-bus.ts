import type { BaseLogger } from 'pino';
import type { ServerConfig } from '../config';
import { type ChangeBus, ChangeFeed } from './change-feed';
import { PostgresChangeBus } from './postgres-change-bus';

/** LISTEN/NOTIFY when the store is PostgreSQL (many instances may share it), the in-process feed with SQLite. */
export function openChangeBus(
  config: ServerConfig,
  logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>,
): Promise<ChangeBus> {
  if (config.databaseUrl === undefined) return Promise.resolve(new ChangeFeed());
  return PostgresChangeBus.open({
    connectionString: config.databaseUrl,
    ...(config.databaseSchema === undefined ? {} : { schema: config.databaseSchema }),
    logger,
  });
}
