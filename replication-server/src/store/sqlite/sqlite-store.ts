import Database from 'better-sqlite3';
import {
  type AccountRow,
  accountValues,
  type SessionRow,
  toAccount,
  toSession,
  upsertAccountSql,
} from '../auth-rows';
import {
  type AuditRow,
  type AutomaticMergeRow,
  auditValues,
  type ConflictRow,
  conflictValues,
  type DigestCheckRow,
  digestCheckValues,
  insertAuditSql,
  insertConflictSql,
  insertMergeSql,
  listConflictsSql,
  mergeValues,
  resolutionValues,
  type SightingRow,
  saveResolutionSql,
  sightingValues,
  toAuditEntry,
  toAutomaticMerge,
  toConflict,
  toDeviceStatus,
  toDigestCheck,
  upsertDigestCheckSql,
  upsertSightingSql,
} from '../conflict-rows';
import { loadMigrations } from '../migrations';
import { applyPush, documentBody, documentFromBody, type PushTransaction, unknownOrigin } from '../push-rows';
import { applyResolution } from '../resolve-conflict';
import { SerialQueue } from '../serial-queue';
import type {
  AccessTokenRecord,
  Account,
  AdminAuditEntry,
  AutomaticMergeRecord,
  ConflictFilter,
  ConflictRecord,
  ConflictResolver,
  DeviceSighting,
  DigestCheck,
  DocumentRef,
  PullResult,
  PushOrigin,
  PushPolicy,
  PushResult,
  PushRow,
  ResolveOutcome,
  Scope,
  Session,
  Store,
  StoredDocument,
  SyncMonitorData,
} from '../store';
import { SqliteAttachments } from './sqlite-attachments';

const question = () => '?';

interface DocumentRow {
  collection: string;
  id: string;
  seq: number;
  deleted: number;
  body: string;
  tags: string;
}

const toStored = (row: DocumentRow): StoredDocument => ({
  collection: row.collection,
  id: row.id,
  seq: row.seq,
  document: documentFromBody(row.body, row.deleted === 1),
  tags: JSON.parse(row.tags) as string[],
});

/**
 * better-sqlite3 adapter. One connection; a push runs between BEGIN IMMEDIATE and COMMIT, and every store call goes
 * through one queue so no other call reads that transaction's uncommitted rows while the push awaits its rules.
 */
export class SqliteStore implements Store {
  private readonly _queue = new SerialQueue();
  readonly attachments = new SqliteAttachments(this._db, this._queue);

  private constructor(private readonly _db: Database.Database) {}

  /** `file` is a path or ':memory:'. Applies pending migrations before returning. */
  static open(file: string): SqliteStore {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return new SqliteStore(db);
  }

  pull(collection: string, scope: Scope, afterSeq: number, limit: number): Promise<PullResult> {
    return this._queue.run(async () => {
      const rows = scope.all
        ? this._statement<[string, number, number], DocumentRow>(
            'SELECT * FROM documents WHERE collection = ? AND seq > ? ORDER BY seq LIMIT ?',
          ).all(collection, afterSeq, limit)
        : this._statement<[string, number, string, number], DocumentRow>(
            `SELECT d.* FROM documents d WHERE d.collection = ? AND d.seq > ? AND EXISTS (
                 SELECT 1 FROM document_tags t, json_each(?) wanted
                 WHERE t.collection = d.collection AND t.id = d.id AND t.tag = wanted.value)
               ORDER BY d.seq LIMIT ?`,
          ).all(collection, afterSeq, JSON.stringify(scope.tags), limit);
      const documents = rows.map(toStored);
      return { documents, checkpointSeq: documents.at(-1)?.seq ?? afterSeq };
    });
  }

  push(
    collection: string,
    rows: readonly PushRow[],
    policy: PushPolicy,
    origin: PushOrigin = unknownOrigin(),
  ): Promise<PushResult> {
    return this._inWriteTransaction((tx) => applyPush(tx, collection, rows, policy, origin));
  }

  resolveConflict(id: string, resolver: ConflictResolver): Promise<ResolveOutcome> {
    return this._inWriteTransaction((tx) => applyResolution(tx, id, resolver));
  }

