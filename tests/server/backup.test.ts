import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../replication-server/src/store/sqlite/sqlite-store';
import type { PushPolicy, StoredDocument } from '../../replication-server/src/store/store';
import { type CliRun, runCli } from './run-cli';

const acceptAll: PushPolicy = { decide: () => ({ ok: true, tags: ['station:GTZX'] }) };

// Some bulk, so the database spans many pages and the server writes while they are copied.
const note = '窗口受理，材料齐全。'.repeat(40);

const runBackup = (...args: string[]): Promise<CliRun> => runCli('backup-sqlite.ts', args);

interface BackedUpRow {
  id: string;
  seq: number;
  body: string;
}

describe('online SQLite backup (npm run backup:sqlite)', () => {
  let directory: string;
  let source: string;
  let store: SqliteStore;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'jinban-backup-'));
    source = join(directory, 'jinban.sqlite');
    store = SqliteStore.open(source);
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('copies a consistent snapshot holding every committed row while the server keeps writing', async () => {
    const committed: StoredDocument[] = [];
    const write = async (index: number) => {
      const result = await store.push(
        'cases',
        [{ newDocumentState: { id: `case-${index}`, note, index, _deleted: false } }],
        acceptAll,
      );
      committed.push(...result.written);
    };
    for (let index = 0; index < 500; index += 1) await write(index);
    const committedBeforeBackup = committed.length;

    const target = join(directory, 'backup.sqlite');
    let backupDone = false;
    const backup = runBackup(target, '--from', source).finally(() => {
      backupDone = true;
    });
    let index = committedBeforeBackup;
    while (!backupDone) {
      await write(index++);
      // Store calls resolve without I/O; let the event loop see the backup process exit.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const { code, output } = await backup;
    expect(code, output).toBe(0);
    expect(index).toBeGreaterThan(committedBeforeBackup);

    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = copy
        .prepare<[], BackedUpRow>(
          "SELECT id, seq, body FROM documents WHERE collection = 'cases' ORDER BY seq",
        )
        .all();
      // Every row committed before the backup began, and a gap-free prefix of the writes made during it.
      expect(rows.length).toBeGreaterThanOrEqual(committedBeforeBackup);
      expect(rows.map((row) => row.seq)).toEqual(committed.slice(0, rows.length).map((stored) => stored.seq));
      expect(rows.map((row) => JSON.parse(row.body))).toEqual(
        committed.slice(0, rows.length).map(({ document: { _deleted, ...fields } }) => fields),
      );
    } finally {
      copy.close();
    }
  }, 60_000);

  it('opens as a working store', async () => {
    await store.push('cases', [{ newDocumentState: { id: 'case-1', note, _deleted: false } }], acceptAll);
    const target = join(directory, 'restored.sqlite');
    expect((await runBackup(target, '--from', source)).code).toBe(0);

    const restored = SqliteStore.open(target);
    try {
      const page = await restored.pull('cases', { tags: ['station:GTZX'] }, 0, 10);
      expect(page.documents.map((stored) => stored.id)).toEqual(['case-1']);
      expect(await restored.latestSeq()).toBe(await store.latestSeq());
    } finally {
      await restored.close();
    }
  }, 30_000);

  it('refuses to run without a target file', async () => {
    const { code, output } = await runBackup('--from', source);
    expect(code).not.toBe(0);
    expect(output).toContain('usage');
  }, 30_000);
});
