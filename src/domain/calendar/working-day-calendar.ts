import { invalid, type LocalizedMessage, type Validation, valid } from '../localized-message';
import type { HolidayYear } from './holiday-year.schema';
import { addDays, type IsoDate, isIsoDate, isWeekend, yearOf } from './iso-date';

/**
 * Thrown for any date in a year whose holiday arrangement has not been published to this device. Counting only
 * weekends would give a citizen a wrong due date, so the calendar refuses instead.
 */
export class MissingCalendarYearError extends Error {
  readonly year: number;
  readonly localizedMessage: LocalizedMessage;

  constructor(year: number) {
    const localizedMessage = {
      zh: `尚无 ${year} 年节假日安排数据，请管理员发布后再计算工作日`,
      en: `No holiday arrangement for ${year} yet; an administrator must publish it before working days can be counted`,
    };
    super(localizedMessage.zh);
    this.name = 'MissingCalendarYearError';
    this.year = year;
    this.localizedMessage = localizedMessage;
  }
}

const datesInRange = (from: IsoDate, to: IsoDate): IsoDate[] => {
  const dates: IsoDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
};

/**
 * A notice may reach back into the December before its year (元旦 days off or a make-up Saturday around New Year),
 * never further.
 */
const isInNoticeReach = (date: IsoDate, year: number): boolean =>
  date >= `${year - 1}-12-01` && date <= `${year}-12-31`;

/** Checks what the JSON Schema cannot: real dates, ordered ranges, make-up days that are weekend days off. */
export const checkHolidayYear = (holidayYear: HolidayYear): Validation<HolidayYear> => {
  const { year, holidays, makeUpWorkdays } = holidayYear;
  const daysOff = new Set<IsoDate>();
  for (const holiday of holidays) {
    const label = `${holiday.name} ${holiday.from}–${holiday.to}`;
    if (!isIsoDate(holiday.from) || !isIsoDate(holiday.to) || holiday.from > holiday.to) {
      return invalid(`${year} 年「${label}」的起止日期无效`, `${year}: holiday "${label}" has invalid dates`);
    }
    if (!isInNoticeReach(holiday.from, year) || !isInNoticeReach(holiday.to, year)) {
      return invalid(`「${label}」不在 ${year} 年内`, `Holiday "${label}" lies outside ${year}`);
    }
    for (const date of datesInRange(holiday.from, holiday.to)) daysOff.add(date);
  }
  for (const date of makeUpWorkdays) {
    if (!isIsoDate(date) || !isInNoticeReach(date, year)) {
      return invalid(
        `调休上班日 ${date} 不在 ${year} 年内`,
        `Make-up working day ${date} is not a date in ${year}`,
      );
    }
    if (!isWeekend(date)) {
      return invalid(
        `调休上班日 ${date} 不是周末`,
        `Make-up working day ${date} is not a Saturday or Sunday`,
      );
    }
    if (daysOff.has(date)) {
      return invalid(`调休上班日 ${date} 同时是假日`, `Make-up working day ${date} is also a day off`);
    }
  }
  return valid(holidayYear);
};

const highestVersionPerYear = (years: readonly HolidayYear[]): HolidayYear[] => {
  const latest = new Map<number, HolidayYear>();
  for (const candidate of years) {
    const current = latest.get(candidate.year);
    if (!current || candidate.version > current.version) latest.set(candidate.year, candidate);
  }
  return [...latest.values()];
};

/**
 * Working days (工作日) as the 行政许可法 counts them: Monday to Friday except public holidays, plus the weekend days
 * the State Council turns into working days. Built from published holiday years; knows nothing else.
 */
export class WorkingDayCalendar {
  private readonly _years: ReadonlySet<number>;
  private readonly _daysOff: ReadonlySet<IsoDate>;
  private readonly _makeUpWorkdays: ReadonlySet<IsoDate>;
  private readonly _workingDays = new Map<IsoDate, boolean>();

  private constructor(
    years: ReadonlySet<number>,
    daysOff: ReadonlySet<IsoDate>,
    makeUpWorkdays: ReadonlySet<IsoDate>,
  ) {
    this._years = years;
    this._daysOff = daysOff;
    this._makeUpWorkdays = makeUpWorkdays;
  }

  /** When a year is published more than once, the highest version (a correction) wins. Throws on invalid data. */
  static fromYears(years: readonly HolidayYear[]): WorkingDayCalendar {
    const daysOff = new Set<IsoDate>();
    const makeUpWorkdays = new Set<IsoDate>();
    const covered = new Set<number>();
    for (const holidayYear of highestVersionPerYear(years)) {
      const checked = checkHolidayYear(holidayYear);
      if (!checked.ok) throw new RangeError(checked.error.zh);
      covered.add(holidayYear.year);
      for (const holiday of holidayYear.holidays) {
        for (const date of datesInRange(holiday.from, holiday.to)) daysOff.add(date);
      }
      for (const date of holidayYear.makeUpWorkdays) makeUpWorkdays.add(date);
    }
    return new WorkingDayCalendar(covered, daysOff, makeUpWorkdays);
  }

  get coveredYears(): readonly number[] {
    return [...this._years].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this._years.has(year);
  }

  isWorkingDay(date: IsoDate): boolean {
    // Remembered per date: clocks and reports ask about the same days over and over (see addDays).
    const known = this._workingDays.get(date);
    if (known !== undefined) return known;
    this._assertCovered(date);
    const working = this._makeUpWorkdays.has(date) || (!this._daysOff.has(date) && !isWeekend(date));
    this._workingDays.set(date, working);
    return working;
  }

  /** The n-th working day after `start` (start itself not counted); n = 0 gives `start`. */
  addWorkingDays(start: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`Working days to add must be a whole number ≥ 0: ${n}`);
    this._assertCovered(start);
    let date = start;
    for (let counted = 0; counted < n; ) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) counted += 1;
    }
    return date;
  }

  /**
   * Working days in (from, to], so that workingDaysBetween(a, addWorkingDays(a, n)) === n. Negative when `to` is
   * before `from`, which keeps the count additive: between(a, b) + between(b, c) === between(a, c).
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    if (to < from) return -this.workingDaysBetween(to, from);
    this._assertCovered(from);
    let count = 0;
    for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }

  private _assertCovered(date: IsoDate): void {
    const year = yearOf(date);
    if (!this._years.has(year)) throw new MissingCalendarYearError(year);
  }
}
