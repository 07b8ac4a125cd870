import { canonicalJson } from '../canonical-json';

/** What a device and the server compare to find out whether they hold the same copy of a partition. */
export interface PartitionDigest {
  /** Live (not deleted) documents. */
  readonly count: number;
  /** SHA-256 (hex) over `${id} ${revision}\n` of every live document, sorted by id. */
  readonly hash: string;
}

export interface DocumentRevision {
  readonly id: string;
  readonly revision: string;
}

type ReplicatedFields = Readonly<Record<string, unknown>> & { readonly id: string };

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A document's revision is a hash of its content, not the server's seq, because a device does not know the seq of
 * what it holds: SHA-256 (hex) of the canonical JSON of its fields, leaving out every field starting with `_`
 * (`_deleted`, and RxDB's own `_rev`, `_meta`, `_attachments`).
 */
export async function documentRevision(document: ReplicatedFields): Promise<string> {
  const fields = Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_')));
  return sha256Hex(canonicalJson(fields));
}

/** Revisions of the live documents, sorted by id. */
export async function revisionsOf(documents: Iterable<ReplicatedFields>): Promise<DocumentRevision[]> {
  const live = [...documents].filter((document) => document['_deleted'] !== true);
  const revisions = await Promise.all(
    live.map(async (document) => ({ id: document.id, revision: await documentRevision(document) })),
  );
  return revisions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function digestOfRevisions(revisions: readonly DocumentRevision[]): Promise<PartitionDigest> {
  const lines = revisions.map(({ id, revision }) => `${id} ${revision}\n`).join('');
  return { count: revisions.length, hash: await sha256Hex(lines) };
}

/** The digest of a device's (or the server's) copy of one partition. */
export async function partitionDigest(documents: Iterable<ReplicatedFields>): Promise<PartitionDigest> {
  return digestOfRevisions(await revisionsOf(documents));
}
