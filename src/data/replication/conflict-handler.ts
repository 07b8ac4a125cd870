import type { RxConflictHandler } from 'rxdb';
import { canonicallyEqual } from '../../domain/canonical-json';

const withoutBookkeeping = (document: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(document).filter(([key]) => key === '_deleted' || !key.startsWith('_')));

/**
 * The sync server merges a stale push itself (src/domain/conflict/three-way-merge.ts) and keeps whatever it could
 * not merge in a conflict record, so the master it answers with already holds every change that survives: the
 * device adopts it as it is. Equality ignores key order and RxDB's own fields, as the server's comparison does.
 */
export function serverMergeConflictHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => canonicallyEqual(withoutBookkeeping(a), withoutBookkeeping(b)),
    resolve: async (input) => input.realMasterState,
  };
}
