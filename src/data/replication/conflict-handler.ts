import type { RxConflictHandler } from 'rxdb';
import { canonicallyEqual } from '../../domain/canonical-json';

/** RxDB's own fields (`_rev`, `_meta`, `_attachments`); `_deleted` is part of the document's state. */
const isBookkeeping = (key: string): boolean => key !== '_deleted' && key.startsWith('_');

/**
 * The sync server merges a stale push itself (src/domain/conflict/three-way-merge.ts) and keeps whatever it could
 * not merge in a conflict record, so the master it answers with already holds every change that survives: the
 * device adopts it as it is. Equality ignores key order and RxDB's own fields, as the server's comparison does.
 */
export function serverMergeConflictHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => canonicallyEqual(a, b, isBookkeeping),
    resolve: async (input) => input.realMasterState,
  };
}
