import { Ajv, type Options } from 'ajv';

const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** RFC 3339 date-time, the format every timestamp in a domain document uses. */
export const isDateTime = (text: string): boolean =>
  RFC3339_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text));

/**
 * An ajv instance that understands the formats the domain schemas use. One place, so the station and the sync
 * server judge a document by the same rules (ajv-formats is only a transitive dependency here, so the one format we
 * need is defined by hand).
 */
export function createSchemaValidator(options: Options = {}): Ajv {
  const ajv = new Ajv(options);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  return ajv;
}
