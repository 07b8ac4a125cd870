import type { RxJsonSchema } from 'rxdb';
import { type CaseEvent, caseEventSchema } from '../../domain/case/case.schema';

/** Append-only: one document per transition or edit, never updated. */
export const caseEventsSchema: RxJsonSchema<CaseEvent> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: caseEventSchema.required,
  properties: caseEventSchema.properties,
  indexes: [['caseId', 'at']],
};
