import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { pinyinInitialsOf, prepareCatalog } from '../../../src/domain/catalog/catalog-preparation';
import { searchCatalog } from '../../../src/domain/catalog/catalog-search';
import { anItem, tinyCatalog } from './tiny-catalog';

function searchFixture(): Catalog {
  const base = tinyCatalog();
  return prepareCatalog({
    ...base,
    items: [
      anItem({ code: 'YL-01', name: '就业失业登记' }),
      anItem({ code: 'RS-002', name: '城乡居民基本养老保险参保登记' }),
      anItem({ code: 'MZ-009', name: '养老服务补贴申请' }),
      anItem({ code: 'MZ-004', name: '高龄津贴申领（补发）' }),
      anItem({ code: 'MZ-003', name: '高龄津贴申领' }),
    ],
    bundles: base.bundles.map((bundle) => ({ ...bundle, itemCodes: ['YL-01', 'RS-002'] })),
  });
}

const codes = (result: { readonly items: ReadonlyArray<{ readonly code: string }> }) =>
  result.items.map((item) => item.code);

describe('pinyinInitialsOf', () => {
  it('takes the first letter of each syllable', () => {
    expect(pinyinInitialsOf('城乡居民基本养老保险参保登记')).toBe('cxjmjbylbxcbdj');
  });

  it('keeps Latin letters and digits lower-cased and drops punctuation', () => {
    expect(pinyinInitialsOf('3岁以下婴幼儿照护')).toBe('3syxyyezh');
    expect(pinyinInitialsOf('住房公积金提取（离休、退休）')).toBe('zfgjjtqlxtx');
    expect(pinyinInitialsOf('ETC 办理')).toBe('etcbl');
  });
});

describe('prepareCatalog', () => {
  it('fills the initials of every item and bundle without touching the input', () => {
    const catalog = tinyCatalog();
    const prepared = prepareCatalog(catalog);
    expect(prepared.items.map((item) => item.pinyinInitials)).toEqual([
      'csyxzmqf',
      'csdj',
      'cxjmjbylbxcbdj',
      'yfjzzff',
    ]);
    expect(prepared.bundles.map((bundle) => bundle.pinyinInitials)).toEqual(['xsecsyjs']);
    expect(catalog.items[0]?.pinyinInitials).toBeUndefined();
  });
});

describe('searchCatalog', () => {
  it('finds items by a Chinese fragment, name prefix before name-contains', () => {
    expect(codes(searchCatalog(searchFixture(), '养老'))).toEqual(['MZ-009', 'RS-002']);
  });

  it('puts an exact name before names that merely start with it', () => {
    expect(codes(searchCatalog(searchFixture(), '高龄津贴申领'))).toEqual(['MZ-003', 'MZ-004']);
  });

  it('finds items by pinyin initials, prefix before contains before code, case-insensitively', () => {
    expect(codes(searchCatalog(searchFixture(), 'yl'))).toEqual(['MZ-009', 'RS-002', 'YL-01']);
    expect(codes(searchCatalog(searchFixture(), ' YL '))).toEqual(['MZ-009', 'RS-002', 'YL-01']);
    expect(codes(searchCatalog(searchFixture(), 'cxjm'))).toEqual(['RS-002']);
  });

  it('keeps catalog order among equally good matches', () => {
    expect(codes(searchCatalog(searchFixture(), '申'))).toEqual(['MZ-009', 'MZ-004', 'MZ-003']);
  });

  it('searches bundles by name and initials too', () => {
    const result = searchCatalog(searchFixture(), 'xsecs');
    expect(result.items).toEqual([]);
    expect(result.bundles.map((bundle) => bundle.code)).toEqual(['YJS-1']);
  });

  it('returns everything in catalog order for an empty query', () => {
    const catalog = searchFixture();
    const result = searchCatalog(catalog, '  ');
    expect(result.items).toEqual(catalog.items);
    expect(result.bundles).toEqual(catalog.bundles);
  });

  it('returns at most limit matches per list', () => {
    expect(codes(searchCatalog(searchFixture(), 'yl', { limit: 2 }))).toEqual(['MZ-009', 'RS-002']);
    expect(codes(searchCatalog(searchFixture(), '', { limit: 1 }))).toEqual(['YL-01']);
  });

  it('finds nothing for a query that matches nothing', () => {
    expect(searchCatalog(searchFixture(), '房产')).toEqual({ items: [], bundles: [] });
  });

  it('still finds an unprepared catalog by name', () => {
    expect(codes(searchCatalog(tinyCatalog(), '出生'))).toEqual(['WJ-1', 'GA-1']);
  });

  it('does not load pinyin-pro, so the browser bundle stays small', () => {
    const source = readFileSync(
      new URL('../../../src/domain/catalog/catalog-search.ts', import.meta.url),
      'utf8',
    );
    const imports = source.split('\n').filter((line) => line.startsWith('import'));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line).toMatch(/^import type /);
  });
});
