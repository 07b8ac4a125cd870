import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_HOLIDAY_YEARS, defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { type HolidayYear, holidayYearSchema } from '../../../src/domain/calendar/holiday-year.schema';
import { checkHolidayYear, WorkingDayCalendar } from '../../../src/domain/calendar/working-day-calendar';

const builtIn = (year: number): HolidayYear => {
  const found = BUILT_IN_HOLIDAY_YEARS.find((holidayYear) => holidayYear.year === year);
  if (!found) throw new Error(`no built-in ${year}`);
  return found;
};

const rangesOf = (holidayYear: HolidayYear) =>
  holidayYear.holidays.map(({ name, from, to }) => [name, from, to]);

describe('holiday year data', () => {
  const ajv = new Ajv({ allErrors: true });
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  const validate = ajv.compile(holidayYearSchema);

  it.each(BUILT_IN_HOLIDAY_YEARS.map((holidayYear) => [holidayYear.year, holidayYear]))(
    'ships %i as a document that passes the schema and the date checks',
    (_year, holidayYear) => {
      expect(validate(holidayYear), JSON.stringify(validate.errors)).toBe(true);
      expect(checkHolidayYear(holidayYear).ok).toBe(true);
    },
  );

  it('schema rejects a document without its source notice', () => {
    const { source: _source, ...withoutSource } = builtIn(2026);
    expect(validate(withoutSource)).toBe(false);
  });

  it('matches the 2026 State Council notice of 2025-11-04 (HOLIDAYS-2026.md)', () => {
    const year = builtIn(2026);
    expect(rangesOf(year)).toEqual([
      ['元旦', '2026-01-01', '2026-01-03'],
      ['春节', '2026-02-15', '2026-02-23'],
      ['清明节', '2026-04-04', '2026-04-06'],
      ['劳动节', '2026-05-01', '2026-05-05'],
      ['端午节', '2026-06-19', '2026-06-21'],
      ['中秋节', '2026-09-25', '2026-09-27'],
      ['国庆节', '2026-10-01', '2026-10-07'],
    ]);
    expect(year.makeUpWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(year.source).toContain('2025年11月4日');
  });

  it('matches the 2025 State Council notice 国办发明电〔2024〕12号', () => {
    const year = builtIn(2025);
    expect(rangesOf(year)).toEqual([
      ['元旦', '2025-01-01', '2025-01-01'],
      ['春节', '2025-01-28', '2025-02-04'],
      ['清明节', '2025-04-04', '2025-04-06'],
      ['劳动节', '2025-05-01', '2025-05-05'],
      ['端午节', '2025-05-31', '2025-06-02'],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08'],
    ]);
    expect(year.makeUpWorkdays).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect(year.source).toContain('国办发明电〔2024〕12号');
  });

  it('default calendar covers exactly the shipped years', () => {
    expect(defaultCalendar().coveredYears).toEqual([2025, 2026]);
  });
});

describe('checkHolidayYear', () => {
  const base = builtIn(2026);

  it('rejects a make-up working day that is not a weekend day', () => {
    const result = checkHolidayYear({ ...base, makeUpWorkdays: ['2026-03-02'] });
    expect(result).toEqual({
      ok: false,
      error: {
        zh: '调休上班日 2026-03-02 不是周末',
        en: 'Make-up working day 2026-03-02 is not a Saturday or Sunday',
      },
    });
  });

  it('rejects a make-up working day inside a holiday', () => {
    expect(checkHolidayYear({ ...base, makeUpWorkdays: ['2026-10-03'] }).ok).toBe(false);
  });

  it('rejects a holiday that ends before it starts or does not exist', () => {
    const reversed = { name: '测试', nameEn: 'Test', from: '2026-05-05', to: '2026-05-01' };
    const impossible = { name: '测试', nameEn: 'Test', from: '2026-02-29', to: '2026-03-01' };
    expect(checkHolidayYear({ ...base, holidays: [reversed] }).ok).toBe(false);
    expect(checkHolidayYear({ ...base, holidays: [impossible] }).ok).toBe(false);
  });

  it('rejects dates outside the year but allows the December before it (元旦 across New Year)', () => {
    const nextYear = { name: '元旦', nameEn: "New Year's Day", from: '2027-01-01', to: '2027-01-01' };
    const acrossNewYear = { name: '元旦', nameEn: "New Year's Day", from: '2025-12-31', to: '2026-01-01' };
    expect(checkHolidayYear({ ...base, holidays: [nextYear] }).ok).toBe(false);
    expect(checkHolidayYear({ ...base, holidays: [acrossNewYear], makeUpWorkdays: ['2025-12-28'] }).ok).toBe(
      true,
    );
  });

  it('makes the calendar refuse invalid data', () => {
    expect(() => WorkingDayCalendar.fromYears([{ ...base, makeUpWorkdays: ['2026-03-02'] }])).toThrow(
      '调休上班日 2026-03-02 不是周末',
    );
  });
});
