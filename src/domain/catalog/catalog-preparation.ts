import { pinyin } from 'pinyin-pro';
import type { Catalog } from './catalog.schema';

/**
 * Server-side preparation of a catalog before it is published or seeded. Kept apart from catalog-search.ts so
 * the browser bundle never loads pinyin-pro's dictionary: tablets search the precomputed `pinyinInitials`.
 */

/**
 * 城乡居民基本养老保险参保登记 → "cxjmjbylbxcbdj". Latin letters and digits are kept (3岁以下… → "3syx…"),
 * lower-cased; punctuation and spaces are dropped because nobody types 「（」 into a search box.
 */
export function pinyinInitialsOf(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}

/** A copy of the catalog with `pinyinInitials` filled on every item and bundle. */
export function prepareCatalog(catalog: Catalog): Catalog {
  return {
    ...catalog,
    items: catalog.items.map((item) => ({ ...item, pinyinInitials: pinyinInitialsOf(item.name) })),
    bundles: catalog.bundles.map((bundle) => ({ ...bundle, pinyinInitials: pinyinInitialsOf(bundle.name) })),
  };
}
