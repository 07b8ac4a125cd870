import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaseNumberParts,
  formatCaseNumber,
  generateDeviceCode,
  nextSequence,
  parseCaseNumber,
} from '../../../src/domain/case/case-number';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const sample: CaseNumberParts = {
  regionCode: '330522',
  stationId: 'QX01',
  date: '2026-11-23',
  deviceCode: '7K2M',
  seq: 42,
};

const partsArbitrary = fc.record({
  regionCode: fc.stringMatching(/^[1-8]\d{5}$/),
  stationId: fc.stringMatching(/^[A-Z0-9]{4}$/),
  date: fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10)),
  deviceCode: fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}$/),
  seq: fc.integer({ min: 1, max: 9999 }),
});

function errorOf(text: string) {
  const result = parseCaseNumber(text);
  if (result.ok) throw new Error(`expected ${text} to be rejected`);
  return result.error;
}

describe('formatCaseNumber', () => {
  // Check characters computed independently with a separate ISO 7064 MOD 37,36 implementation.
  it('writes the parts in groups with an ISO 7064 MOD 37,36 check character', () => {
    expect(formatCaseNumber(sample)).toBe('330522-QX01-261123-7K2M-0042-2');
    expect(formatCaseNumber({ ...sample, seq: 1 })).toBe('330522-QX01-261123-7K2M-0001-K');
    expect(
      formatCaseNumber({
        regionCode: '110105',
        stationId: 'AB12',
        date: '2024-02-29',
        deviceCode: 'ZZZZ',
        seq: 9999,
      }),
    ).toBe('110105-AB12-240229-ZZZZ-9999-R');
  });

  it('refuses parts no case number can hold', () => {
    expect(() => formatCaseNumber({ ...sample, seq: 0 })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, seq: 10000 })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, deviceCode: '7K2O' })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, stationId: 'qx01' })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, regionCode: '030522' })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, date: '1999-12-31' })).toThrow(RangeError);
    expect(() => formatCaseNumber({ ...sample, date: '2026-02-29' })).toThrow(RangeError);
  });
});

