import type { RxJsonSchema } from 'rxdb';
import { type Station, stationSchema } from '../../domain/organisation/organisation.schema';

export const stationsSchema: RxJsonSchema<Station> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: stationSchema.required,
  properties: stationSchema.properties,
};
