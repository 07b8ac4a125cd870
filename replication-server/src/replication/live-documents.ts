import type { Store, StoredDocument } from '../store/store';
import type { ReplicatedCollection } from './collections';

const PAGE = 1_000;

/**
 * Every live document of a collection, paged through the store's own pull with an administrator's scope, the way a
 * device catches up: the store port needs no second way to list documents. For the reference collections, read
 * whole, and for the county report's cases.
 */
export async function liveDocuments(
  store: Store,
  collection: ReplicatedCollection,
): Promise<StoredDocument[]> {
  const documents: StoredDocument[] = [];
  for (let seq = 0; ; ) {
    const page = await store.pull(collection, { all: true }, seq, PAGE);
    documents.push(...page.documents.filter((stored) => !stored.document._deleted));
    if (page.documents.length < PAGE) return documents;
    seq = page.checkpointSeq;
  }
}
