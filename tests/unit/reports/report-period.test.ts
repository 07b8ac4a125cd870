import { describe, expect, it } from 'vitest';
import { isInPeriod, isValidPeriod, presetPeriod } from '../../../src/domain/reports/report-period';

describe('report periods', () => {
  it('runs this month and this year up to today', () => {
    expect(presetPeriod('this-month', '2026-03-20')).toEqual({ from: '2026-03-01', to: '2026-03-20' });
    expect(presetPeriod('this-year', '2026-03-20')).toEqual({ from: '2026-01-01', to: '2026-03-20' });
  });

  it('takes the whole previous month, across a year end and a short February', () => {
    expect(presetPeriod('last-month', '2026-03-20')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('last-month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('includes both ends and refuses reversed or impossible dates', () => {
    const march = { from: '2026-03-01', to: '2026-03-31' };
    expect(isInPeriod('2026-03-01', march)).toBe(true);
    expect(isInPeriod('2026-03-31', march)).toBe(true);
    expect(isInPeriod('2026-04-01', march)).toBe(false);
    expect(isInPeriod(undefined, march)).toBe(false);
    expect(isValidPeriod({ from: '2026-03-31', to: '2026-03-01' })).toBe(false);
    expect(isValidPeriod({ from: '2026-02-30', to: '2026-03-01' })).toBe(false);
  });
});
