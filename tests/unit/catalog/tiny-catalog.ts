import type { Catalog, ServiceItem } from '../../../src/domain/catalog/catalog.schema';

/**
 * A small, valid catalog written by hand: a 一件事 of four items from three departments whose fields and
 * materials overlap in every way the merge has to handle.
 */
export function anItem(overrides: Partial<ServiceItem> & Pick<ServiceItem, 'code' | 'name'>): ServiceItem {
  return {
    nameEn: overrides.code,
    departmentCode: 'wjj',
    level: 'township',
    legalBasis: '《测试条例》',
    kind: 'instant',
    statutoryDays: 5,
    promisedDays: 0,
    fee: 0,
    maxTrips: 0,
    onlineCapable: true,
    version: 1,
    materials: [],
    fields: [],
    resultDocument: '测试结果',
    ...overrides,
  };
}

export function tinyCatalog(): Catalog {
  return {
    version: 3,
    publishedAt: '2026-03-02T08:30:00+08:00',
    departments: [
      { code: 'wjj', name: '卫健局', nameEn: 'Health', level: 'county' },
      { code: 'gaj', name: '公安局', nameEn: 'Police', level: 'county' },
      { code: 'ybj', name: '医保局', nameEn: 'Healthcare security', level: 'county' },
    ],
    fields: [
      { code: 'applicantName', label: '姓名', labelEn: 'Name', type: 'text' },
      { code: 'idNumber', label: '公民身份号码', labelEn: 'ID number', type: 'id-number' },
      { code: 'babyName', label: '新生儿姓名', labelEn: 'Newborn name', type: 'text' },
      { code: 'phone', label: '联系电话', labelEn: 'Phone', type: 'phone' },
    ],
    materials: [
      { id: 'id-card', name: '居民身份证', nameEn: 'Resident ID card', eLicense: '居民身份证电子证照' },
      {
        id: 'birth-cert',
        name: '出生医学证明',
        nameEn: 'Birth medical certificate',
        eLicense: '出生医学证明电子证照',
      },
      { id: 'marriage-cert', name: '结婚证', nameEn: 'Marriage certificate', eLicense: '结婚证电子证照' },
      { id: 'bills', name: '医疗费用票据', nameEn: 'Medical receipts' },
    ],
    items: [
      anItem({
        code: 'WJ-1',
        name: '出生医学证明签发',
        maxTrips: 1,
        fields: [
          { code: 'applicantName', required: true },
          { code: 'babyName', required: true },
          { code: 'phone', required: false },
        ],
        materials: [
          {
            materialId: 'id-card',
            form: 'original',
            copies: 1,
            required: true,
            exemptions: ['e-license', 'verifiable'],
          },
          {
            materialId: 'birth-cert',
            form: 'copy',
            copies: 1,
            required: true,
            exemptions: ['e-license', 'data-sharing'],
          },
        ],
      }),
      anItem({
        code: 'GA-1',
        name: '出生登记',
        departmentCode: 'gaj',
        kind: 'promised',
        statutoryDays: 10,
        promisedDays: 3,
        maxTrips: 1,
        fields: [
          { code: 'applicantName', required: false },
          { code: 'idNumber', required: true },
          { code: 'babyName', required: false },
        ],
        materials: [
          { materialId: 'id-card', form: 'copy', copies: 2, required: true, exemptions: ['e-license'] },
          {
            materialId: 'birth-cert',
            form: 'original',
            copies: 1,
            required: true,
            exemptions: ['data-sharing', 'e-license'],
          },
          {
            materialId: 'marriage-cert',
            form: 'original',
            copies: 1,
            required: false,
            exemptions: ['e-license'],
            condition: '父母已婚的',
          },
        ],
      }),
      anItem({
        code: 'YB-1',
        name: '城乡居民基本医疗保险参保登记',
        departmentCode: 'ybj',
        fields: [{ code: 'phone', required: false }],
        materials: [
          {
            materialId: 'birth-cert',
            form: 'copy',
            copies: 1,
            required: false,
            exemptions: ['data-sharing'],
            condition: '新生儿参保的',
          },
          { materialId: 'bills', form: 'copy', copies: 1, required: true, exemptions: [] },
          {
            materialId: 'marriage-cert',
            form: 'original',
            copies: 1,
            required: false,
            exemptions: ['e-license', 'data-sharing'],
            condition: '父母已婚的',
          },
        ],
      }),
      anItem({
        code: 'WJ-2',
        name: '预防接种证发放',
        fields: [{ code: 'idNumber', required: false }],
        materials: [
          {
            materialId: 'id-card',
            form: 'original',
            copies: 1,
            required: false,
            exemptions: ['verifiable', 'e-license', 'commitment'],
            condition: '委托他人代办的',
          },
        ],
      }),
    ],
    bundles: [
      {
        code: 'YJS-1',
        name: '新生儿出生一件事',
        nameEn: 'Newborn',
        leadDepartmentCode: 'wjj',
        itemCodes: ['WJ-1', 'GA-1', 'YB-1', 'WJ-2'],
        promisedDays: 3,
        maxTrips: 1,
        version: 1,
      },
    ],
  };
}
