import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_HOLIDAY_YEARS, defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import type { HolidayYear } from '../../../src/domain/calendar/holiday-year.schema';
import { addDays, fromEpochDay, isWeekend, toEpochDay } from '../../../src/domain/calendar/iso-date';
import {
  MissingCalendarYearError,
  WorkingDayCalendar,
} from '../../../src/domain/calendar/working-day-calendar';

const calendar = defaultCalendar();

const dateBetween = (from: string, to: string) =>
  fc.integer({ min: toEpochDay(from), max: toEpochDay(to) }).map(fromEpochDay);
const anyDate = dateBetween('2025-01-01', '2026-12-31');

// Read straight from the published data, independently of the calendar's own lookup.
const publishedDaysOff = new Set(
  BUILT_IN_HOLIDAY_YEARS.flatMap((year) =>
    year.holidays.flatMap(({ from, to }) => {
      const days: string[] = [];
      for (let date = from; date <= to; date = addDays(date, 1)) days.push(date);
      return days;
    }),
  ),
);
const publishedMakeUpDays = BUILT_IN_HOLIDAY_YEARS.flatMap((year) => year.makeUpWorkdays);

describe('WorkingDayCalendar worked examples (HOLIDAYS-2026.md)', () => {
  it('skips the whole National Day week: 2026-09-30 + 1 working day = 2026-10-08', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('counts the 调休 Saturday 2026-10-10 as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('counts the 调休 Saturday 2026-02-14 and then skips the Spring Festival to 02-24', () => {
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('counts the 调休 Sunday 2026-01-04 as a working day', () => {
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true);
  });

  it('treats weekdays inside a holiday as days off', () => {
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false); // Friday, 元旦
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false); // Monday, 春节
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false); // Wednesday, 国庆
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true); // ordinary Monday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // ordinary Saturday
  });

  it('adds across the 2025→2026 boundary: 2025-12-30 + 2 = 2026-01-04 (Jan 1–3 off, Sunday the 4th worked)', () => {
    expect(calendar.addWorkingDays('2025-12-30', 2)).toBe('2026-01-04');
    expect(calendar.workingDaysBetween('2025-12-30', '2026-01-04')).toBe(2);
  });

  it('uses the 2025 arrangement: 2025-09-30 + 1 = 2025-10-09, and Saturday 2025-10-11 is worked', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
  });

  it('counts 248 working days in each of 2025 and 2026', () => {
    // 365 days − 104 weekend days − 18 (2025) / 19 (2026) weekdays off + 5 / 6 make-up days.
    expect(calendar.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(248);
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
  });

  it('counts working days in (from, to]: 2026-09-30 → 2026-10-12 is 10-08, 10-09, 10-10, 10-12', () => {
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4);
    expect(calendar.workingDaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
    expect(calendar.workingDaysBetween('2026-10-12', '2026-10-12')).toBe(0);
  });

  it('returns the start date itself for 0 working days, even on a holiday', () => {
    expect(calendar.addWorkingDays('2026-10-03', 0)).toBe('2026-10-03');
  });

  it('rejects a negative or fractional number of working days', () => {
    expect(() => calendar.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar without data for a year', () => {
  const expectMissing2027 = (act: () => unknown) => {
    let caught: unknown;
    try {
      act();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingCalendarYearError);
    const missing = caught as MissingCalendarYearError;
    expect(missing.year).toBe(2027);
    expect(missing.localizedMessage.zh).toBe('尚无 2027 年节假日安排数据，请管理员发布后再计算工作日');
    expect(missing.localizedMessage.en).toContain('2027');
    expect(missing.message).toBe(missing.localizedMessage.zh);
  };

  it('refuses to say whether a 2027 date is a working day', () => {
    expectMissing2027(() => calendar.isWorkingDay('2027-03-01'));
  });

  it('refuses to add working days into 2027 rather than counting weekends only', () => {
    expect(calendar.addWorkingDays('2026-12-29', 2)).toBe('2026-12-31');
    expectMissing2027(() => calendar.addWorkingDays('2026-12-29', 3));
    expectMissing2027(() => calendar.addWorkingDays('2027-01-04', 0));
  });

  it('refuses to count working days that reach into 2027', () => {
    expectMissing2027(() => calendar.workingDaysBetween('2026-12-30', '2027-01-05'));
    expectMissing2027(() => calendar.workingDaysBetween('2027-01-05', '2026-12-30'));
  });

  it('reports which years it covers', () => {
    expect(calendar.hasYear(2026)).toBe(true);
    expect(calendar.hasYear(2027)).toBe(false);
    expect(WorkingDayCalendar.fromYears([]).coveredYears).toEqual([]);
  });
});

describe('WorkingDayCalendar.fromYears', () => {
  it('lets a corrected, higher version of a year replace the published one', () => {
    const [, year2026] = BUILT_IN_HOLIDAY_YEARS as [HolidayYear, HolidayYear];
    const extended: HolidayYear = {
      ...year2026,
      version: 2,
      holidays: year2026.holidays.map((holiday) =>
        holiday.name === '春节' ? { ...holiday, to: '2026-02-27' } : holiday,
      ),
    };
    for (const years of [
      [year2026, extended],
      [extended, year2026],
    ]) {
      const corrected = WorkingDayCalendar.fromYears(years);
      expect(corrected.isWorkingDay('2026-02-25')).toBe(false);
      expect(corrected.coveredYears).toEqual([2026]);
    }
  });
});

describe('WorkingDayCalendar properties over 2025–2026', () => {
  // Starts up to the end of October 2026 and at most 30 working days keep every result inside 2026.
  const start = dateBetween('2025-01-01', '2026-10-31');
  const days = fc.integer({ min: 0, max: 30 });

  it('counting the working days from a start to start + N gives N', () => {
    fc.assert(
      fc.property(
        start,
        days,
        (from, n) => calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n)) === n,
      ),
    );
  });

  it('lands on a working day that is not a published day off when N > 0', () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 30 }), (from, n) => {
        const result = calendar.addWorkingDays(from, n);
        return calendar.isWorkingDay(result) && !publishedDaysOff.has(result);
      }),
    );
  });

  it('moves strictly forward as N grows', () => {
    fc.assert(
      fc.property(
        start,
        days,
        (from, n) => calendar.addWorkingDays(from, n + 1) > calendar.addWorkingDays(from, n),
      ),
    );
  });

  it('never counts a published day off, and always counts a 调休 weekend day', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        if (publishedMakeUpDays.includes(date)) return isWeekend(date) && calendar.isWorkingDay(date);
        if (publishedDaysOff.has(date)) return !calendar.isWorkingDay(date);
        return calendar.isWorkingDay(date) === !isWeekend(date);
      }),
    );
  });

  it('counts each 调休 day as one working day after the day before it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...publishedMakeUpDays), (makeUpDay) => {
        return calendar.workingDaysBetween(addDays(makeUpDay, -1), makeUpDay) === 1;
      }),
    );
  });

  it('is additive: between(a, b) + between(b, c) = between(a, c) in any order', () => {
    fc.assert(
      fc.property(
        anyDate,
        anyDate,
        anyDate,
        (a, b, c) =>
          calendar.workingDaysBetween(a, b) + calendar.workingDaysBetween(b, c) ===
          calendar.workingDaysBetween(a, c),
      ),
    );
  });
});