  private _inWriteTransaction<T>(work: (tx: PushTransaction) => Promise<T>): Promise<T> {
    return this._queue.run(async () => {
      this._db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this._transaction());
        this._db.exec('COMMIT');
        return result;
      } catch (error) {
        this._db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  listConflicts(filter: ConflictFilter): Promise<readonly ConflictRecord[]> {
    return this._queue.run(async () => {
      const { sql, values } = listConflictsSql(
        filter,
        question,
        (parameter) => `EXISTS (SELECT 1 FROM json_each(conflicts.stations) s WHERE s.value = ${parameter})`,
      );
      return this._db
        .prepare<unknown[], ConflictRow>(sql)
        .all(...values)
        .map(toConflict);
    });
  }

  getConflict(id: string): Promise<ConflictRecord | undefined> {
    return this._queue.run(async () => this._getConflict(id));
  }

  private _getConflict(id: string): ConflictRecord | undefined {
    const row = this._db.prepare<[string], ConflictRow>('SELECT * FROM conflicts WHERE id = ?').get(id);
    return row === undefined ? undefined : toConflict(row);
  }

  listAutomaticMerges(collection: string, documentId: string): Promise<readonly AutomaticMergeRecord[]> {
    return this._queue.run(async () =>
      this._db
        .prepare<[string, string], AutomaticMergeRow>(
          'SELECT * FROM automatic_merges WHERE collection = ? AND document_id = ? ORDER BY id',
        )
        .all(collection, documentId)
        .map(toAutomaticMerge),
    );
  }

  listAdminAudit(limit: number): Promise<readonly AdminAuditEntry[]> {
    return this._queue.run(async () =>
      this._db
        .prepare<[number], AuditRow>('SELECT * FROM admin_audit ORDER BY at DESC, id LIMIT ?')
        .all(limit)
        .map(toAuditEntry),
    );
  }

  recordSighting(sighting: DeviceSighting): Promise<void> {
    return this._queue.run(async () => {
      this._statement(upsertSightingSql(question)).run(...sightingValues(sighting));
    });
  }

  recordDigestCheck(check: DigestCheck): Promise<void> {
    return this._queue.run(async () => {
      this._db
        .prepare(upsertDigestCheckSql(question))
        .run(...digestCheckValues(check, check.matched ? 1 : 0));
    });
  }

  syncMonitor(): Promise<SyncMonitorData> {
    return this._queue.run(async () => ({
      devices: this._db
        .prepare<[], SightingRow>('SELECT * FROM device_sightings ORDER BY last_seen_at DESC, device_id')
        .all()
        .map(toDeviceStatus),
      digestMismatches: this._db
        .prepare<[], DigestCheckRow>('SELECT * FROM digest_checks WHERE matched = 0 ORDER BY at DESC')
        .all()
        .map(toDigestCheck),
      openConflictStations: this._db
        .prepare<[], { stations: string }>("SELECT stations FROM conflicts WHERE status = 'open'")
        .all()
        .map((row) => JSON.parse(row.stations) as string[]),
    }));
  }

  /**
   * Statements compiled once per connection: a push of 200 cases runs each of these per row, and compiling costs
   * about as much as running them.
   */
  private readonly _statement = (() => {
    const cache = new Map<string, Database.Statement>();
    return <Params extends unknown[] = unknown[], Row = unknown>(
      sql: string,
    ): Database.Statement<Params, Row> => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = this._db.prepare(sql);
        cache.set(sql, statement);
      }
      return statement as Database.Statement<Params, Row>;
    };
  })();

  private _transaction(): PushTransaction {
    const statement = this._statement;
    // Only this transaction writes (BEGIN IMMEDIATE, one queue): the highest seq is read once, then counted on.
    let lastSeq: number | undefined;
    return {
      get: async (collection, id) => {
        const row = statement<[string, string], DocumentRow>(
          'SELECT * FROM documents WHERE collection = ? AND id = ?',
        ).get(collection, id);
        return row === undefined ? undefined : toStored(row);
      },
      childrenOf: async (parent: DocumentRef) =>
        statement<[string, string], DocumentRow>(
          'SELECT * FROM documents WHERE parent_collection = ? AND parent_id = ? ORDER BY seq',
        )
          .all(parent.collection, parent.id)
          .map(toStored),
      nextSeq: async () => {
        lastSeq ??= statement<[], { seq: number }>(
          'SELECT COALESCE(MAX(seq), 0) AS seq FROM documents',
        ).get()!.seq;
        lastSeq += 1;
        return lastSeq;
      },
      write: async (document, parent) => {
        const { body, deleted } = documentBody(document.document);
        statement(
          `INSERT INTO documents (collection, id, seq, deleted, body, tags, parent_collection, parent_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted,
             body = excluded.body, tags = excluded.tags, parent_collection = excluded.parent_collection,
             parent_id = excluded.parent_id`,
        ).run(
          document.collection,
          document.id,
          document.seq,
          deleted ? 1 : 0,
          body,
          JSON.stringify(document.tags),
          parent?.collection ?? null,
          parent?.id ?? null,
        );
        statement('DELETE FROM document_tags WHERE collection = ? AND id = ?').run(
          document.collection,
          document.id,
        );
        const insertTag = statement('INSERT INTO document_tags (collection, id, tag) VALUES (?, ?, ?)');
        for (const tag of document.tags) insertTag.run(document.collection, document.id, tag);
      },
      recordMerge: async (merge) => {
        statement(insertMergeSql(question)).run(...mergeValues(merge));
      },
      recordConflict: async (conflict) => {
        statement(insertConflictSql(question)).run(...conflictValues(conflict));
      },
      getConflict: async (id) => this._getConflict(id),
      saveResolution: async (id, resolution) => {
        statement(saveResolutionSql(question)).run(...resolutionValues(id, resolution));
      },
      recordAudit: async (entry) => {
        statement(insertAuditSql(question)).run(...auditValues(entry));
      },
    };
  }

