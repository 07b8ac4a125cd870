import { type RxCollection, RxError } from 'rxdb';

/**
 * Inserts `insert` when no document has the id yet, otherwise rewrites the stored document with `modify`, which
 * always sees the latest stored version (RxDB reruns it when another write got there first). An insert that loses a
 * race with another insert of the same id falls back to `modify`.
 */
export async function insertOrModify<T>(
  collection: RxCollection<T>,
  id: string,
  insert: T,
  modify: (current: T) => T,
): Promise<T> {
  const existing = await collection.findOne(id).exec();
  if (!existing) {
    try {
      return (await collection.insert(insert)).toMutableJSON();
    } catch (error) {
      if (!isConflict(error)) {
        throw error;
      }
    }
  }
  const current = existing ?? (await collection.findOne(id).exec());
  if (!current) {
    throw new Error(`Document ${id} vanished while it was being written`);
  }
  const written = await current.incrementalModify((data) => {
    const { _deleted, ...stored } = data;
    return modify(stored as T) as typeof data;
  });
  return written.toMutableJSON();
}

export const isConflict = (error: unknown): boolean => error instanceof RxError && error.code === 'CONFLICT';
