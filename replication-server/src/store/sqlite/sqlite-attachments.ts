import type Database from 'better-sqlite3';
import type {
  AttachmentChunk,
  AttachmentStatus,
  AttachmentStore,
  ChunkOutcome,
  StoredAttachment,
} from '../attachment-store';
import { documentFromBody } from '../push-rows';
import type { SerialQueue } from '../serial-queue';
import type { Scope, StoredDocument } from '../store';

interface StatusRow {
  sha256: string;
  content_type: string;
  size: number;
  complete: number;
  received: number;
}

const STATUS_SQL = `SELECT a.sha256, a.content_type, a.size, a.complete,
    CASE WHEN a.complete = 1 THEN a.size
         ELSE (SELECT COALESCE(SUM(length(c.bytes)), 0) FROM attachment_chunks c WHERE c.sha256 = a.sha256) END
      AS received
  FROM attachments a WHERE a.sha256 = ?`;

const toStatus = (row: StatusRow): AttachmentStatus => ({
  sha256: row.sha256,
  contentType: row.content_type,
  size: row.size,
  received: row.received,
  complete: row.complete === 1,
});

/** The attachment part of SqliteStore; it shares the store's connection and queue (see SqliteStore). */
export class SqliteAttachments implements AttachmentStore {
  constructor(
    private readonly _db: Database.Database,
    private readonly _queue: SerialQueue,
  ) {}

  attachmentStatus(sha256: string): Promise<AttachmentStatus | undefined> {
    return this._queue.run(async () => this._status(sha256));
  }

  putAttachment(attachment: StoredAttachment): Promise<'created' | 'exists'> {
    return this._queue.run(async () =>
      this._db.transaction((): 'created' | 'exists' => {
        if (this._status(attachment.sha256)?.complete) return 'exists';
        this._db.prepare('DELETE FROM attachment_chunks WHERE sha256 = ?').run(attachment.sha256);
        this._db
          .prepare(
            `INSERT INTO attachments (sha256, content_type, size, bytes, complete) VALUES (?, ?, ?, ?, 1)
             ON CONFLICT (sha256) DO UPDATE SET content_type = excluded.content_type, size = excluded.size,
               bytes = excluded.bytes, complete = 1`,
          )
          .run(
            attachment.sha256,
            attachment.contentType,
            attachment.bytes.byteLength,
            Buffer.from(attachment.bytes),
          );
        return 'created';
      })(),
    );
  }

  appendAttachmentChunk(chunk: AttachmentChunk): Promise<ChunkOutcome> {
    return this._queue.run(async () =>
      this._db.transaction((): ChunkOutcome => {
        const status = this._status(chunk.sha256);
        if (status?.complete) return { outcome: 'complete' };
        if (
          status !== undefined &&
          (status.size !== chunk.size || status.contentType !== chunk.contentType)
        ) {
          return { outcome: 'declaration-mismatch' };
        }
        const received = status?.received ?? 0;
        if (chunk.offset !== received) return { outcome: 'offset-mismatch', received };
        if (status === undefined) {
          this._db
            .prepare(
              'INSERT INTO attachments (sha256, content_type, size, bytes, complete) VALUES (?, ?, ?, NULL, 0)',
            )
            .run(chunk.sha256, chunk.contentType, chunk.size);
        }
        this._db
          .prepare('INSERT INTO attachment_chunks (sha256, chunk_offset, bytes) VALUES (?, ?, ?)')
          .run(chunk.sha256, chunk.offset, Buffer.from(chunk.bytes));
        return { outcome: 'appended', received: received + chunk.bytes.byteLength };
      })(),
    );
  }

  partialAttachmentBytes(sha256: string): Promise<Uint8Array | undefined> {
    return this._queue.run(async () => {
      const chunks = this._db
        .prepare<[string], { bytes: Buffer }>(
          `SELECT c.bytes FROM attachment_chunks c JOIN attachments a ON a.sha256 = c.sha256
           WHERE c.sha256 = ? AND a.complete = 0 ORDER BY c.chunk_offset`,
        )
        .all(sha256);
      return chunks.length === 0 ? undefined : new Uint8Array(Buffer.concat(chunks.map((row) => row.bytes)));
    });
  }

  discardPartialAttachment(sha256: string): Promise<void> {
    return this._queue.run(async () => {
      this._db.prepare('DELETE FROM attachments WHERE sha256 = ? AND complete = 0').run(sha256);
    });
  }

  getAttachment(sha256: string): Promise<StoredAttachment | undefined> {
    return this._queue.run(async () => {
      const row = this._db
        .prepare<[string], { content_type: string; bytes: Buffer }>(
          'SELECT content_type, bytes FROM attachments WHERE sha256 = ? AND complete = 1',
        )
        .get(sha256);
      return row === undefined
        ? undefined
        : { sha256, contentType: row.content_type, bytes: new Uint8Array(row.bytes) };
    });
  }

  documentsMentioning(collection: string, scope: Scope, text: string): Promise<readonly StoredDocument[]> {
    return this._queue.run(async () => {
      const rows = scope.all
        ? this._db
            .prepare<[string, string], MentionRow>(
              `SELECT * FROM documents WHERE collection = ? AND deleted = 0 AND instr(body, ?) > 0 ORDER BY seq`,
            )
            .all(collection, text)
        : this._db
            .prepare<[string, string, string], MentionRow>(
              `SELECT d.* FROM documents d WHERE d.collection = ? AND d.deleted = 0 AND instr(d.body, ?) > 0
               AND EXISTS (SELECT 1 FROM document_tags t, json_each(?) wanted
                 WHERE t.collection = d.collection AND t.id = d.id AND t.tag = wanted.value)
               ORDER BY d.seq`,
            )
            .all(collection, text, JSON.stringify(scope.tags));
      return rows.map((row) => ({
        collection: row.collection,
        id: row.id,
        seq: row.seq,
        document: documentFromBody(row.body, false),
        tags: JSON.parse(row.tags) as string[],
      }));
    });
  }

  private _status(sha256: string): AttachmentStatus | undefined {
    const row = this._db.prepare<[string], StatusRow>(STATUS_SQL).get(sha256);
    return row === undefined ? undefined : toStatus(row);
  }
}

interface MentionRow {
  collection: string;
  id: string;
  seq: number;
  body: string;
  tags: string;
}
