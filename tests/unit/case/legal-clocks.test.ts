import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { MissingCalendarYearError } from '../../../src/domain/calendar/working-day-calendar';
import {
  DEEMED_ACCEPTANCE_LABEL,
  deemedAcceptanceDate,
  isDeemedAccepted,
} from '../../../src/domain/case/legal-clocks';

const calendar = defaultCalendar();

describe('Art. 32 行政许可法: one-time notice within 5 working days', () => {
  it('gives a week-long window in an ordinary week: received Mon 2026-03-02 → notice by Mon 03-09', () => {
    expect(deemedAcceptanceDate('2026-03-02', calendar)).toBe('2026-03-09');
  });

  it('runs across National Day: received Tue 2026-09-29 → 09-30 (1), 10-01…07 off, 10-08 (2), 10-09 (3), Sat 10-10 调休 (4), Sun 10-11 off, Mon 10-12 (5)', () => {
    expect(deemedAcceptanceDate('2026-09-29', calendar)).toBe('2026-10-12');
  });

  it('runs across the Spring Festival: received Thu 2026-02-12 → 02-13 (1), Sat 02-14 调休 (2), 02-15…23 off, 02-24 (3), 02-25 (4), 02-26 (5)', () => {
    expect(deemedAcceptanceDate('2026-02-12', calendar)).toBe('2026-02-26');
  });

  it('counts an application as accepted once the last notice day has passed without a notice', () => {
    expect(isDeemedAccepted('2026-09-29', undefined, '2026-10-12', calendar)).toBe(false);
    expect(isDeemedAccepted('2026-09-29', undefined, '2026-10-13', calendar)).toBe(true);
  });

  it('counts an application as accepted when the notice came late, not when it came on the last day', () => {
    expect(isDeemedAccepted('2026-09-29', '2026-10-12', '2026-10-20', calendar)).toBe(false);
    expect(isDeemedAccepted('2026-09-29', '2026-10-13', '2026-10-20', calendar)).toBe(true);
  });

  it('refuses to compute the notice deadline into an unpublished year', () => {
    expect(() => deemedAcceptanceDate('2026-12-28', calendar)).toThrow(MissingCalendarYearError);
  });

  it('explains the rule in Chinese first, then English', () => {
    expect(DEEMED_ACCEPTANCE_LABEL.zh).toContain('五个工作日');
    expect(DEEMED_ACCEPTANCE_LABEL.zh).toContain('第三十二条');
    expect(DEEMED_ACCEPTANCE_LABEL.en).toContain('Art. 32');
  });
});
