/**
 * Calendar dates ('YYYY-MM-DD', China local) and the little arithmetic the working-day rules need.
 * Dates are handled as whole UTC days so that a tablet's time zone or a DST switch can never shift a day.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const isIsoDate = (value: string): boolean => {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return (
    parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day
  );
};

const assertIsoDate = (date: string): void => {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
};

/** Days since 1970-01-01; throws on anything that is not a real calendar date. */
export const toEpochDay = (date: IsoDate): number => {
  assertIsoDate(date);
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
};

export const fromEpochDay = (epochDay: number): IsoDate =>
  new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);

/**
 * The day after each date, remembered: the working-day clocks step through dates one day at a time, and a report
 * over tens of thousands of cases would otherwise spend seconds parsing the same few hundred dates again.
 */
const nextDays = new Map<IsoDate, IsoDate>();

export const addDays = (date: IsoDate, days: number): IsoDate => {
  if (days !== 1) return fromEpochDay(toEpochDay(date) + days);
  let next = nextDays.get(date);
  if (next === undefined) {
    next = fromEpochDay(toEpochDay(date) + 1);
    nextDays.set(date, next);
  }
  return next;
};

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export const dayOfWeek = (date: IsoDate): number => new Date(toEpochDay(date) * MS_PER_DAY).getUTCDay();

export const isWeekend = (date: IsoDate): boolean => {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
};

export const yearOf = (date: IsoDate): number => {
  assertIsoDate(date);
  return Number(date.slice(0, 4));
};

/** The calendar date in China at the given instant. */
export const todayInShanghai = (now: Date): IsoDate =>
  new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
