import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayOfWeek,
  fromEpochDay,
  isIsoDate,
  isWeekend,
  todayInShanghai,
  toEpochDay,
  yearOf,
} from '../../../src/domain/calendar/iso-date';

describe('iso-date', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('2026-01-05T00:00:00Z')).toBe(false);
  });

  it('throws on a date that does not exist instead of rolling it over', () => {
    expect(() => toEpochDay('2026-02-30')).toThrow(RangeError);
    expect(() => yearOf('20260101')).toThrow(RangeError);
  });

  it('counts days from 1970-01-01 and back', () => {
    expect(toEpochDay('1970-01-02')).toBe(1);
    expect(fromEpochDay(toEpochDay('2026-10-08'))).toBe('2026-10-08');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows the day of the week', () => {
    expect(dayOfWeek('2026-01-04')).toBe(0); // Sunday
    expect(dayOfWeek('2026-10-10')).toBe(6); // Saturday
    expect(dayOfWeek('2026-10-08')).toBe(4); // Thursday
    expect(isWeekend('2026-02-14')).toBe(true);
    expect(isWeekend('2026-02-13')).toBe(false);
  });

  it('takes today from the clock in China, not from the device time zone', () => {
    expect(todayInShanghai(new Date('2026-01-01T15:59:59Z'))).toBe('2026-01-01');
    expect(todayInShanghai(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
    expect(todayInShanghai(new Date('2025-12-31T23:30:00-05:00'))).toBe('2026-01-01');
  });
});
