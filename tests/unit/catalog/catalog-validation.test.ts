import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/domain/catalog/catalog.schema';
import { validateCatalog } from '../../../src/domain/catalog/catalog-validation';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import { anItem, tinyCatalog } from './tiny-catalog';

function problemsOf(data: unknown): readonly LocalizedMessage[] {
  const result = validateCatalog(data);
  return result.ok ? [] : result.errors;
}

function withItem(catalog: Catalog, code: string, change: (item: Catalog['items'][number]) => void): Catalog {
  const item = catalog.items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`no item ${code}`);
  change(item);
  return catalog;
}

describe('validateCatalog', () => {
  it('accepts a consistent catalog and returns it typed', () => {
    const catalog = tinyCatalog();
    const result = validateCatalog(catalog);
    expect(result).toEqual({ ok: true, value: catalog });
  });

  it('names the item and the unknown material it references', () => {
    const catalog = withItem(tinyCatalog(), 'GA-1', (item) => {
      item.materials.push({
        materialId: 'm-foo',
        form: 'original',
        copies: 1,
        required: true,
        exemptions: [],
      });
    });
    expect(problemsOf(catalog)).toEqual([
      { zh: '事项 GA-1 引用了不存在的材料 m-foo', en: 'Item GA-1 references unknown material m-foo' },
    ]);
  });

  it('rejects unknown departments, fields and parent items', () => {
    const catalog = withItem(tinyCatalog(), 'YB-1', (item) => {
      item.departmentCode = 'nope';
      item.fields.push({ code: 'shoeSize', required: true });
      item.parentCode = 'XX-9';
    });
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '事项 YB-1 引用了不存在的部门 nope',
      '事项 YB-1 的主项 XX-9 不存在',
      '事项 YB-1 引用了不存在的表单字段 shoeSize',
    ]);
  });

  it('rejects a bundle that references an unknown item or lead department', () => {
    const catalog = tinyCatalog();
    const bundle = catalog.bundles[0]!;
    bundle.itemCodes = [...bundle.itemCodes, 'XX-1'];
    bundle.leadDepartmentCode = 'mzj';
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '一件事 YJS-1 引用了不存在的事项 XX-1',
      '一件事 YJS-1 的牵头部门 mzj 不存在',
    ]);
  });

  it('rejects a lead department that handles none of the bundle items', () => {
    const catalog = tinyCatalog();
    catalog.departments.push({ code: 'mzj', name: '民政局', nameEn: 'Civil affairs', level: 'county' });
    catalog.bundles[0]!.leadDepartmentCode = 'mzj';
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '一件事 YJS-1 的牵头部门 mzj 不办理其中任何事项',
    ]);
  });

  it('rejects duplicate codes, and an item and a bundle sharing a code', () => {
    const catalog = tinyCatalog();
    catalog.items.push(
      anItem({ code: 'WJ-1', name: '重复事项' }),
      anItem({ code: 'YJS-1', name: '撞码事项' }),
    );
    catalog.materials.push({ id: 'bills', name: '票据', nameEn: 'Receipts' });
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '材料编码 bills 重复',
      '事项编码 WJ-1 重复',
      '编码 YJS-1 同时用于事项和一件事',
    ]);
  });

  it('rejects a material or field listed twice by one item', () => {
    const catalog = withItem(tinyCatalog(), 'YB-1', (item) => {
      item.materials.push({
        materialId: 'bills',
        form: 'original',
        copies: 1,
        required: true,
        exemptions: [],
      });
      item.fields.push({ code: 'phone', required: true });
    });
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '事项 YB-1 重复列出材料 bills',
      '事项 YB-1 重复列出表单字段 phone',
    ]);
  });

  it('rejects a promise longer than the statutory limit', () => {
    const catalog = withItem(tinyCatalog(), 'GA-1', (item) => {
      item.statutoryDays = 2;
    });
    expect(problemsOf(catalog)).toEqual([
      {
        zh: '事项 GA-1 的承诺时限（3 个工作日）超过法定时限（2 个工作日）',
        en: 'Item GA-1 promises 3 working days, more than the statutory 2',
      },
    ]);
  });

  it('requires an instant item to promise 0 days and a promised item at least 1', () => {
    const catalog = tinyCatalog();
    withItem(catalog, 'WJ-1', (item) => {
      item.promisedDays = 3;
    });
    withItem(catalog, 'GA-1', (item) => {
      item.promisedDays = 0;
    });
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '即办件 WJ-1 的承诺时限应为 0 个工作日',
      '承诺件 GA-1 的承诺时限至少为 1 个工作日',
    ]);
  });

  it('rejects a bundle promising more days or trips than its slowest item', () => {
    const catalog = tinyCatalog();
    catalog.bundles[0]!.promisedDays = 4;
    catalog.bundles[0]!.maxTrips = 2;
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '一件事 YJS-1 的承诺时限（4 个工作日）超过其中最长的事项承诺时限（3 个工作日）',
      '一件事 YJS-1 的跑动次数（2 次）超过其中任何事项的跑动次数（最多 1 次）',
    ]);
  });

  it('rejects an e-licence exemption for a material without an e-licence, and a copy of zero copies', () => {
    const catalog = withItem(tinyCatalog(), 'YB-1', (item) => {
      item.materials = [
        { materialId: 'bills', form: 'copy', copies: 0, required: true, exemptions: ['e-license'] },
      ];
    });
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '事项 YB-1 的材料 bills 允许以电子证照免交，但该材料没有电子证照',
      '事项 YB-1 的材料 bills 需要复印件，份数至少为 1',
    ]);
  });

  it('requires options on select fields only', () => {
    const catalog = tinyCatalog();
    catalog.fields.push(
      { code: 'gender', label: '性别', labelEn: 'Sex', type: 'select' },
      { code: 'age', label: '年龄', labelEn: 'Age', type: 'number', options: ['1'] },
    );
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '表单字段 gender 为选择类型，必须提供选项',
      '表单字段 age 不是选择类型，不应提供选项',
    ]);
  });

  it('rejects a sub-item of a sub-item and an item that is its own parent', () => {
    const catalog = tinyCatalog();
    withItem(catalog, 'WJ-2', (item) => {
      item.parentCode = 'WJ-1';
    });
    catalog.items.push(
      anItem({ code: 'WJ-3', name: '孙项', parentCode: 'WJ-2' }),
      anItem({ code: 'WJ-4', name: '自引', parentCode: 'WJ-4' }),
    );
    expect(problemsOf(catalog).map((problem) => problem.zh)).toEqual([
      '事项 WJ-3 的主项 WJ-2 本身是子项',
      '事项 WJ-4 不能以自身为主项',
    ]);
  });

  it('reports schema errors with the entry code and path, before any reference check', () => {
    const catalog = tinyCatalog() as unknown as {
      items: Array<Record<string, unknown>>;
      publishedAt: string;
    };
    delete catalog.items[1]!['legalBasis'];
    catalog.items[2]!['kind'] = 'someday';
    catalog.publishedAt = '2026-02-30 morning';
    expect(problemsOf(catalog)).toEqual([
      { zh: '/publishedAt：不是有效的 date-time', en: '/publishedAt: is not a valid date-time' },
      {
        zh: '事项 GA-1（/items/1）：缺少必填字段 legalBasis',
        en: 'Item GA-1 (/items/1): missing property legalBasis',
      },
      {
        zh: '事项 YB-1（/items/2/kind）：取值应为以下之一：instant, promised',
        en: 'Item YB-1 (/items/2/kind): must be one of: instant, promised',
      },
    ]);
  });

  it('rejects something that is not a catalog at all with one summary message', () => {
    const result = validateCatalog('catalog.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({
      zh: '目录校验未通过（共 1 处问题）：/：类型应为 object',
      en: 'The catalog is invalid (1 problem(s)): /: must be of type object',
    });
  });
});
