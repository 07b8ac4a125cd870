import { describe, expect, it } from 'vitest';
import { ID_TYPES } from '../../../src/domain/case/case.schema';
import {
  ID_TYPE_LABELS,
  validateIdentityDocument,
  validatePassport,
} from '../../../src/domain/identity/identity-document';

describe('ID_TYPE_LABELS', () => {
  it('labels every ID type in Chinese and English', () => {
    for (const idType of ID_TYPES) {
      expect(ID_TYPE_LABELS[idType].zh).not.toBe('');
      expect(ID_TYPE_LABELS[idType].en).not.toBe('');
    }
    expect(ID_TYPE_LABELS['hk-macau-permit'].zh).toBe('港澳居民来往内地通行证');
    expect(ID_TYPE_LABELS['taiwan-permit'].zh).toBe('台湾居民来往大陆通行证');
  });
});

describe('validateIdentityDocument', () => {
  it('validates resident ID numbers by GB 11643 and normalises them', () => {
    expect(validateIdentityDocument('resident-id', '11010519491231002x')).toEqual({
      ok: true,
      value: { idType: 'resident-id', idNumber: '11010519491231002X' },
    });
    expect(validateIdentityDocument('resident-id', '110105194912310021')).toMatchObject({
      ok: false,
      error: { zh: '校验位错误：应为 X，实际为 1' },
    });
  });

  it('asks for the number of the chosen document when the input is blank', () => {
    expect(validateIdentityDocument('passport', ' ')).toEqual({
      ok: false,
      error: { zh: '请填写护照号码', en: 'Please enter the Passport number' },
    });
  });

  it('accepts PRC and foreign passport numbers, upper-cased and without spaces', () => {
    for (const [input, idNumber] of [
      ['E12345678', 'E12345678'],
      ['ea1234567', 'EA1234567'],
      ['G12345678', 'G12345678'],
      ['C01X00T47', 'C01X00T47'],
      ['k 1234 5', 'K12345'],
    ] as const) {
      expect(validateIdentityDocument('passport', input)).toEqual({
        ok: true,
        value: { idType: 'passport', idNumber },
      });
    }
  });

  it('rejects passport numbers that are too short, too long or contain symbols', () => {
    for (const input of ['E123', 'A123456789012345678', 'E1234#678']) {
      expect(validateIdentityDocument('passport', input)).toMatchObject({
        ok: false,
        error: { zh: '护照号码应为 5–17 位字母或数字（中国护照如 E12345678、EA1234567）' },
      });
    }
  });

  it('accepts Hong Kong and Macao permits: H or M with 8 or 10 digits', () => {
    for (const input of ['H12345678', 'm1234567801', 'H 1234 5678']) {
      expect(validateIdentityDocument('hk-macau-permit', input).ok).toBe(true);
    }
    expect(validateIdentityDocument('hk-macau-permit', 'h12345678')).toEqual({
      ok: true,
      value: { idType: 'hk-macau-permit', idNumber: 'H12345678' },
    });
  });

  it('rejects Hong Kong and Macao permits with another letter or digit count', () => {
    expect(validateIdentityDocument('hk-macau-permit', 'A12345678')).toMatchObject({
      ok: false,
      error: { zh: '港澳居民来往内地通行证号码应以 H（香港）或 M（澳门）开头' },
    });
    for (const input of ['H1234567', 'H123456789', 'H12345678901', 'H1234567A']) {
      expect(validateIdentityDocument('hk-macau-permit', input)).toMatchObject({
        ok: false,
        error: { zh: '港澳居民来往内地通行证号码应为 H 或 M 加 8 位或 10 位数字' },
      });
    }
  });

  it('accepts Taiwan permits of 8 digits, or 8 digits with one or two trailing check characters', () => {
    for (const [input, idNumber] of [
      ['12345678', '12345678'],
      ['1234567801', '1234567801'],
      ['12345678(B)', '12345678B'],
      ['12345678 (01)', '1234567801'],
    ] as const) {
      expect(validateIdentityDocument('taiwan-permit', input)).toEqual({
        ok: true,
        value: { idType: 'taiwan-permit', idNumber },
      });
    }
  });

  it('rejects Taiwan permits with fewer than 8 digits or too many trailing characters', () => {
    for (const input of ['1234567', '123456789012', 'A2345678', '12345678ABC']) {
      expect(validateIdentityDocument('taiwan-permit', input).ok).toBe(false);
    }
  });
});

describe('validatePassport', () => {
  it('tells numbers shaped like PRC passports from foreign ones', () => {
    expect(validatePassport('E12345678')).toEqual({
      ok: true,
      value: { idNumber: 'E12345678', issuer: 'prc' },
    });
    expect(validatePassport('EA1234567')).toEqual({
      ok: true,
      value: { idNumber: 'EA1234567', issuer: 'prc' },
    });
    expect(validatePassport('G12345678')).toEqual({
      ok: true,
      value: { idNumber: 'G12345678', issuer: 'prc' },
    });
    expect(validatePassport('EI1234567')).toEqual({
      ok: true,
      value: { idNumber: 'EI1234567', issuer: 'foreign' },
    });
    expect(validatePassport('123456789')).toEqual({
      ok: true,
      value: { idNumber: '123456789', issuer: 'foreign' },
    });
  });
});
