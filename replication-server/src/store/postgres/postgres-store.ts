import pg from 'pg';
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
import { PostgresAttachments } from './postgres-attachments';

const dollar = (index: number) => `$${index}`;

interface DocumentRow {
  collection: string;
  id: string;
  seq: string;
  deleted: boolean;
  body: string;
  tags: string;
}

const toStored = (row: DocumentRow): StoredDocument => ({
  collection: row.collection,
  id: row.id,
  seq: Number(row.seq),
  document: documentFromBody(row.body, row.deleted),
  tags: JSON.parse(row.tags) as string[],
});

/*
 * Why pushes take one transaction-level advisory lock: a seq drawn from a Postgres sequence inside a transaction
 * can become visible after a larger seq from a transaction that committed first. A puller that already moved its
 * checkpoint past the larger seq would then skip the smaller one forever. With every seq drawn while holding
 * PUSH_LOCK, a writer only draws seqs after the previous writer committed (xact locks are released after the
 * commit is visible), so seq order is commit order and every row a puller has not seen has a larger seq than its
 * checkpoint. The price is that pushes are serialised; at the write rates of service stations that is cheap, and
 * unlike a "below the oldest in-flight writer" watermark it needs no bookkeeping a crashed writer could leave behind.
 */
const PUSH_LOCK = 0x4a696e62; // 'Jinb'
const MIGRATION_LOCK = 0x4a696e6d; // 'Jinm'

export interface PostgresStoreOptions {
  readonly connectionString: string;
  /** Schema to create and use instead of `public`, e.g. one per test run. */
  readonly schema?: string;
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** node-postgres adapter, selected by DATABASE_URL. */
export class PostgresStore implements Store {
  readonly attachments = new PostgresAttachments(this._pool, this._inTransaction.bind(this));

