import { describe, expect, it } from 'vitest';
import { mergeBundle } from '../../../src/domain/catalog/bundle-merge';
import {
  materialsCut,
  resolveMaterials,
  tallyMaterials,
} from '../../../src/domain/catalog/material-resolution';
import { tinyCatalog } from './tiny-catalog';

const catalog = tinyCatalog();
const birthRegistration = catalog.items.find((item) => item.code === 'GA-1')!;
const insurance = catalog.items.find((item) => item.code === 'YB-1')!;

describe('resolveMaterials', () => {
  it('lists exactly the required materials that were neither brought nor validly exempted', () => {
    const resolution = resolveMaterials(catalog, birthRegistration, { 'id-card': { state: 'brought' } });
    expect(resolution).toEqual({
      missing: [
        {
          materialId: 'birth-cert',
          name: '出生医学证明',
          nameEn: 'Birth medical certificate',
          form: 'original',
          copies: 1,
          required: true,
        },
      ],
      errors: [],
    });
  });

  it('accepts an exemption the material allows', () => {
    const resolution = resolveMaterials(catalog, birthRegistration, {
      'id-card': { state: 'exempt', exemption: 'e-license' },
      'birth-cert': { state: 'exempt', exemption: 'data-sharing' },
    });
    expect(resolution).toEqual({ missing: [], errors: [] });
  });

  it('lists a conditional material, with its condition, once the clerk records it as missing', () => {
    const resolution = resolveMaterials(catalog, birthRegistration, {
      'id-card': { state: 'brought' },
      'birth-cert': { state: 'brought' },
      'marriage-cert': { state: 'missing' },
    });
    expect(resolution.missing).toEqual([
      {
        materialId: 'marriage-cert',
        name: '结婚证',
        nameEn: 'Marriage certificate',
        form: 'original',
        copies: 1,
        condition: '父母已婚的',
        required: false,
      },
    ]);
  });

  it('refuses an exemption the material does not allow and keeps the material on the notice', () => {
    const resolution = resolveMaterials(catalog, birthRegistration, {
      'id-card': { state: 'exempt', exemption: 'commitment' },
      'birth-cert': { state: 'brought' },
    });
    expect(resolution.errors).toEqual([
      {
        zh: '材料「居民身份证」不允许以「告知承诺」免交，仅可：电子证照',
        en: 'Material "Resident ID card" cannot be exempted by written commitment; allowed: e-licence',
      },
    ]);
    expect(resolution.missing.map((entry) => entry.materialId)).toEqual(['id-card']);
  });

  it('refuses any exemption for a material that has none, and an exemption without a kind', () => {
    const resolution = resolveMaterials(catalog, insurance, {
      bills: { state: 'exempt', exemption: 'online-check' },
      'birth-cert': { state: 'exempt' },
    });
    expect(resolution.errors.map((error) => error.zh)).toEqual([
      '材料「出生医学证明」标记为免交，但未注明免交方式',
      '材料「医疗费用票据」不可免交，不能以「网络核验」免交',
    ]);
    expect(resolution.missing.map((entry) => entry.materialId)).toEqual(['birth-cert', 'bills']);
  });

  it('reports a recorded material that the item does not ask for', () => {
    const resolution = resolveMaterials(catalog, insurance, {
      bills: { state: 'brought' },
      'id-card': { state: 'brought' },
    });
    expect(resolution.errors).toEqual([
      { zh: '材料 id-card 不属于本事项', en: 'Material id-card is not part of this item' },
    ]);
  });

  it('applies the merged exemptions of a bundle, not those of a single item', () => {
    const merged = mergeBundle(catalog, 'YJS-1');
    const resolution = resolveMaterials(catalog, merged, {
      // 'verifiable' is fine for 出生医学证明签发 alone, but 出生登记 does not accept it.
      'id-card': { state: 'exempt', exemption: 'verifiable' },
      'birth-cert': { state: 'exempt', exemption: 'e-license' },
    });
    expect(resolution.errors.map((error) => error.zh)).toEqual([
      '材料「居民身份证」不允许以「经办人查验」免交，仅可：电子证照',
    ]);
    expect(resolution.missing.map((entry) => [entry.materialId, entry.form, entry.copies])).toEqual([
      ['id-card', 'original-and-copy', 2],
      ['bills', 'copy', 1],
    ]);
  });
});

describe('materialsCut', () => {
  it('counts the materials an applicant can be spared', () => {
    expect(materialsCut(insurance.materials)).toEqual({ listed: 3, cut: 2, toSubmit: 1 });
    expect(materialsCut([])).toEqual({ listed: 0, cut: 0, toSubmit: 0 });
  });
});

describe('tallyMaterials', () => {
  it('counts submitted, exempted (by kind) and missing materials of a case', () => {
    expect(
      tallyMaterials({
        'id-card': { state: 'exempt', exemption: 'e-license' },
        'birth-cert': { state: 'exempt', exemption: 'e-license' },
        'marriage-cert': { state: 'exempt', exemption: 'data-sharing' },
        bills: { state: 'brought' },
        photo: { state: 'missing' },
      }),
    ).toEqual({
      submitted: 1,
      exempted: 3,
      missing: 1,
      byExemption: {
        'none-required': 0,
        'data-sharing': 1,
        verifiable: 0,
        'e-license': 2,
        commitment: 0,
        'online-check': 0,
      },
    });
  });
});
