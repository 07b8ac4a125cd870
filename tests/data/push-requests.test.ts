import type { RxReplicationWriteToMasterRow } from 'rxdb';
import { describe, expect, it } from 'vitest';
import { forEachConcurrently, pushRequestsOf } from '../../src/data/replication/push-requests';

type Row = RxReplicationWriteToMasterRow<{ id: string; address: string }>;

const rowWith = (id: string, address: string): Row => ({
  newDocumentState: { id, address, _deleted: false },
});
const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

describe('pushRequestsOf', () => {
  it('sends every row once, in order, as the JSON of its request', () => {
    const rows = Array.from({ length: 7 }, (_, index) => rowWith(`case-${index}`, '岱山县高亭镇'));
    const requests = pushRequestsOf(rows, 3, 1_000_000);

    expect(requests.map((request) => request.rows.length)).toEqual([3, 3, 1]);
    expect(requests.flatMap((request) => request.rows)).toEqual(rows);
    for (const request of requests) expect(JSON.parse(request.body!)).toEqual(request.rows);
  });

  it('keeps every body within the byte limit counted in UTF-8, not in characters', () => {
    // 3 bytes per character: a limit in characters would let bodies three times too large through.
    const rows = Array.from({ length: 20 }, (_, index) => rowWith(`case-${index}`, '东'.repeat(100)));
    const oneRowBytes = utf8Bytes(JSON.stringify(rows[0]));
    const maxBytes = 4 * oneRowBytes;

    const requests = pushRequestsOf(rows, 1000, maxBytes);

    for (const request of requests) expect(utf8Bytes(request.body!)).toBeLessThanOrEqual(maxBytes);
    expect(requests.map((request) => request.rows.length)).toEqual([3, 3, 3, 3, 3, 3, 2]);
    expect(requests.flatMap((request) => request.rows)).toEqual(rows);
  });

  it('counts the brackets and commas, so a body never ends even one byte over the limit', () => {
    const rows = Array.from({ length: 4 }, (_, index) => rowWith(`case-${index}`, '高亭'));
    const oneRowBytes = utf8Bytes(JSON.stringify(rows[0]));
    // Two rows take 2 × oneRowBytes + 3 ('[', ',' and ']'): one byte more than allowed.
    const maxBytes = 2 * oneRowBytes + 2;

    const requests = pushRequestsOf(rows, 1000, maxBytes);

    expect(requests.map((request) => request.rows.length)).toEqual([1, 1, 1, 1]);
    expect(pushRequestsOf(rows, 1000, maxBytes + 1).map((request) => request.rows.length)).toEqual([2, 2]);
    for (const request of requests) expect(utf8Bytes(request.body!)).toBeLessThanOrEqual(maxBytes);
  });

  it('sets apart a row over the byte limit on its own, without a body, and sends the rest together', () => {
    const small = rowWith('small-1', '高亭');
    const large = rowWith('large', '照片'.repeat(600));
    const after = rowWith('small-2', '东沙');

    const requests = pushRequestsOf([small, large, after], 1000, 1000);

    expect(requests).toHaveLength(2);
    expect(requests).toContainEqual({ rows: [large], body: undefined });
    expect(requests).toContainEqual({ rows: [small, after], body: JSON.stringify([small, after]) });
  });

  it('makes no request for no rows', () => {
    expect(pushRequestsOf([], 1000, 1000)).toEqual([]);
  });
});

describe('forEachConcurrently', () => {
  it('runs at most `limit` items at a time and every item once', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5], 2, async (item) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      done.push(item);
    });
    expect(mostAtOnce).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts nothing after a failure and throws it once the running items have ended', async () => {
    const started: number[] = [];
    let runningAtThrow = -1;
    let running = 0;
    const failure = new Error('server refused');
    const result = forEachConcurrently([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      running++;
      await new Promise((resolve) => setTimeout(resolve, item === 1 ? 1 : 20));
      running--;
      if (item === 1) throw failure;
    });
    await expect(result.finally(() => (runningAtThrow = running))).rejects.toBe(failure);
    expect(runningAtThrow).toBe(0);
    expect(started).toEqual([1, 2]);
  });
});