  latestSeq(): Promise<number> {
    return this._queue.run(
      async () =>
        this._db.prepare<[], { seq: number }>('SELECT COALESCE(MAX(seq), 0) AS seq FROM documents').get()!
          .seq,
    );
  }

  countDocuments(collection: string): Promise<number> {
    return this._queue.run(
      async () =>
        this._db
          .prepare<[string], { count: number }>(
            'SELECT COUNT(*) AS count FROM documents WHERE collection = ?',
          )
          .get(collection)!.count,
    );
  }

  upsertAccount(account: Account): Promise<void> {
    return this._queue.run(async () => {
      this._db.prepare(upsertAccountSql(() => '?')).run(...accountValues(account));
    });
  }

  getAccount(staffId: string): Promise<Account | undefined> {
    return this._queue.run(async () => {
      const row = this._db
        .prepare<[string], AccountRow>('SELECT * FROM accounts WHERE staff_id = ?')
        .get(staffId);
      return row === undefined ? undefined : toAccount(row);
    });
  }

  countAccounts(): Promise<number> {
    return this._queue.run(
      async () =>
        this._db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM accounts').get()!.count,
    );
  }

  createSession(session: Omit<Session, 'revoked'>): Promise<void> {
    return this._queue.run(async () => {
      this._db
        .prepare(
          'INSERT INTO sessions (session_id, staff_id, refresh_token_hash, expires_at) VALUES (?, ?, ?, ?)',
        )
        .run(session.sessionId, session.staffId, session.refreshTokenHash, session.expiresAt);
    });
  }

  getSession(sessionId: string): Promise<Session | undefined> {
    return this._queue.run(async () => {
      const row = this._db
        .prepare<[string], SessionRow>('SELECT * FROM sessions WHERE session_id = ?')
        .get(sessionId);
      return row === undefined ? undefined : toSession(row);
    });
  }

  rotateRefreshToken(
    sessionId: string,
    expectedHash: string,
    nextHash: string,
    expiresAt: number,
  ): Promise<boolean> {
    return this._queue.run(async () => {
      const result = this._db
        .prepare(
          `UPDATE sessions SET refresh_token_hash = ?, expires_at = ?
           WHERE session_id = ? AND refresh_token_hash = ? AND revoked_at IS NULL`,
        )
        .run(nextHash, expiresAt, sessionId, expectedHash);
      return result.changes === 1;
    });
  }

  revokeSession(sessionId: string): Promise<void> {
    return this._queue.run(async () => {
      const now = Date.now();
      this._db
        .prepare('UPDATE sessions SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL')
        .run(now, sessionId);
      this._db
        .prepare('UPDATE access_tokens SET revoked_at = ? WHERE session_id = ? AND revoked_at IS NULL')
        .run(now, sessionId);
    });
  }

  revokeSessionsOf(staffId: string): Promise<number> {
    return this._queue.run(async () => {
      const now = Date.now();
      return this._db.transaction(() => {
        const sessions = this._db
          .prepare('UPDATE sessions SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL')
          .run(now, staffId);
        this._db
          .prepare('UPDATE access_tokens SET revoked_at = ? WHERE staff_id = ? AND revoked_at IS NULL')
          .run(now, staffId);
        return sessions.changes;
      })();
    });
  }

  recordAccessToken(token: AccessTokenRecord): Promise<void> {
    return this._queue.run(async () => {
      this._db
        .prepare('INSERT INTO access_tokens (jti, session_id, staff_id, expires_at) VALUES (?, ?, ?, ?)')
        .run(token.jti, token.sessionId, token.staffId, token.expiresAt);
    });
  }

  revokeAccessToken(jti: string): Promise<AccessTokenRecord | undefined> {
    return this._queue.run(async () => {
      const row = this._db
        .prepare<[string], { jti: string; session_id: string; staff_id: string; expires_at: number }>(
          'SELECT * FROM access_tokens WHERE jti = ?',
        )
        .get(jti);
      if (row === undefined) return undefined;
      const now = Date.now();
      this._db.transaction(() => {
        this._db
          .prepare('UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE jti = ?')
          .run(now, jti);
        this._db
          .prepare('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE session_id = ?')
          .run(now, row.session_id);
      })();
      return { jti: row.jti, sessionId: row.session_id, staffId: row.staff_id, expiresAt: row.expires_at };
    });
  }

  isAccessTokenRevoked(jti: string): Promise<boolean> {
    return this._queue.run(async () => {
      const row = this._db
        .prepare<[string], { token_revoked: number | null; session_revoked: number | null }>(
          `SELECT a.revoked_at AS token_revoked, s.revoked_at AS session_revoked
           FROM access_tokens a JOIN sessions s ON s.session_id = a.session_id WHERE a.jti = ?`,
        )
        .get(jti);
      return row === undefined || row.token_revoked !== null || row.session_revoked !== null;
    });
  }

  close(): Promise<void> {
    return this._queue.run(async () => {
      this._db.close();
    });
  }
}

function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((row) => row.version),
  );
  for (const migration of loadMigrations('sqlite')) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    })();
  }
}
