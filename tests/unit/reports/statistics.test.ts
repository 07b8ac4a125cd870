import { describe, expect, it } from 'vitest';
import { mean, nearestRankPercentile, share } from '../../../src/domain/reports/statistics';

describe('nearest-rank percentile', () => {
  // Five values 15 20 35 40 50 (unsorted on purpose): rank ⌈p/100 × 5⌉.
  const values = [40, 15, 50, 35, 20];

  it('takes the value at rank ⌈p·n⌉ of the sorted values', () => {
    expect(nearestRankPercentile(values, 30)).toBe(20); // ⌈1.5⌉ = 2 → 20
    expect(nearestRankPercentile(values, 40)).toBe(20); // ⌈2⌉ = 2 → 20
    expect(nearestRankPercentile(values, 50)).toBe(35); // ⌈2.5⌉ = 3 → 35
    expect(nearestRankPercentile(values, 100)).toBe(50); // rank 5
  });

  it('gives the 9th of 1..10 as p90 and the only value of one', () => {
    expect(nearestRankPercentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9); // ⌈9⌉ = 9
    expect(nearestRankPercentile([7], 90)).toBe(7); // ⌈0.9⌉ = 1
  });

  it('has no value for no values and refuses a percentile outside (0, 100]', () => {
    expect(nearestRankPercentile([], 90)).toBeNull();
    expect(() => nearestRankPercentile([1], 0)).toThrow(RangeError);
    expect(() => nearestRankPercentile([1], 101)).toThrow(RangeError);
  });
});

describe('mean and share', () => {
  it('averages and divides, with null instead of 0 for nothing to measure', () => {
    expect(mean([1, 2, 6])).toBe(3); // 9 / 3
    expect(mean([])).toBeNull();
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 0)).toBeNull();
  });
});
