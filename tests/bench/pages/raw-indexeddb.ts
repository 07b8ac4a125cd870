import { casesSchema } from '../../../src/data/schemas/cases.schema';

/**
 * The floor every data-layer and sync figure is compared with: documents put straight into IndexedDB, one readwrite
 * transaction, into a store with the cases collection's primary key and indexes. Runs inside the bench pages.
 */

const STORE_NAME = 'cases';

let databaseCount = 0;
export const freshDatabaseName = (kind: string): string => `bench-${kind}-${Date.now()}-${++databaseCount}`;

export const requestDone = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

export type KeyPath = string | string[];

/** The cases schema's own indexes: what the issues' raw baseline writes. */
export const SCHEMA_INDEXES: KeyPath[] = (casesSchema.indexes ?? []).map((index) =>
  typeof index === 'string' ? index : [...index],
);

/** An object store with the cases collection's primary key and the given indexes. */
function openRawDatabase(name: string, indexes: readonly KeyPath[]): Promise<IDBDatabase> {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const store = request.result.createObjectStore(STORE_NAME, { keyPath: casesSchema.primaryKey as string });
    for (const keyPath of indexes) {
      store.createIndex(typeof keyPath === 'string' ? keyPath : keyPath.join('+'), keyPath);
    }
  };
  return requestDone(request);
}

/** The practical limit: every document put in one readwrite transaction, timed until it commits. */
export async function rawWrite(
  docs: readonly object[],
  indexes: readonly KeyPath[] = SCHEMA_INDEXES,
): Promise<number> {
  const name = freshDatabaseName('raw');
  const db = await openRawDatabase(name, indexes);
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction(STORE_NAME, 'readwrite');
    const store = transaction.objectStore(STORE_NAME);
    for (const doc of docs) store.put(doc);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  const elapsed = performance.now() - start;
  db.close();
  await requestDone(indexedDB.deleteDatabase(name));
  return elapsed;
}