  private constructor(private readonly _pool: pg.Pool) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { schema } = options;
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new RangeError(`Invalid schema name: ${schema}`);
    if (schema !== undefined) {
      const admin = new pg.Client({ connectionString: options.connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    // An idle pooled connection that dies (e.g. PostgreSQL restarting) must not take the process down: the pool
    // drops it and the next query opens a new one; queries in flight still get their own error.
    pool.on('error', (error) => process.emitWarning(`idle PostgreSQL connection lost: ${error.message}`));
    const store = new PostgresStore(pool);
    await store._migrate();
    return store;
  }

  private async _migrate(): Promise<void> {
    await this._inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (row) => row.version,
        ),
      );
      for (const migration of loadMigrations('postgres')) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      }
    });
  }

  private async _inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this._pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async pull(collection: string, scope: Scope, afterSeq: number, limit: number): Promise<PullResult> {
    const { rows } = scope.all
      ? await this._pool.query<DocumentRow>(
          'SELECT * FROM documents WHERE collection = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [collection, afterSeq, limit],
        )
      : await this._pool.query<DocumentRow>(
          `SELECT d.* FROM documents d WHERE d.collection = $1 AND d.seq > $2 AND EXISTS (
             SELECT 1 FROM document_tags t
             WHERE t.collection = d.collection AND t.id = d.id AND t.tag = ANY($3::text[]))
           ORDER BY d.seq LIMIT $4`,
          [collection, afterSeq, [...scope.tags], limit],
        );
    const documents = rows.map(toStored);
    return { documents, checkpointSeq: documents.at(-1)?.seq ?? afterSeq };
  }

  push(
    collection: string,
    rows: readonly PushRow[],
    policy: PushPolicy,
    origin: PushOrigin = unknownOrigin(),
  ): Promise<PushResult> {
    return this._inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      return applyPush(transactionOn(client), collection, rows, policy, origin);
    });
  }

  /** Under the push lock, because it draws seqs (see PUSH_LOCK). */
  resolveConflict(id: string, resolver: ConflictResolver): Promise<ResolveOutcome> {
    return this._inTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      await client.query('SELECT id FROM conflicts WHERE id = $1 FOR UPDATE', [id]);
      return applyResolution(transactionOn(client), id, resolver);
    });
  }

  async listConflicts(filter: ConflictFilter): Promise<readonly ConflictRecord[]> {
    const { sql, values } = listConflictsSql(filter, dollar, (parameter) => `stations::jsonb ? ${parameter}`);
    const { rows } = await this._pool.query<ConflictRow>(sql, values);
    return rows.map(toConflict);
  }

  async getConflict(id: string): Promise<ConflictRecord | undefined> {
    return conflictOn(this._pool, id);
  }

  async listAutomaticMerges(
    collection: string,
    documentId: string,
  ): Promise<readonly AutomaticMergeRecord[]> {
    const { rows } = await this._pool.query<AutomaticMergeRow>(
      'SELECT * FROM automatic_merges WHERE collection = $1 AND document_id = $2 ORDER BY id',
      [collection, documentId],
    );
    return rows.map(toAutomaticMerge);
  }

  async listAdminAudit(limit: number): Promise<readonly AdminAuditEntry[]> {
    const { rows } = await this._pool.query<AuditRow>(
      'SELECT * FROM admin_audit ORDER BY at DESC, id LIMIT $1',
      [limit],
    );
    return rows.map(toAuditEntry);
  }

  async recordSighting(sighting: DeviceSighting): Promise<void> {
    await this._pool.query(upsertSightingSql(dollar), sightingValues(sighting));
  }

  async recordDigestCheck(check: DigestCheck): Promise<void> {
    await this._pool.query(upsertDigestCheckSql(dollar), digestCheckValues(check, check.matched));
  }

  async syncMonitor(): Promise<SyncMonitorData> {
    const [devices, mismatches, conflicts] = await Promise.all([
      this._pool.query<SightingRow>('SELECT * FROM device_sightings ORDER BY last_seen_at DESC, device_id'),
      this._pool.query<DigestCheckRow>('SELECT * FROM digest_checks WHERE NOT matched ORDER BY at DESC'),
      this._pool.query<{ stations: string }>("SELECT stations FROM conflicts WHERE status = 'open'"),
    ]);
    return {
      devices: devices.rows.map(toDeviceStatus),
      digestMismatches: mismatches.rows.map(toDigestCheck),
      openConflictStations: conflicts.rows.map((row) => JSON.parse(row.stations) as string[]),
    };
  }

  async latestSeq(): Promise<number> {
    const { rows } = await this._pool.query<{ seq: string }>(
      'SELECT COALESCE(MAX(seq), 0) AS seq FROM documents',
    );
    return Number(rows[0]!.seq);
  }

  async countDocuments(collection: string): Promise<number> {
    const { rows } = await this._pool.query<{ count: string }>(
      'SELECT COUNT(*) AS count FROM documents WHERE collection = $1',
      [collection],
    );
    return Number(rows[0]!.count);
  }

  async upsertAccount(account: Account): Promise<void> {
    await this._pool.query(
      upsertAccountSql((index) => `$${index}`),
      accountValues(account),
    );
  }

  async getAccount(staffId: string): Promise<Account | undefined> {
    const { rows } = await this._pool.query<AccountRow>('SELECT * FROM accounts WHERE staff_id = $1', [
      staffId,
    ]);
    return rows[0] === undefined ? undefined : toAccount(rows[0]);
  }

  async countAccounts(): Promise<number> {
    const { rows } = await this._pool.query<{ count: string }>('SELECT COUNT(*) AS count FROM accounts');
    return Number(rows[0]!.count);
  }

  async createSession(session: Omit<Session, 'revoked'>): Promise<void> {
    await this._pool.query(
      'INSERT INTO sessions (session_id, staff_id, refresh_token_hash, expires_at) VALUES ($1, $2, $3, $4)',
      [session.sessionId, session.staffId, session.refreshTokenHash, session.expiresAt],
    );
  }

  async getSession(sessionId: string): Promise<Session | undefined> {
    const { rows } = await this._pool.query<SessionRow>('SELECT * FROM sessions WHERE session_id = $1', [
      sessionId,
    ]);
    return rows[0] === undefined ? undefined : toSession(rows[0]);
  }

  async rotateRefreshToken(
    sessionId: string,
    expectedHash: string,
    nextHash: string,
    expiresAt: number,
  ): Promise<boolean> {
    const result = await this._pool.query(
      `UPDATE sessions SET refresh_token_hash = $1, expires_at = $2
       WHERE session_id = $3 AND refresh_token_hash = $4 AND revoked_at IS NULL`,
      [nextHash, expiresAt, sessionId, expectedHash],
    );
    return result.rowCount === 1;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this._inTransaction(async (client) => {
      const now = Date.now();
      await client.query('UPDATE sessions SET revoked_at = $1 WHERE session_id = $2 AND revoked_at IS NULL', [
        now,
        sessionId,
      ]);
      await client.query(
        'UPDATE access_tokens SET revoked_at = $1 WHERE session_id = $2 AND revoked_at IS NULL',
        [now, sessionId],
      );
    });
  }

  revokeSessionsOf(staffId: string): Promise<number> {
    return this._inTransaction(async (client) => {
      const now = Date.now();
      const sessions = await client.query(
        'UPDATE sessions SET revoked_at = $1 WHERE staff_id = $2 AND revoked_at IS NULL',
        [now, staffId],
      );
      await client.query(
        'UPDATE access_tokens SET revoked_at = $1 WHERE staff_id = $2 AND revoked_at IS NULL',
        [now, staffId],
      );
      return sessions.rowCount ?? 0;
    });
  }

  async recordAccessToken(token: AccessTokenRecord): Promise<void> {
    await this._pool.query(
      'INSERT INTO access_tokens (jti, session_id, staff_id, expires_at) VALUES ($1, $2, $3, $4)',
      [token.jti, token.sessionId, token.staffId, token.expiresAt],
    );
  }

  revokeAccessToken(jti: string): Promise<AccessTokenRecord | undefined> {
    return this._inTransaction(async (client) => {
      const { rows } = await client.query<{
        jti: string;
        session_id: string;
        staff_id: string;
        expires_at: string;
      }>('SELECT * FROM access_tokens WHERE jti = $1', [jti]);
      const row = rows[0];
      if (row === undefined) return undefined;
      const now = Date.now();
      await client.query('UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE jti = $2', [
        now,
        jti,
      ]);
      await client.query('UPDATE sessions SET revoked_at = COALESCE(revoked_at, $1) WHERE session_id = $2', [
        now,
        row.session_id,
      ]);
      return {
        jti: row.jti,
        sessionId: row.session_id,
        staffId: row.staff_id,
        expiresAt: Number(row.expires_at),
      };
    });
  }

  async isAccessTokenRevoked(jti: string): Promise<boolean> {
    const { rows } = await this._pool.query<{ token_revoked: string | null; session_revoked: string | null }>(
      `SELECT a.revoked_at AS token_revoked, s.revoked_at AS session_revoked
       FROM access_tokens a JOIN sessions s ON s.session_id = a.session_id WHERE a.jti = $1`,
      [jti],
    );
    const row = rows[0];
    return row === undefined || row.token_revoked !== null || row.session_revoked !== null;
  }

  async close(): Promise<void> {
    await this._pool.end();
  }

  /** Drops a schema created for a test run; connects separately because the pool may already be closed. */
  static async dropSchema(connectionString: string, schema: string): Promise<void> {
    if (!SCHEMA_NAME.test(schema)) throw new RangeError(`Invalid schema name: ${schema}`);
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  }
}

