import type { RxStorage } from 'rxdb';

/** How RxDB names the storage of a replication's bookkeeping (plugins/replication: metaInstanceCollectionName). */
const REPLICATION_META_COLLECTION = 'rx-replication-meta-';

/**
 * RxDB's replication keeps, per document, the state it assumes the server has: a full copy of every pulled or pushed
 * document, written in the same bulk as the document itself. In a multi-tab database RxDB also posts every such
 * write to every other tab and to the analytics worker, which decode it and drop it: only the tab that leads
 * replicates, and a tab that takes the lead later reads the bookkeeping from IndexedDB. Those storages are opened
 * without that broadcast; the collections themselves keep it, so every tab still sees every change to the data.
 */
export function withUnsharedReplicationMeta<Internals, Options>(
  storage: RxStorage<Internals, Options>,
): RxStorage<Internals, Options> {
  return {
    ...storage,
    createStorageInstance(params) {
      return storage.createStorageInstance(
        params.collectionName.startsWith(REPLICATION_META_COLLECTION)
          ? { ...params, multiInstance: false }
          : params,
      );
    },
  };
}
