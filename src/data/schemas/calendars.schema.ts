import type { RxJsonSchema } from 'rxdb';
import { type HolidayYear, holidayYearSchema } from '../../domain/calendar/holiday-year.schema';

/**
 * One document per calendar year holding the highest published version of that year's holidays; `id` is the year as
 * a string because RxDB primary keys are strings.
 */
export type HolidayYearDocument = HolidayYear & { id: string };

export const calendarsSchema: RxJsonSchema<HolidayYearDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', ...holidayYearSchema.required],
  properties: {
    id: { type: 'string', maxLength: 4 },
    ...holidayYearSchema.properties,
  },
};

export const holidayYearDocumentId = (year: number): string => String(year);
