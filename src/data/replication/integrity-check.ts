import type { RxCollection } from 'rxdb';
import {
  type DocumentRevision,
  type PartitionDigest,
  partitionDigest,
  revisionsOf,
} from '../../domain/conflict/partition-digest';
import type { AuthClient } from './auth-client';
import { withHeaders } from './device-headers';
import { jsonBody, readJson } from './server-api';

export interface IntegrityCheckOptions {
  readonly serverUrl: string;
  readonly auth: AuthClient;
  /** Names this device (device-headers.ts), so the sync monitor files the check under it. */
  readonly headers: Readonly<Record<string, string>>;
}

/** The outcome of comparing this device's copy of a collection with the server's. */
export interface IntegrityReport {
  readonly collection: string;
  readonly match: boolean;
  /** Documents the server holds in another revision than this device, or that only the server holds. */
  readonly differing: readonly string[];
  /** Live documents only this device holds: changes not pushed yet, or documents the server lost. */
  readonly onlyLocal: readonly string[];
}

interface DigestAnswer {
  readonly match: boolean;
  readonly serverCount: number;
  readonly revisions?: readonly DocumentRevision[];
}

type ReplicatedFields = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * Sends the partition digest (partition-digest.ts) of this device's copy of `collection` to the server. On a
 * mismatch the server lists its revisions, and the report names what differs; the caller then pulls the
 * collection again (SyncRun re-pulls from checkpoint 0, which overwrites every unchanged local copy with the
 * server's and keeps local changes for the next push).
 */
export async function checkIntegrity(
  collection: RxCollection,
  options: IntegrityCheckOptions,
): Promise<IntegrityReport> {
  const documents = (await collection.find().exec()).map(
    (document) => document.toJSON() as unknown as ReplicatedFields,
  );
  const digest: PartitionDigest = await partitionDigest(documents);
  const response = await options.auth.authorizedFetch(
    `${options.serverUrl}/api/replication/${collection.name}/digest`,
    withHeaders({ method: 'POST', ...jsonBody(digest) }, options.headers),
  );
  const answer = await readJson<DigestAnswer>(response);
  if (answer.match) return { collection: collection.name, match: true, differing: [], onlyLocal: [] };

  const local = new Map((await revisionsOf(documents)).map(({ id, revision }) => [id, revision]));
  const server = answer.revisions ?? [];
  const serverIds = new Set(server.map(({ id }) => id));
  return {
    collection: collection.name,
    match: false,
    differing: server.filter(({ id, revision }) => local.get(id) !== revision).map(({ id }) => id),
    onlyLocal: [...local.keys()].filter((id) => !serverIds.has(id)),
  };
}
