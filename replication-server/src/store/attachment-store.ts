import type { Scope, StoredDocument } from './store';

/** What the server holds of one attachment: all of it (`complete`) or the first `received` bytes of an upload. */
export interface AttachmentStatus {
  readonly sha256: string;
  readonly contentType: string;
  /** The whole attachment's size, as declared when the upload began. */
  readonly size: number;
  readonly received: number;
  readonly complete: boolean;
}

export interface StoredAttachment {
  readonly sha256: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export interface AttachmentChunk {
  readonly sha256: string;
  readonly contentType: string;
  /** The whole attachment's size. */
  readonly size: number;
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/**
 * - `appended`: the chunk was stored; `received` bytes are there now.
 * - `offset-mismatch`: the chunk does not start where the upload stands (`received`), e.g. a retry of a chunk whose
 *   answer was lost; nothing was stored.
 * - `declaration-mismatch`: an upload of this hash is under way with another size or content type.
 * - `complete`: the attachment is already stored whole; nothing was stored.
 */
export type ChunkOutcome =
  | { readonly outcome: 'appended'; readonly received: number }
  | { readonly outcome: 'offset-mismatch'; readonly received: number }
  | { readonly outcome: 'declaration-mismatch' }
  | { readonly outcome: 'complete' };

/**
 * Content-addressed attachment bytes (material photos). The store never hashes: the caller checks the SHA-256
 * before putAttachment. Blobs live in the database for the pilot; production may move them to object storage
 * behind this same port.
 */
export interface AttachmentStore {
  attachmentStatus(sha256: string): Promise<AttachmentStatus | undefined>;
  /** Stores a whole, verified attachment and drops any partial upload of it; 'exists' rewrites nothing. */
  putAttachment(attachment: StoredAttachment): Promise<'created' | 'exists'>;
  /** Appends a chunk to the upload of `sha256`, starting the upload when there is none. */
  appendAttachmentChunk(chunk: AttachmentChunk): Promise<ChunkOutcome>;
  /** The bytes an unfinished upload has received so far, in order. */
  partialAttachmentBytes(sha256: string): Promise<Uint8Array | undefined>;
  /** Forgets an unfinished upload (its bytes did not hash to its name); a complete attachment stays. */
  discardPartialAttachment(sha256: string): Promise<void>;
  /** A complete attachment; undefined while it is missing or still uploading. */
  getAttachment(sha256: string): Promise<StoredAttachment | undefined>;
  /**
   * Live documents of `collection` in `scope` whose JSON contains `text` — a cheap pre-filter; the caller checks
   * where the text occurs. A hash is 64 hex digits, so it cannot match by accident.
   */
  documentsMentioning(collection: string, scope: Scope, text: string): Promise<readonly StoredDocument[]>;
}
