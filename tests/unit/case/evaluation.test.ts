import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/case/case.schema';
import {
  closeFollowUp,
  EVALUATION_LABELS,
  FOLLOW_UP_WORKING_DAYS,
  isBadRating,
  rateCase,
} from '../../../src/domain/case/evaluation';

const deliveredCase: Case = {
  id: 'c-1',
  caseNo: '330522-QX01-261123-7K2M-0042-2',
  status: 'delivered',
  itemCode: 'ITEM-1',
  catalogVersion: 1,
  channel: 'window',
  acceptedAtStation: 'QX01',
  handlingDepartment: 'D-1',
  deliveryStation: 'QX01',
  applicant: { name: '张三', idType: 'resident-id', idNumber: '11010519491231002X' },
  form: {},
  materials: [],
  trips: [],
  clockStops: [],
  createdAt: '2026-11-23T01:00:00.000Z',
  updatedAt: '2026-11-25T01:00:00.000Z',
};

/** Stands in for the working-day calendar: records what it was asked and answers a fixed due date. */
function recordingCalendar() {
  const calls: [string, number][] = [];
  const addWorkingDays = (isoDate: string, n: number) => {
    calls.push([isoDate, n]);
    return '2026-12-18';
  };
  return { calls, addWorkingDays };
}

function rated(level: Parameters<typeof rateCase>[1], at = '2026-11-26T02:00:00.000Z'): Case {
  const result = rateCase(deliveredCase, level, '', at, recordingCalendar().addWorkingDays);
  if (!result.ok) throw new Error(result.error.en);
  return result.value;
}

describe('EVALUATION_LABELS', () => {
  it('names the five levels of 好差评 from best to worst', () => {
    expect(Object.values(EVALUATION_LABELS).map((label) => label.zh)).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(EVALUATION_LABELS['very-dissatisfied'].en).toBe('Very dissatisfied');
  });
});

describe('isBadRating', () => {
  it('counts only 不满意 and 非常不满意 as bad', () => {
    expect(isBadRating('dissatisfied')).toBe(true);
    expect(isBadRating('very-dissatisfied')).toBe(true);
    expect(isBadRating('basically-satisfied')).toBe(false);
    expect(isBadRating('satisfied')).toBe(false);
    expect(isBadRating('very-satisfied')).toBe(false);
  });
});

describe('rateCase', () => {
  it('records a good rating without a follow-up', () => {
    const { calls, addWorkingDays } = recordingCalendar();
    const result = rateCase(
      deliveredCase,
      'very-satisfied',
      ' 办得很快 ',
      '2026-11-26T02:00:00.000Z',
      addWorkingDays,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        ...deliveredCase,
        evaluation: { level: 'very-satisfied', at: '2026-11-26T02:00:00.000Z', comment: '办得很快' },
        updatedAt: '2026-11-26T02:00:00.000Z',
      },
    });
    expect(calls).toEqual([]);
  });

  it('opens a follow-up on a bad rating, due 15 working days after the day of rating', () => {
    const { calls, addWorkingDays } = recordingCalendar();
    const result = rateCase(deliveredCase, 'dissatisfied', '', '2026-11-26T02:00:00.000Z', addWorkingDays);
    expect(FOLLOW_UP_WORKING_DAYS).toBe(15);
    expect(calls).toEqual([['2026-11-26', 15]]);
    expect(result.ok && result.value.evaluation).toEqual({
      level: 'dissatisfied',
      at: '2026-11-26T02:00:00.000Z',
      followUpDue: '2026-12-18',
    });
  });

  it('counts the follow-up from the date in China, not in UTC', () => {
    const { calls, addWorkingDays } = recordingCalendar();
    rateCase(deliveredCase, 'very-dissatisfied', '', '2026-11-26T17:30:00.000Z', addWorkingDays);
    expect(calls).toEqual([['2026-11-27', 15]]);
  });

  it('rates only a delivered case', () => {
    for (const status of ['accepted', 'approved', 'in-review'] as const) {
      expect(
        rateCase(
          { ...deliveredCase, status },
          'satisfied',
          '',
          '2026-11-26T02:00:00.000Z',
          recordingCalendar().addWorkingDays,
        ),
      ).toEqual({
        ok: false,
        error: {
          zh: '办件出件后才能评价',
          en: 'A case can be rated only after its result has been delivered',
        },
      });
    }
  });

  it('rates a case only once', () => {
    expect(
      rateCase(
        rated('satisfied'),
        'very-satisfied',
        '',
        '2026-11-27T02:00:00.000Z',
        recordingCalendar().addWorkingDays,
      ),
    ).toEqual({
      ok: false,
      error: { zh: '该办件已评价，不能重复评价', en: 'This case has already been rated' },
    });
  });

  it('rejects an invalid time and an overlong comment', () => {
    const { addWorkingDays } = recordingCalendar();
    expect(rateCase(deliveredCase, 'satisfied', '', 'yesterday', addWorkingDays).ok).toBe(false);
    expect(
      rateCase(deliveredCase, 'satisfied', '好'.repeat(501), '2026-11-26T02:00:00.000Z', addWorkingDays),
    ).toMatchObject({
      ok: false,
      error: { zh: '评价内容不能超过 500 字' },
    });
  });
});

describe('closeFollowUp', () => {
  it('closes the follow-up of a bad rating with a note', () => {
    const badlyRated = rated('very-dissatisfied');
    const result = closeFollowUp(badlyRated, ' 已电话回访并致歉 ', '2026-12-01T03:00:00.000Z');
    expect(result).toEqual({
      ok: true,
      value: {
        ...badlyRated,
        evaluation: {
          ...badlyRated.evaluation,
          followUpClosedAt: '2026-12-01T03:00:00.000Z',
          followUpNote: '已电话回访并致歉',
        },
        updatedAt: '2026-12-01T03:00:00.000Z',
      },
    });
  });

  it('requires a note', () => {
    expect(closeFollowUp(rated('dissatisfied'), '  ', '2026-12-01T03:00:00.000Z')).toEqual({
      ok: false,
      error: { zh: '请填写回访处理情况', en: 'Please describe how the rating was followed up' },
    });
  });

  it('has nothing to close without a bad rating', () => {
    for (const c of [deliveredCase, rated('satisfied')]) {
      expect(closeFollowUp(c, '回访', '2026-12-01T03:00:00.000Z')).toMatchObject({
        ok: false,
        error: { zh: '该办件没有待回访的差评' },
      });
    }
  });

  it('closes a follow-up only once', () => {
    const closed = closeFollowUp(rated('dissatisfied'), '已处理', '2026-12-01T03:00:00.000Z');
    if (!closed.ok) throw new Error(closed.error.en);
    expect(closeFollowUp(closed.value, '再次处理', '2026-12-02T03:00:00.000Z')).toMatchObject({
      ok: false,
      error: { zh: '该差评的回访已办结' },
    });
  });
});
