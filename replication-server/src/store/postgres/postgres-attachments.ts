import type pg from 'pg';
import type {
  AttachmentChunk,
  AttachmentStatus,
  AttachmentStore,
  ChunkOutcome,
  StoredAttachment,
} from '../attachment-store';
import { documentFromBody } from '../push-rows';
import type { Scope, StoredDocument } from '../store';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface StatusRow {
  sha256: string;
  content_type: string;
  size: number;
  complete: boolean;
  received: string;
}

const STATUS_SQL = `SELECT a.sha256, a.content_type, a.size, a.complete,
    CASE WHEN a.complete THEN a.size
         ELSE (SELECT COALESCE(SUM(octet_length(c.bytes)), 0) FROM attachment_chunks c WHERE c.sha256 = a.sha256) END
      AS received
  FROM attachments a WHERE a.sha256 = $1`;

async function statusOn(db: Queryable, sha256: string, lock = false): Promise<AttachmentStatus | undefined> {
  if (lock) await db.query('SELECT 1 FROM attachments WHERE sha256 = $1 FOR UPDATE', [sha256]);
  const { rows } = await db.query<StatusRow>(STATUS_SQL, [sha256]);
  const row = rows[0];
  return row === undefined
    ? undefined
    : {
        sha256: row.sha256,
        contentType: row.content_type,
        size: row.size,
        received: Number(row.received),
        complete: row.complete,
      };
}

interface MentionRow {
  collection: string;
  id: string;
  seq: string;
  body: string;
  tags: string;
}

/**
 * The attachment part of PostgresStore. A chunk locks its upload's row, so two devices sending the same photo at
 * once append in turn and the second learns the new offset.
 */
export class PostgresAttachments implements AttachmentStore {
  constructor(
    private readonly _pool: pg.Pool,
    private readonly _inTransaction: <T>(work: (client: pg.PoolClient) => Promise<T>) => Promise<T>,
  ) {}

  attachmentStatus(sha256: string): Promise<AttachmentStatus | undefined> {
    return statusOn(this._pool, sha256);
  }

  putAttachment(attachment: StoredAttachment): Promise<'created' | 'exists'> {
    return this._inTransaction(async (client) => {
      await client.query(
        `INSERT INTO attachments (sha256, content_type, size, bytes, complete) VALUES ($1, $2, $3, NULL, false)
         ON CONFLICT (sha256) DO NOTHING`,
        [attachment.sha256, attachment.contentType, attachment.bytes.byteLength],
      );
      if ((await statusOn(client, attachment.sha256, true))?.complete) return 'exists';
      await client.query('DELETE FROM attachment_chunks WHERE sha256 = $1', [attachment.sha256]);
      await client.query(
        'UPDATE attachments SET content_type = $2, size = $3, bytes = $4, complete = true WHERE sha256 = $1',
        [
          attachment.sha256,
          attachment.contentType,
          attachment.bytes.byteLength,
          Buffer.from(attachment.bytes),
        ],
      );
      return 'created';
    });
  }

  appendAttachmentChunk(chunk: AttachmentChunk): Promise<ChunkOutcome> {
    return this._inTransaction(async (client): Promise<ChunkOutcome> => {
      await client.query(
        `INSERT INTO attachments (sha256, content_type, size, bytes, complete) VALUES ($1, $2, $3, NULL, false)
         ON CONFLICT (sha256) DO NOTHING`,
        [chunk.sha256, chunk.contentType, chunk.size],
      );
      const status = await statusOn(client, chunk.sha256, true);
      if (status === undefined) throw new Error(`Attachment ${chunk.sha256} vanished during an upload`);
      if (status.complete) return { outcome: 'complete' };
      if (status.size !== chunk.size || status.contentType !== chunk.contentType) {
        return { outcome: 'declaration-mismatch' };
      }
      if (chunk.offset !== status.received) return { outcome: 'offset-mismatch', received: status.received };
      await client.query('INSERT INTO attachment_chunks (sha256, chunk_offset, bytes) VALUES ($1, $2, $3)', [
        chunk.sha256,
        chunk.offset,
        Buffer.from(chunk.bytes),
      ]);
      return { outcome: 'appended', received: status.received + chunk.bytes.byteLength };
    });
  }

  async partialAttachmentBytes(sha256: string): Promise<Uint8Array | undefined> {
    const { rows } = await this._pool.query<{ bytes: Buffer }>(
      `SELECT c.bytes FROM attachment_chunks c JOIN attachments a ON a.sha256 = c.sha256
       WHERE c.sha256 = $1 AND NOT a.complete ORDER BY c.chunk_offset`,
      [sha256],
    );
    return rows.length === 0 ? undefined : new Uint8Array(Buffer.concat(rows.map((row) => row.bytes)));
  }

  async discardPartialAttachment(sha256: string): Promise<void> {
    await this._pool.query('DELETE FROM attachments WHERE sha256 = $1 AND NOT complete', [sha256]);
  }

  async getAttachment(sha256: string): Promise<StoredAttachment | undefined> {
    const { rows } = await this._pool.query<{ content_type: string; bytes: Buffer }>(
      'SELECT content_type, bytes FROM attachments WHERE sha256 = $1 AND complete',
      [sha256],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { sha256, contentType: row.content_type, bytes: new Uint8Array(row.bytes) };
  }

  async documentsMentioning(
    collection: string,
    scope: Scope,
    text: string,
  ): Promise<readonly StoredDocument[]> {
    const { rows } = scope.all
      ? await this._pool.query<MentionRow>(
          `SELECT * FROM documents WHERE collection = $1 AND NOT deleted AND strpos(body, $2) > 0 ORDER BY seq`,
          [collection, text],
        )
      : await this._pool.query<MentionRow>(
          `SELECT d.* FROM documents d WHERE d.collection = $1 AND NOT d.deleted AND strpos(d.body, $2) > 0
           AND EXISTS (SELECT 1 FROM document_tags t
             WHERE t.collection = d.collection AND t.id = d.id AND t.tag = ANY($3::text[]))
           ORDER BY d.seq`,
          [collection, text, [...scope.tags]],
        );
    return rows.map((row) => ({
      collection: row.collection,
      id: row.id,
      seq: Number(row.seq),
      document: documentFromBody(row.body, false),
      tags: JSON.parse(row.tags) as string[],
    }));
  }
}
