import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../replication-server/src/store/migrations';
import { PostgresStore } from '../../replication-server/src/store/postgres/postgres-store';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import { TEST_DATABASE_URL } from '../contract/store-factories';

const doc = { newDocumentState: { id: 'a', _deleted: false } };
const keepAll = { decide: () => ({ ok: true as const, tags: [] }) };

describe('migrations', () => {
  it('ships the same numbered migrations for both databases', () => {
    const names = (dialect: 'sqlite' | 'postgres') => loadMigrations(dialect).map((m) => m.name);
    expect(names('sqlite')).toEqual(names('postgres'));
    expect(loadMigrations('sqlite').map((m) => m.version)).toEqual([1, 2, 3, 4]);
  });

  it('records applied SQLite migrations and applies none twice when the file is reopened', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'jinban-migrations-'));
    const file = join(directory, 'jinban.sqlite');
    try {
      const first = SqliteStore.open(file);
      await first.push('things', [doc], keepAll);
      await first.close();
      const second = SqliteStore.open(file);
      expect(await second.countDocuments('things')).toBe(1);
      await second.close();

      const db = new Database(file, { readonly: true });
      expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
        { version: 1, name: '001-documents.sql' },
        { version: 2, name: '002-auth.sql' },
        { version: 3, name: '003-conflicts.sql' },
        { version: 4, name: '004-attachments.sql' },
      ]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('records applied Postgres migrations and applies none twice when reopened', async () => {
    const schema = `jb_test_${randomBytes(6).toString('hex')}`;
    try {
      const first = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      await first.push('things', [doc], keepAll);
      await first.close();
      const second = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
      expect(await second.countDocuments('things')).toBe(1);
      await second.close();

      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      const { rows } = await client.query(
        `SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`,
      );
      await client.end();
      expect(rows).toEqual([
        { version: 1, name: '001-documents.sql' },
        { version: 2, name: '002-auth.sql' },
        { version: 3, name: '003-conflicts.sql' },
        { version: 4, name: '004-attachments.sql' },
      ]);
    } finally {
      await PostgresStore.dropSchema(TEST_DATABASE_URL, schema);
    }
  });
});
