import type { FromSchema } from 'json-schema-to-ts';

/**
 * One year of public holidays and make-up working days (调休上班), as the State Council General Office publishes
 * them each November. Like the catalog this is data an admin publishes, not code: a new year or a correction is a
 * new document with a higher version.
 */

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 } as const;

export const holidaySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'nameEn', 'from', 'to'],
  properties: {
    name: { type: 'string', minLength: 1 },
    nameEn: { type: 'string', minLength: 1 },
    /** First day off, inclusive. */
    from: isoDate,
    /** Last day off, inclusive. */
    to: isoDate,
  },
} as const;
export type Holiday = FromSchema<typeof holidaySchema>;

export const holidayYearSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'holidays', 'makeUpWorkdays', 'source', 'publishedAt', 'version'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2100 },
    holidays: { type: 'array', items: holidaySchema },
    /** Saturdays and Sundays that are working days (调休上班). */
    makeUpWorkdays: { type: 'array', items: isoDate, uniqueItems: true },
    /** The notice the dates come from, with its number and date, so anyone can check them. */
    source: { type: 'string', minLength: 1 },
    publishedAt: { type: 'string', format: 'date-time', maxLength: 40 },
    /** Raised on every correction; the highest version of a year wins. */
    version: { type: 'integer', minimum: 1 },
  },
} as const;
export type HolidayYear = FromSchema<typeof holidayYearSchema>;
