import { describe, expect, it } from 'vitest';
import { mergeBundle } from '../../../src/domain/catalog/bundle-merge';
import { tinyCatalog } from './tiny-catalog';

describe('mergeBundle', () => {
  it('asks each field once, required when any item requires it', () => {
    expect(mergeBundle(tinyCatalog(), 'YJS-1').fields).toEqual([
      { code: 'applicantName', required: true, itemCodes: ['WJ-1', 'GA-1'] },
      { code: 'babyName', required: true, itemCodes: ['WJ-1', 'GA-1'] },
      { code: 'phone', required: false, itemCodes: ['WJ-1', 'YB-1'] },
      { code: 'idNumber', required: true, itemCodes: ['GA-1', 'WJ-2'] },
    ]);
  });

  it('lists each material once with the strictest form and copies and the exemptions every needing item accepts', () => {
    expect(mergeBundle(tinyCatalog(), 'YJS-1').materials).toEqual([
      {
        materialId: 'id-card',
        form: 'original-and-copy',
        copies: 2,
        required: true,
        // WJ-2 lists it only as optional, so its extra 'commitment' cannot widen what WJ-1 and GA-1 accept.
        exemptions: ['e-license'],
        itemCodes: ['WJ-1', 'GA-1', 'WJ-2'],
      },
      {
        materialId: 'birth-cert',
        form: 'original-and-copy',
        copies: 1,
        required: true,
        exemptions: ['data-sharing', 'e-license'],
        itemCodes: ['WJ-1', 'GA-1', 'YB-1'],
      },
      {
        materialId: 'marriage-cert',
        form: 'original',
        copies: 1,
        required: false,
        exemptions: ['e-license'],
        condition: '父母已婚的',
        itemCodes: ['GA-1', 'YB-1'],
      },
      { materialId: 'bills', form: 'copy', copies: 1, required: true, exemptions: [], itemCodes: ['YB-1'] },
    ]);
  });

  it('keeps a material conditional only when every needing item states a condition, joining different ones', () => {
    const catalog = tinyCatalog();
    const ga = catalog.items.find((item) => item.code === 'GA-1')!;
    ga.materials = ga.materials.map((requirement) =>
      requirement.materialId === 'marriage-cert'
        ? { ...requirement, condition: '父母一方为外籍的' }
        : requirement,
    );
    const marriage = mergeBundle(catalog, 'YJS-1').materials.find(
      (material) => material.materialId === 'marriage-cert',
    );
    expect(marriage?.condition).toBe('父母一方为外籍的；父母已婚的');

    const wj2 = catalog.items.find((item) => item.code === 'WJ-2')!;
    wj2.materials = [
      { materialId: 'marriage-cert', form: 'original', copies: 1, required: true, exemptions: ['e-license'] },
    ];
    const unconditional = mergeBundle(catalog, 'YJS-1').materials.find(
      (material) => material.materialId === 'marriage-cert',
    );
    expect(unconditional).toEqual({
      materialId: 'marriage-cert',
      form: 'original',
      copies: 1,
      required: true,
      exemptions: ['e-license'],
      itemCodes: ['GA-1', 'YB-1', 'WJ-2'],
    });
  });

  it("carries the bundle's own time limit and trips", () => {
    const merged = mergeBundle(tinyCatalog(), 'YJS-1');
    expect(merged.promisedDays).toBe(3);
    expect(merged.maxTrips).toBe(1);
    expect(merged.items.map((item) => item.code)).toEqual(['WJ-1', 'GA-1', 'YB-1', 'WJ-2']);
  });

  it('gives each department its items and only the fields and materials they ask for', () => {
    const slices = mergeBundle(tinyCatalog(), 'YJS-1').subCases.map((slice) => ({
      departmentCode: slice.departmentCode,
      itemCodes: slice.itemCodes,
      fields: slice.fields.map((field) => field.code),
      materials: slice.materials.map((material) => material.materialId),
    }));
    expect(slices).toEqual([
      {
        departmentCode: 'wjj',
        itemCodes: ['WJ-1', 'WJ-2'],
        fields: ['applicantName', 'babyName', 'phone', 'idNumber'],
        materials: ['id-card', 'birth-cert'],
      },
      {
        departmentCode: 'gaj',
        itemCodes: ['GA-1'],
        fields: ['applicantName', 'babyName', 'idNumber'],
        materials: ['id-card', 'birth-cert', 'marriage-cert'],
      },
      {
        departmentCode: 'ybj',
        itemCodes: ['YB-1'],
        fields: ['phone'],
        materials: ['birth-cert', 'marriage-cert', 'bills'],
      },
    ]);
  });

  it('hands a department the merged requirement, as collected once for everyone', () => {
    const merged = mergeBundle(tinyCatalog(), 'YJS-1');
    const police = merged.subCases.find((slice) => slice.departmentCode === 'gaj')!;
    expect(police.materials[0]).toBe(merged.materials[0]);
  });

  it('throws for a bundle the catalog does not hold', () => {
    expect(() => mergeBundle(tinyCatalog(), 'YJS-404')).toThrow('Unknown bundle YJS-404');
  });
});