describe('parseCaseNumber', () => {
  it('reads a formatted number back into the same parts', () => {
    fc.assert(
      fc.property(partsArbitrary, (parts) => {
        expect(parseCaseNumber(formatCaseNumber(parts))).toEqual({ ok: true, value: parts });
      }),
    );
  });

  it('tolerates lower case, missing dashes and spaces', () => {
    for (const text of [
      '330522qx012611237k2m00422',
      ' 330522 QX01 261123 7K2M 0042 2 ',
      '330522-qx01-2611237K2M-0042-2',
    ]) {
      expect(parseCaseNumber(text)).toEqual({ ok: true, value: sample });
    }
  });

  it('rejects a wrong check character and names the right one', () => {
    expect(errorOf('330522-QX01-261123-7K2M-0042-X')).toEqual({
      zh: '办件编号校验位错误：应为 2，实际为 X，请核对编号',
      en: "The case number's check character is wrong: expected 2, got X; please check the number",
    });
  });

  it('rejects every single-character substitution', () => {
    fc.assert(
      fc.property(partsArbitrary, fc.nat(), fc.nat(), (parts, positionSeed, charSeed) => {
        const compact = formatCaseNumber(parts).replaceAll('-', '');
        const position = positionSeed % compact.length;
        const others = [...ALPHANUMERIC].filter((char) => char !== compact[position]);
        const changed = `${compact.slice(0, position)}${others[charSeed % others.length]}${compact.slice(position + 1)}`;
        expect(parseCaseNumber(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every substitution of every character of one number', () => {
    const compact = formatCaseNumber(sample).replaceAll('-', '');
    for (let position = 0; position < compact.length; position++) {
      for (const char of ALPHANUMERIC) {
        if (char === compact[position]) continue;
        const changed = `${compact.slice(0, position)}${char}${compact.slice(position + 1)}`;
        expect(parseCaseNumber(changed).ok, changed).toBe(false);
      }
    }
  });

  it('rejects a dropped or an inserted character by its length', () => {
    fc.assert(
      fc.property(
        partsArbitrary,
        fc.nat(),
        fc.constantFrom(...ALPHANUMERIC),
        (parts, positionSeed, extra) => {
          const compact = formatCaseNumber(parts).replaceAll('-', '');
          const position = positionSeed % compact.length;
          const dropped = `${compact.slice(0, position)}${compact.slice(position + 1)}`;
          const inserted = `${compact.slice(0, position)}${extra}${compact.slice(position)}`;
          expect(parseCaseNumber(dropped).ok).toBe(false);
          expect(parseCaseNumber(inserted).ok).toBe(false);
        },
      ),
    );
  });

  it('catches typical swaps of adjacent characters, such as 0042 → 0024', () => {
    expect(parseCaseNumber('330522-QX01-261123-7K2M-0024-2').ok).toBe(false);
    expect(parseCaseNumber('330522-QX01-261123-K72M-0042-2').ok).toBe(false);
  });

  it('reports a wrong length without counting dashes', () => {
    expect(errorOf('330522-QX01-261123-7K2M-042-2')).toEqual({
      zh: '办件编号应为 25 位字母或数字（不计短横线），实际为 24 位',
      en: 'A case number has 25 letters or digits (dashes aside), this one has 24',
    });
  });

  it('rejects symbols other than dashes', () => {
    expect(errorOf('330522-QX01-261123-7K2M-00#2-2').zh).toBe('办件编号只能包含字母、数字和短横线');
  });

  it('rejects a date that does not exist', () => {
    expect(errorOf('330522-QX01-260230-7K2M-0042-2')).toEqual({
      zh: '办件编号中的日期 260230 不存在',
      en: 'The date 260230 in the case number does not exist',
    });
    expect(errorOf('330522-QX01-26112A-7K2M-0042-2').zh).toBe('办件编号中的日期 26112A 不存在');
  });

  it('rejects device codes with letters Crockford base32 leaves out', () => {
    expect(errorOf('330522-QX01-261123-7K2O-0042-2').zh).toBe('设备码 7K2O 无效：应为 4 位，不含 I、L、O、U');
  });

  it('rejects a sequence of 0000 or with letters', () => {
    expect(errorOf('330522-QX01-261123-7K2M-0000-2').zh).toBe('流水号 0 无效：应在 0001–9999 之间');
    expect(errorOf('330522-QX01-261123-7K2M-00A2-2').zh).toBe('办件编号中的流水号 00A2 应为 4 位数字');
  });

  it('rejects a region code starting with 0 or 9', () => {
    expect(errorOf('030522-QX01-261123-7K2M-0042-2').zh).toBe('地区码 030522 无效：应为 6 位行政区划代码');
  });
});

describe('case numbers issued offline', () => {
  it('never repeat across stations, devices and days, each device numbering its days with nextSequence', () => {
    const stationArbitrary = fc.record({
      regionCode: fc.stringMatching(/^[1-8]\d{5}$/),
      stationId: fc.stringMatching(/^[A-Z0-9]{4}$/),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(stationArbitrary, {
          minLength: 1,
          maxLength: 6,
          selector: (s) => `${s.regionCode}${s.stationId}`,
        }),
        fc.uniqueArray(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}$/), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }),
        (stations, deviceCodes, dayOffsets) => {
          const issued = new Set<string>();
          let count = 0;
          for (const station of stations) {
            for (const deviceCode of deviceCodes) {
              let last: { date: string; seq: number } | undefined;
              let day = new Date('2026-01-30T00:00:00Z');
              for (const offset of dayOffsets) {
                day = new Date(day.getTime() + offset * 86_400_000);
                const next = nextSequence(last, day.toISOString().slice(0, 10));
                if (!next.ok) throw new Error(next.error.en);
                last = next.value;
                issued.add(formatCaseNumber({ ...station, deviceCode, ...next.value }));
                count++;
              }
            }
          }
          expect(issued.size).toBe(count);
        },
      ),
    );
  });
});

describe('nextSequence', () => {
  it('starts at 1 on the first case a device ever issues', () => {
    expect(nextSequence(undefined, '2026-11-23')).toEqual({
      ok: true,
      value: { date: '2026-11-23', seq: 1 },
    });
  });

  it('counts on within a day and restarts at 1 on a new day', () => {
    expect(nextSequence({ date: '2026-11-23', seq: 41 }, '2026-11-23')).toEqual({
      ok: true,
      value: { date: '2026-11-23', seq: 42 },
    });
    expect(nextSequence({ date: '2026-11-23', seq: 41 }, '2026-11-24')).toEqual({
      ok: true,
      value: { date: '2026-11-24', seq: 1 },
    });
  });

  it('refuses a 10000th case on one day', () => {
    expect(nextSequence({ date: '2026-11-23', seq: 9998 }, '2026-11-23')).toMatchObject({
      ok: true,
      value: { seq: 9999 },
    });
    expect(nextSequence({ date: '2026-11-23', seq: 9999 }, '2026-11-23')).toEqual({
      ok: false,
      error: {
        zh: '本设备今日办件编号已用完（9999 个），请换用其他设备',
        en: 'This device has issued all 9999 case numbers for today; please use another device',
      },
    });
  });

  it('refuses to number while the device clock is behind the last numbering day', () => {
    expect(nextSequence({ date: '2026-11-23', seq: 5 }, '2026-11-22')).toMatchObject({
      ok: false,
      error: { zh: '设备日期 2026-11-22 早于上次编号日期 2026-11-23，请校正设备时间后再受理' },
    });
  });

  it('refuses a malformed day', () => {
    expect(nextSequence(undefined, '2026-02-30').ok).toBe(false);
  });
});

describe('generateDeviceCode', () => {
  it('maps each thirty-second of the random range to the next Crockford base32 character', () => {
    [...CROCKFORD].forEach((char, index) => {
      expect(generateDeviceCode(() => (index + 0.5) / 32)).toBe(char.repeat(4));
    });
    expect(generateDeviceCode(() => 0.999_999_999)).toBe('ZZZZ');
  });

  it('draws one character per call of the random source', () => {
    const draws = [0, 0.25, 0.5, 0.75];
    expect(generateDeviceCode(() => draws.shift()!)).toBe('08GR');
  });

  it('always yields a device code that case numbers accept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 4,
          maxLength: 4,
        }),
        (draws) => {
          const deviceCode = generateDeviceCode(() => draws.shift()!);
          expect(parseCaseNumber(formatCaseNumber({ ...sample, deviceCode }))).toEqual({
            ok: true,
            value: { ...sample, deviceCode },
          });
        },
      ),
    );
  });
});
