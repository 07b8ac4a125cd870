import type { RxJsonSchema } from 'rxdb';
import { type Case, caseSchema } from '../../domain/case/case.schema';

/**
 * Version 1 added `handlingDepartment` and `deliveryStation` (就近办: accepted here, handled by a department,
 * delivered at a station of choice); version 2 lets a draft be stored before its applicant is identified; version 3
 * adds `openConflictIds`, the sync server's mark on a case with an unresolved conflict. See
 * migrations/cases.migrations.ts.
 *
 * Indexes serve the list screens. A newest-first list whose equality filters are the leading fields of an index
 * ending in createdAt reads that index backwards and stops after one page (index-page-reads.ts); other filter
 * combinations read the whole index range they select and sort it in memory.
 * The Dexie storage indexes required fields only, so the optional `caseNo` and `dueOn` are matched while reading an
 * index range, not through an index of their own.
 */
export const casesSchema: RxJsonSchema<Case> = {
  version: 3,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: caseSchema.required,
  properties: caseSchema.properties,
  indexes: [
    ['acceptedAtStation', 'status', 'createdAt'],
    ['acceptedAtStation', 'createdAt'],
    ['status', 'createdAt'],
    'createdAt',
    'updatedAt',
    ['applicant.idNumber', 'createdAt'],
  ],
  attachments: {},
};
