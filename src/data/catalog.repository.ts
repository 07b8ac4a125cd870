import { map, type Observable } from 'rxjs';
import type { Catalog } from '../domain/catalog/catalog.schema';
import type { JinbanDatabase } from './db';
import { catalogDocumentId } from './schemas/catalogs.schema';
import { withStorageFullMapping } from './storage-errors';

export interface CatalogRepository {
  /** The catalog with the highest version on this device; undefined until one is stored. */
  observeCurrentCatalog(): Observable<Catalog | undefined>;
  getCatalog(version: number): Promise<Catalog | undefined>;
  putCatalog(catalog: Catalog): Promise<void>;
}

export function createCatalogRepository(db: JinbanDatabase): CatalogRepository {
  const catalogs = db.catalogs;
  return {
    observeCurrentCatalog: () =>
      catalogs
        .findOne({ selector: {}, sort: [{ version: 'desc' }] })
        .$.pipe(map((doc) => doc?.toMutableJSON().catalog)),

    getCatalog: async (version) =>
      (await catalogs.findOne(catalogDocumentId(version)).exec())?.toMutableJSON().catalog,

    putCatalog: async (catalog) => {
      await withStorageFullMapping(() =>
        catalogs.upsert({
          id: catalogDocumentId(catalog.version),
          version: catalog.version,
          publishedAt: catalog.publishedAt,
          catalog,
        }),
      );
    },
  };
}