function transactionOn(client: pg.PoolClient): PushTransaction {
  return {
    get: async (collection, id) => {
      const { rows } = await client.query<DocumentRow>(
        'SELECT * FROM documents WHERE collection = $1 AND id = $2',
        [collection, id],
      );
      return rows[0] === undefined ? undefined : toStored(rows[0]);
    },
    childrenOf: async (parent) => {
      const { rows } = await client.query<DocumentRow>(
        'SELECT * FROM documents WHERE parent_collection = $1 AND parent_id = $2 ORDER BY seq',
        [parent.collection, parent.id],
      );
      return rows.map(toStored);
    },
    nextSeq: async () => {
      const { rows } = await client.query<{ seq: string }>("SELECT nextval('document_seq') AS seq");
      return Number(rows[0]!.seq);
    },
    write: async (document, parent) => {
      const { body, deleted } = documentBody(document.document);
      await client.query(
        `INSERT INTO documents (collection, id, seq, deleted, body, tags, parent_collection, parent_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (collection, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted,
           body = excluded.body, tags = excluded.tags, parent_collection = excluded.parent_collection,
           parent_id = excluded.parent_id`,
        [
          document.collection,
          document.id,
          document.seq,
          deleted,
          body,
          JSON.stringify(document.tags),
          parent?.collection ?? null,
          parent?.id ?? null,
        ],
      );
      await client.query('DELETE FROM document_tags WHERE collection = $1 AND id = $2', [
        document.collection,
        document.id,
      ]);
      for (const tag of document.tags) {
        await client.query('INSERT INTO document_tags (collection, id, tag) VALUES ($1, $2, $3)', [
          document.collection,
          document.id,
          tag,
        ]);
      }
    },
    recordMerge: async (merge) => {
      await client.query(insertMergeSql(dollar), mergeValues(merge));
    },
    recordConflict: async (conflict) => {
      await client.query(insertConflictSql(dollar), conflictValues(conflict));
    },
    getConflict: (id) => conflictOn(client, id),
    saveResolution: async (id, resolution) => {
      await client.query(saveResolutionSql(dollar), resolutionValues(id, resolution));
    },
    recordAudit: async (entry) => {
      await client.query(insertAuditSql(dollar), auditValues(entry));
    },
  };
}

async function conflictOn(
  queryable: pg.Pool | pg.PoolClient,
  id: string,
): Promise<ConflictRecord | undefined> {
  const { rows } = await queryable.query<ConflictRow>('SELECT * FROM conflicts WHERE id = $1', [id]);
  return rows[0] === undefined ? undefined : toConflict(rows[0]);
}
