import { describe, expect, it } from 'vitest';
import {
  changeChannel,
  decodeChange,
  encodeChanges,
} from '../../replication-server/src/replication/postgres-change-bus';

describe('change notifications', () => {
  it('round-trips a change through its NOTIFY payload', () => {
    const change = { collection: 'cases', seq: 42, tags: ['station:GTZX', 'department:rsj'] };
    const payloads = encodeChanges([change]);
    expect(payloads.map(decodeChange)).toEqual([change]);
  });

  it('splits tags that would not fit in one payload, so NOTIFY never refuses a change', () => {
    const tags = Array.from({ length: 900 }, (_, index) => `station:S${String(index).padStart(4, '0')}`);
    const payloads = encodeChanges([{ collection: 'cases', seq: 7, tags }]);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    const decoded = payloads.map(decodeChange);
    expect(decoded.every((change) => change?.collection === 'cases' && change.seq === 7)).toBe(true);
    expect(decoded.flatMap((change) => change?.tags ?? [])).toEqual(tags);
  });

  it('ignores payloads that are not changes', () => {
    expect(decodeChange('not json')).toBeUndefined();
    expect(decodeChange(JSON.stringify({ collection: 'cases', seq: '7', tags: [] }))).toBeUndefined();
    expect(decodeChange(undefined)).toBeUndefined();
  });

  it('gives every schema a channel of its own, within the 63-byte identifier limit', () => {
    expect(changeChannel(undefined)).toBe('jinban_changes');
    expect(changeChannel('county_a')).not.toBe(changeChannel('county_b'));
    const long = changeChannel('c'.repeat(60));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toBe(changeChannel(`${'c'.repeat(59)}d`));
  });
});
