import { describe, expect, it } from 'vitest';
import { mergeBundle } from '../../../src/domain/catalog/bundle-merge';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { prepareCatalog } from '../../../src/domain/catalog/catalog-preparation';
import { searchCatalog } from '../../../src/domain/catalog/catalog-search';
import { validateCatalog } from '../../../src/domain/catalog/catalog-validation';
import demoCatalogJson from '../../../src/domain/demo/demo-catalog.json';

function demoCatalog(): Catalog {
  const result = validateCatalog(demoCatalogJson);
  if (!result.ok) throw new Error(result.errors.map((error) => error.en).join('\n'));
  return result.value;
}

const itemNamed = (catalog: Catalog, name: string) => catalog.items.find((item) => item.name === name);

describe('demo catalog', () => {
  it('passes catalog validation', () => {
    expect(validateCatalog(demoCatalogJson).ok).toBe(true);
  });

  it('holds at least 30 items and 3 bundles from the departments in the sources', () => {
    const catalog = demoCatalog();
    expect(catalog.items.length).toBeGreaterThanOrEqual(30);
    expect(catalog.bundles.length).toBeGreaterThanOrEqual(3);
    const departmentNames = catalog.departments.map((department) => department.name).join('');
    for (const short of [
      '人力资源和社会保障',
      '民政',
      '医疗保障',
      '卫生健康',
      '公安',
      '残疾人联合会',
      '退役军人',
      '市场监督管理',
    ]) {
      expect(departmentNames).toContain(short);
    }
  });

  it('contains the high-frequency items village stations handle', () => {
    const catalog = demoCatalog();
    for (const name of [
      '就业失业登记',
      '城乡居民基本养老保险参保登记',
      '残疾人证申领',
      '最低生活保障申请',
      '临时救助申请',
      '城乡居民基本医疗保险参保登记',
      '基本医疗保险参保人员异地就医备案',
      '出生医学证明签发',
      '预防接种证发放',
      '出生登记',
      '社会保障卡申领',
      '退役军人优待证申领',
      '高龄津贴申领',
      '个体工商户设立登记',
      '失业保险金申领',
    ]) {
      expect(itemNamed(catalog, name), name).toBeDefined();
    }
  });

  it('bundles 新生儿出生一件事 as 7 items from 5 departments, as in Jiangsu', () => {
    const catalog = demoCatalog();
    const newborn = catalog.bundles.find((bundle) => bundle.name === '新生儿出生一件事');
    expect(newborn).toBeDefined();
    const merged = mergeBundle(catalog, newborn!.code);
    expect(merged.items).toHaveLength(7);
    expect(merged.subCases).toHaveLength(5);
    const departmentOf = (name: string) => itemNamed(catalog, name)?.departmentCode;
    expect(merged.items.map((item) => item.name)).toEqual(
      expect.arrayContaining([
        '出生医学证明签发',
        '预防接种证发放',
        '出生登记',
        '城乡居民基本医疗保险参保登记',
        '社会保障卡申领',
      ]),
    );
    expect(departmentOf('出生医学证明签发')).toBe(departmentOf('预防接种证发放'));
    // The parents hand over the birth certificate once, not once per department.
    expect(
      merged.materials.filter((material) => material.materialId === 'birth-medical-certificate'),
    ).toHaveLength(1);
  });

  it('includes 企业职工退休一件事 and every bundle merges', () => {
    const catalog = demoCatalog();
    expect(catalog.bundles.map((bundle) => bundle.name)).toContain('企业职工退休一件事');
    for (const bundle of catalog.bundles) {
      expect(mergeBundle(catalog, bundle.code).subCases.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('offers e-licences for the real electronic certificates', () => {
    const catalog = demoCatalog();
    for (const name of ['居民身份证', '居民户口簿', '结婚证', '出生医学证明', '中华人民共和国残疾人证']) {
      expect(catalog.materials.find((material) => material.name === name)?.eLicense, name).toBeTruthy();
    }
  });

  it('is mostly free, mostly at most one trip, and uses every kind of exemption', () => {
    const catalog = demoCatalog();
    const free = catalog.items.filter((item) => item.fee === 0).length;
    const atMostOneTrip = catalog.items.filter((item) => item.maxTrips <= 1).length;
    expect(free / catalog.items.length).toBeGreaterThan(0.9);
    expect(atMostOneTrip / catalog.items.length).toBeGreaterThan(0.9);
    expect(catalog.items.some((item) => item.maxTrips === 2)).toBe(true);
    const usedExemptions = new Set(
      catalog.items.flatMap((item) => item.materials.flatMap((material) => material.exemptions)),
    );
    expect([...usedExemptions].sort()).toEqual(
      ['commitment', 'data-sharing', 'e-license', 'none-required', 'online-check', 'verifiable'].sort(),
    );
  });

  it('stores exactly the pinyin initials prepareCatalog derives', () => {
    const catalog = demoCatalog();
    expect(catalog).toEqual(prepareCatalog(catalog));
  });

  it('is searchable by Chinese and by pinyin initials', () => {
    const catalog = demoCatalog();
    const pension = searchCatalog(catalog, '养老').items.map((item) => item.name);
    expect(pension).toContain('城乡居民基本养老保险参保登记');
    expect(pension.every((name) => name.includes('养老'))).toBe(true);
    const residents = searchCatalog(catalog, 'cxjm').items.map((item) => item.name);
    expect(residents.slice(0, 2)).toEqual(['城乡居民基本养老保险参保登记', '城乡居民基本养老保险待遇申领']);
    expect(searchCatalog(catalog, 'xsecs').bundles.map((bundle) => bundle.name)).toEqual([
      '新生儿出生一件事',
    ]);
  });
});
