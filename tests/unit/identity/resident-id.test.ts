import { describe, expect, it } from 'vitest';
import { maskIdNumber, validateResidentId } from '../../../src/domain/identity/resident-id';

// Check digits below were computed by hand with ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2).
const TODAY = '2026-03-15';

function errorOf(input: string, today = TODAY) {
  const result = validateResidentId(input, today);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.error;
}

describe('validateResidentId', () => {
  it('accepts the well-known sample 11010519491231002X and reads birth date, sex and region', () => {
    expect(validateResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
    });
  });

  it('reads an odd order code as male', () => {
    const result = validateResidentId('330522198506151235', TODAY);
    expect(result.ok && result.value).toMatchObject({
      birthDate: '1985-06-15',
      sex: 'male',
      regionCode: '330522',
    });
  });

  it('normalises a lower-case x, surrounding spaces and full-width digits', () => {
    for (const input of [' 11010519491231002x ', '１１０１０５１９４９１２３１００２Ｘ']) {
      const result = validateResidentId(input, TODAY);
      expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
    }
  });

  it('names the expected and the actual check digit when they differ', () => {
    expect(errorOf('110105194912310021')).toEqual({
      zh: '校验位错误：应为 X，实际为 1',
      en: 'Check digit is wrong: expected X, got 1',
    });
    expect(errorOf('330522198506151236').zh).toBe('校验位错误：应为 5，实际为 6');
  });

  it('rejects a birth date that does not exist, such as 1900-02-30', () => {
    expect(errorOf('330522190002300018')).toEqual({
      zh: '出生日期 1900-02-30 不存在',
      en: 'Birth date 1900-02-30 does not exist',
    });
    expect(errorOf('330522202313010013').zh).toBe('出生日期 2023-13-01 不存在');
    expect(errorOf('330522202301000010').zh).toBe('出生日期 2023-01-00 不存在');
  });

  it('accepts 29 February only in leap years', () => {
    expect(validateResidentId('440304200002290049', TODAY).ok).toBe(true); // 2000: divisible by 400
    expect(validateResidentId('310115202402290070', TODAY).ok).toBe(true);
    expect(errorOf('330522202302290013').zh).toBe('出生日期 2023-02-29 不存在');
    expect(errorOf('330522190002290016').zh).toBe('出生日期 1900-02-29 不存在'); // 1900: divisible by 100 only
  });

  it('rejects a birth date after today but accepts one born today', () => {
    expect(errorOf('330522202603150022', '2026-03-14')).toEqual({
      zh: '出生日期 2026-03-15 晚于今天',
      en: 'Birth date 2026-03-15 is in the future',
    });
    expect(validateResidentId('330522202603150022', '2026-03-15').ok).toBe(true);
  });

  it('rejects birth dates before 1900-01-01 and accepts that day itself', () => {
    expect(errorOf('330522189912310014').zh).toBe('出生日期 1899-12-31 早于 1900-01-01');
    expect(validateResidentId('330522190001010019', TODAY).ok).toBe(true);
  });

  it('rejects region codes whose first two digits are not a province', () => {
    expect(errorOf('000000198001010013')).toEqual({
      zh: '地区码 000000 无效：前两位 00 不是省级行政区划代码',
      en: 'Region code 000000 is invalid: 00 is not a province-level code',
    });
    expect(errorOf('990101198001010014').zh).toContain('前两位 99');
  });

  it('rejects a mainland region code that names a province but no prefecture', () => {
    expect(errorOf('110000198001010019').zh).toBe('地区码 110000 无效：缺少地市级代码');
  });

  it('accepts the province-level codes of Hong Kong, Macao and Taiwan residence permits', () => {
    expect(validateResidentId('810000199001010019', TODAY).ok).toBe(true);
    expect(validateResidentId('830000199001010020', TODAY).ok).toBe(true);
  });

  it('reports the length, with a hint for old 15-digit numbers', () => {
    expect(errorOf('11010519491231002').zh).toBe('身份证号码应为 18 位，实际为 17 位');
    expect(errorOf('110105491231002')).toEqual({
      zh: '身份证号码应为 18 位，实际为 15 位（15 位旧号码请换用 18 位号码）',
      en: 'An ID number has 18 characters, this one has 15 (use the 18-digit number, not the old 15-digit one)',
    });
    expect(errorOf('').zh).toBe('身份证号码应为 18 位，实际为 0 位');
  });

  it('rejects every single-character change of a valid number', () => {
    const valid = '330522198506151235';
    for (let position = 0; position < valid.length; position++) {
      for (const replacement of '0123456789X') {
        if (replacement === valid[position]) continue;
        const changed = `${valid.slice(0, position)}${replacement}${valid.slice(position + 1)}`;
        expect(validateResidentId(changed, TODAY).ok, changed).toBe(false);
      }
    }
  });

  it('points at the first illegal character', () => {
    expect(errorOf('1101051949123X002X')).toEqual({
      zh: '第 14 位字符「X」不合法：前 17 位只能是数字，最后一位是数字或 X',
      en: 'Character 14 ("X") is not allowed: the first 17 must be digits, the last a digit or X',
    });
    expect(errorOf('11010519491231002Y').zh).toContain('第 18 位字符「Y」');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first and last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber(' H1234567890 ')).toBe('H123***7890');
  });

  it('masks a short number completely rather than showing it whole', () => {
    expect(maskIdNumber('12345678')).toBe('********');
  });
});
