import { describe, expect, it } from 'vitest';
import type { WrittenValue } from './protocol';
import { lostWrites, type ServerSnapshot } from './verify';

const CASE_ID = 'case-1';

const serverWith = (status: string, extra: Partial<ServerSnapshot> = {}): ServerSnapshot => ({
  cases: [{ id: CASE_ID, seq: 1, tags: [], document: { id: CASE_ID, status } }],
  events: [],
  conflicts: [],
  automaticMerges: 0,
  mergedFields: [],
  ...extra,
});

const statusWrite = (station: number, before: string, value: string): WrittenValue => ({
  station,
  caseId: CASE_ID,
  path: 'status',
  value,
  before,
});

describe('lost writes of the convergence check', () => {
  it('keeps a write replaced along a chain that revisits a status, whatever order the writes come in', () => {
    const supplementRequested = statusWrite(1, 'accepted', 'awaiting-supplement');
    const supplementReceived = statusWrite(2, 'awaiting-supplement', 'accepted');
    const withdrawn = statusWrite(3, 'accepted', 'withdrawn');
    const server = serverWith('withdrawn');

    for (const order of [
      [supplementRequested, supplementReceived, withdrawn],
      [supplementReceived, supplementRequested, withdrawn],
      [withdrawn, supplementReceived, supplementRequested],
    ]) {
      expect(lostWrites(order, server)).toEqual([]);
    }
  });

  it('reports a write nobody built on whose value is nowhere on the server', () => {
    const overwritten = statusWrite(1, 'accepted', 'awaiting-supplement');
    const other = statusWrite(2, 'accepted', 'withdrawn');
    expect(lostWrites([overwritten, other], serverWith('withdrawn'))).toEqual([overwritten]);
  });

  it('reports a cycle of writes none of which survived', () => {
    const requested = statusWrite(1, 'accepted', 'awaiting-supplement');
    const received = statusWrite(2, 'awaiting-supplement', 'accepted');
    expect(lostWrites([requested, received], serverWith('in-review'))).toEqual([requested, received]);
  });

  it('keeps a write whose value is in a conflict record', () => {
    const write = statusWrite(1, 'accepted', 'awaiting-supplement');
    const server = serverWith('withdrawn', {
      conflicts: [
        {
          documentId: CASE_ID,
          ours: { id: CASE_ID, status: 'withdrawn' },
          theirs: { id: CASE_ID, status: 'awaiting-supplement' },
        },
      ],
    });
    expect(lostWrites([write], server)).toEqual([]);
  });
});
