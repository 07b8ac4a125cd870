import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/;

/** The numbered SQL files of one dialect (replication-server/migrations/<dialect>/NNN-name.sql), in order. */
export function loadMigrations(dialect: 'sqlite' | 'postgres'): readonly Migration[] {
  const directory = fileURLToPath(new URL(`../../migrations/${dialect}/`, import.meta.url));
  return readdirSync(directory)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(`${directory}${file}`, 'utf8'),
    }));
}
