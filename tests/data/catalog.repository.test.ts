import { firstValueFrom, skip, take } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogRepository, createCatalogRepository } from '../../src/data/catalog.repository';
import type { JinbanDatabase } from '../../src/data/db';
import type { Catalog } from '../../src/domain/catalog/catalog.schema';
import { openTestDatabase } from './test-database';

let db: JinbanDatabase;
let catalogs: CatalogRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  catalogs = createCatalogRepository(db);
});

afterEach(async () => {
  await db.remove();
});

const catalog = (version: number): Catalog => ({
  version,
  publishedAt: `2026-01-${String(version).padStart(2, '0')}T00:00:00.000Z`,
  departments: [{ code: 'rs', name: '人社', nameEn: 'Human Resources', level: 'county' }],
  fields: [],
  materials: [],
  items: [],
  bundles: [],
});

describe('catalog repository', () => {
  it('has no current catalog before one is stored', async () => {
    expect(await firstValueFrom(catalogs.observeCurrentCatalog())).toBeUndefined();
  });

  it('treats the highest version as current, comparing versions as numbers', async () => {
    await catalogs.putCatalog(catalog(9));
    await catalogs.putCatalog(catalog(10));
    await catalogs.putCatalog(catalog(2));
    expect((await firstValueFrom(catalogs.observeCurrentCatalog()))?.version).toBe(10);
  });

  it('keeps older versions for the cases accepted under them', async () => {
    await catalogs.putCatalog(catalog(1));
    await catalogs.putCatalog(catalog(2));
    expect(await catalogs.getCatalog(1)).toEqual(catalog(1));
    expect(await catalogs.getCatalog(3)).toBeUndefined();
  });

  it('emits the new current catalog when a newer version arrives', async () => {
    await catalogs.putCatalog(catalog(1));
    const next = firstValueFrom(catalogs.observeCurrentCatalog().pipe(skip(1), take(1)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await catalogs.putCatalog(catalog(2));
    expect((await next)?.version).toBe(2);
  });
});
