/**
 * Online backup of the SQLite database while the server runs:
 *
 *   npm run backup:sqlite -- <target-file> [--from <database-file>]
 *
 * `--from` defaults to `<DATA_DIR>/jinban.sqlite`. The copy is one consistent snapshot: SQLite's backup API copies
 * every page in a single step inside one read transaction, and in WAL mode a reader never blocks the server's
 * writers. (Copied in small steps, every write by the server would restart the backup.) The copy is written next to
 * the target, checked with `PRAGMA integrity_check` and only then renamed into place.
 *
 * Restore: stop the server, delete `jinban.sqlite-wal` and `jinban.sqlite-shm` in DATA_DIR, copy the backup over
 * `jinban.sqlite`, start the server. What this means for tablets that synced after the backup: docs/deploy.md.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../config';

// better-sqlite3's upper bound for pages per step: the whole database in one step.
const ALL_PAGES = 0x7fffffff;

async function backup(source: string, target: string): Promise<number> {
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const database = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await database.backup(partial, { progress: () => ALL_PAGES });
    const copy = new Database(partial, { readonly: true });
    try {
      const verdict = copy.pragma('integrity_check', { simple: true });
      if (verdict !== 'ok') throw new Error(`integrity check of the copy failed: ${String(verdict)}`);
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    return totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }
}

const { values, positionals } = parseArgs({
  options: { from: { type: 'string' } },
  allowPositionals: true,
});
const target = positionals[0];
if (!target || positionals.length > 1) {
  process.stderr.write(
    '用法 / usage: npm run backup:sqlite -- <备份文件 target-file> [--from <数据库文件 database-file>]\n',
  );
  process.exit(2);
}
const source = values.from ?? join(loadConfig().dataDir, 'jinban.sqlite');
if (!existsSync(source)) {
  process.stderr.write(`找不到数据库 / database not found: ${source}\n`);
  process.exit(1);
}
try {
  const pages = await backup(source, target);
  process.stdout.write(`已备份 / backed up ${source} → ${target} (${pages} pages)\n`);
} catch (error) {
  process.stderr.write(`备份失败 / backup failed: ${(error as Error).message}\n`);
  process.exit(1);
}
