import {
  type DexieStorageInternals,
  getQueryMatcher,
  type PreparedQuery,
  type RxDocumentData,
  type RxStorage,
  type RxStorageInstance,
  type RxStorageQueryResult,
} from 'rxdb';
import {
  DEXIE_DOCS_TABLE_NAME,
  dexieReplaceIfStartsWithPipe,
  fromDexieToStorage,
  getKeyRangeByQueryPlan,
} from 'rxdb/plugins/storage-dexie';

/**
 * RxDB's Dexie storage never walks an index backwards, so a newest-first page of 50 (the case list) reads every
 * document in the index range and sorts them in memory: at 50,000 cases one station's delivered cases are thousands
 * of documents read for 50 shown. When the equality filters pin the leading fields of the chosen index and the sort
 * is the rest of that index, all descending, the same index read backwards ('prev') is already in the requested
 * order, so the read stops after `skip + limit` matching documents. Every other query goes to the storage unchanged.
 */
export function withNewestFirstReads<Internals, Options>(
  storage: RxStorage<Internals, Options>,
): RxStorage<Internals, Options> {
  if (storage.name !== 'dexie') return storage;
  return {
    ...storage,
    async createStorageInstance<RxDocType>(
      params: Parameters<typeof storage.createStorageInstance<RxDocType>>[0],
    ) {
      const instance = await storage.createStorageInstance<RxDocType>(params);
      const readForwards = instance.query.bind(instance);
      instance.query = (preparedQuery) =>
        readsIndexBackwards(preparedQuery)
          ? queryBackwards(instance as unknown as DexieInstance<RxDocType>, preparedQuery)
          : readForwards(preparedQuery);
      return instance;
    },
  };
}

type DexieInstance<RxDocType> = RxStorageInstance<RxDocType, DexieStorageInternals, unknown>;

/** Whether the index, read backwards within the planned key range, yields the query's sort order. */
function readsIndexBackwards<RxDocType>({ query, queryPlan }: PreparedQuery<RxDocType>): boolean {
  const sortFields = query.sort.map((part) => Object.entries(part)[0]);
  if (sortFields.length === 0 || sortFields.some((entry) => entry?.[1] !== 'desc')) return false;
  const pinnedCount = queryPlan.index.length - sortFields.length;
  if (pinnedCount < 0) return false;
  const sortMatchesIndexTail = sortFields.every(
    (entry, i) => entry?.[0] === queryPlan.index[pinnedCount + i],
  );
  const leadingFieldsPinned = queryPlan.startKeys
    .slice(0, pinnedCount)
    .every((key, i) => key === queryPlan.endKeys[i] && typeof key !== 'object');
  return sortMatchesIndexTail && leadingFieldsPinned && query.limit !== undefined;
}

/** dexieQuery from rxdb/plugins/storage-dexie, with the cursor running backwards and stopping once the page is full. */
async function queryBackwards<RxDocType>(
  instance: DexieInstance<RxDocType>,
  { query, queryPlan }: PreparedQuery<RxDocType>,
): Promise<RxStorageQueryResult<RxDocType>> {
  const state = await instance.internals;
  const skip = query.skip ?? 0;
  const wanted = skip + (query.limit ?? Number.POSITIVE_INFINITY);
  const matches = queryPlan.selectorSatisfiedByIndex ? undefined : getQueryMatcher(instance.schema, query);
  let keyRange: IDBKeyRange;
  try {
    keyRange = getKeyRangeByQueryPlan(
      state.booleanIndexes,
      queryPlan,
      (state.dexieDb as unknown as { _options: { IDBKeyRange?: unknown } })._options.IDBKeyRange,
    );
  } catch (error) {
    // As in dexieQuery: a range that cannot exist (lower bound above upper) matches nothing.
    if (error instanceof Error && error.name === 'DataError') return { documents: [] };
    throw error;
  }
  const indexName = `[${queryPlan.index.map(dexieReplaceIfStartsWithPipe).join('+')}]`;
  const rows: RxDocumentData<RxDocType>[] = [];
  await state.dexieDb.transaction('r', state.dexieTable, async (dexieTransaction: unknown) => {
    const transaction = (dexieTransaction as { idbtrans: IDBTransaction }).idbtrans;
    const cursorRequest = transaction
      .objectStore(DEXIE_DOCS_TABLE_NAME)
      .index(indexName)
      .openCursor(keyRange, 'prev');
    await new Promise<void>((resolve, reject) => {
      cursorRequest.onerror = () => reject(cursorRequest.error);
      cursorRequest.onsuccess = () => {
        const cursor = cursorRequest.result;
        if (cursor === null) return resolve();
        const doc = fromDexieToStorage<RxDocType>(state.booleanIndexes, cursor.value);
        if (matches === undefined || matches(doc)) rows.push(doc);
        if (rows.length >= wanted) resolve();
        else cursor.continue();
      };
    });
  });
  return { documents: rows.slice(skip, wanted) };
}
