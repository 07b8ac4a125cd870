import type { RxJsonSchema } from 'rxdb';
import { type Catalog, catalogSchema } from '../../domain/catalog/catalog.schema';

/**
 * One document per published catalog version. Old versions stay: a case keeps the catalog version it was accepted
 * under. `id` is the version as a string because RxDB primary keys are strings; `version` is kept as a number so
 * "the current catalog" (highest version) sorts numerically, not as text ("10" < "9").
 */
export interface CatalogDocument {
  id: string;
  version: number;
  publishedAt: string;
  catalog: Catalog;
}

export const catalogsSchema: RxJsonSchema<CatalogDocument> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'publishedAt', 'catalog'],
  properties: {
    id: { type: 'string', maxLength: 10 },
    version: { ...catalogSchema.properties.version, maximum: 999_999_999, multipleOf: 1 },
    publishedAt: catalogSchema.properties.publishedAt,
    catalog: catalogSchema,
  },
  indexes: ['version'],
};

export const catalogDocumentId = (version: number): string => String(version);
