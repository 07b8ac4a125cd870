import { describe, expect, it } from 'vitest';
import { validateMobile } from '../../../src/domain/identity/phone';

describe('validateMobile', () => {
  it('accepts 11 digits starting with 13 to 19', () => {
    for (const mobile of ['13800138000', '15912345678', '19912345678']) {
      expect(validateMobile(mobile)).toEqual({ ok: true, value: mobile });
    }
  });

  it('drops spaces, dashes and a +86 or 86 prefix', () => {
    for (const input of [
      ' 138 0013 8000 ',
      '138-0013-8000',
      '+86 138 0013 8000',
      '+86-13800138000',
      '8613800138000',
    ]) {
      expect(validateMobile(input)).toEqual({ ok: true, value: '13800138000' });
    }
  });

  it('reads full-width digits typed with a Chinese input method', () => {
    expect(validateMobile('１３８００１３８０００')).toEqual({ ok: true, value: '13800138000' });
  });

  it('reports the number of digits when there are too few or too many', () => {
    expect(validateMobile('1380013800')).toEqual({
      ok: false,
      error: {
        zh: '手机号码应为 11 位数字，实际为 10 位',
        en: 'A mobile number has 11 digits, this one has 10',
      },
    });
    expect(validateMobile('138001380001')).toMatchObject({
      ok: false,
      error: { zh: '手机号码应为 11 位数字，实际为 12 位' },
    });
  });

  it('rejects numbers that do not start with 13 to 19', () => {
    for (const input of ['12800138000', '10800138000', '23800138000']) {
      expect(validateMobile(input)).toEqual({
        ok: false,
        error: { zh: '手机号码应以 13–19 开头', en: 'A mobile number starts with 13 to 19' },
      });
    }
  });

  it('rejects letters and other symbols', () => {
    expect(validateMobile('1380013800a')).toMatchObject({
      ok: false,
      error: { zh: '手机号码只能包含数字（可带 +86 前缀）' },
    });
    expect(validateMobile('+1 13800138000')).toMatchObject({ ok: false });
  });

  it('asks for a number when the input is blank', () => {
    expect(validateMobile('  ')).toEqual({
      ok: false,
      error: { zh: '请填写手机号码', en: 'Please enter a mobile number' },
    });
  });

  it('does not mistake a landline-length number starting with 86 for a prefixed mobile', () => {
    expect(validateMobile('86123456789')).toMatchObject({
      ok: false,
      error: { zh: '手机号码应以 13–19 开头' },
    });
  });
});
