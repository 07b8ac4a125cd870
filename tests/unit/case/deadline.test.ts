import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { MissingCalendarYearError } from '../../../src/domain/calendar/working-day-calendar';
import type { Case, CaseStatus } from '../../../src/domain/case/case.schema';
import { DEADLINE_LABELS, type DeadlineState, deadlineState } from '../../../src/domain/case/deadline';

const calendar = defaultCalendar();

type ClockedCase = Pick<Case, 'status' | 'acceptedOn' | 'clockStops'>;
const inReview = (overrides: Partial<ClockedCase> = {}): ClockedCase => ({
  status: 'in-review',
  acceptedOn: '2026-03-02',
  clockStops: [],
  ...overrides,
});

// Accepted Monday 2026-03-02; March 2026 has no holidays.
// 10-day limit → due 03-16; 20-day limit → due 03-30.
describe('deadlineState traffic lights', () => {
  it('is green with 3 of 10 working days left (03-11)', () => {
    expect(deadlineState(inReview(), 10, '2026-03-11', calendar)).toEqual<DeadlineState>({
      light: 'green',
      remainingWorkingDays: 3,
      dueOn: '2026-03-16',
      paused: false,
    });
  });

  it('turns yellow with 2 of 10 left: the 2-day floor beats 20% of 10', () => {
    expect(deadlineState(inReview(), 10, '2026-03-12', calendar).light).toBe('yellow');
  });

  it('turns yellow with 4 of 20 left (03-24, 20% of the limit) and is green with 5 left (03-23)', () => {
    expect(deadlineState(inReview(), 20, '2026-03-23', calendar)).toMatchObject({
      light: 'green',
      remainingWorkingDays: 5,
      dueOn: '2026-03-30',
    });
    expect(deadlineState(inReview(), 20, '2026-03-24', calendar)).toMatchObject({
      light: 'yellow',
      remainingWorkingDays: 4,
    });
  });

  it('is yellow on the due date itself and red the working day after', () => {
    expect(deadlineState(inReview(), 10, '2026-03-16', calendar)).toMatchObject({
      light: 'yellow',
      remainingWorkingDays: 0,
    });
    expect(deadlineState(inReview(), 10, '2026-03-17', calendar)).toMatchObject({
      light: 'red',
      remainingWorkingDays: -1,
    });
  });

  it('does not turn red over a weekend or holiday right after the due date when no working day has passed', () => {
    // Due Wednesday 2026-09-30, then 10-01…10-07 are days off.
    const accepted = inReview({ acceptedOn: '2026-09-16' });
    // 09-17, 09-18, 09-20 (调休 Sunday), 09-21 … 09-24, 09-28, 09-29, 09-30 → 10 working days, due 09-30.
    expect(deadlineState(accepted, 10, '2026-10-05', calendar)).toMatchObject({
      light: 'yellow',
      remainingWorkingDays: 0,
      dueOn: '2026-09-30',
    });
    expect(deadlineState(accepted, 10, '2026-10-08', calendar).light).toBe('red');
  });

  it('shifts the lights by a clock stop', () => {
    const stopped = inReview({ clockStops: [{ from: '2026-03-04', to: '2026-03-09' }] });
    expect(deadlineState(stopped, 10, '2026-03-12', calendar)).toMatchObject({
      light: 'green',
      remainingWorkingDays: 5,
      dueOn: '2026-03-19',
    });
  });
});

describe('deadlineState for cases without a running clock', () => {
  it.each<CaseStatus>(['draft', 'approved', 'rejected', 'refused', 'delivered', 'withdrawn'])(
    'does not light a %s case, even long after its due date',
    (status) => {
      expect(deadlineState(inReview({ status }), 10, '2026-06-01', calendar)).toEqual<DeadlineState>({
        light: 'none',
        remainingWorkingDays: undefined,
        dueOn: undefined,
        paused: false,
      });
    },
  );

  it('lights an accepted case like one in review', () => {
    expect(deadlineState(inReview({ status: 'accepted' }), 10, '2026-03-17', calendar).light).toBe('red');
  });

  it('shows a case awaiting supplement as paused and unlit, with the time left frozen', () => {
    const waiting = inReview({ status: 'awaiting-supplement', clockStops: [{ from: '2026-03-13' }] });
    // Working days 03-03 … 03-12 used (8 of 10) before the stop; the due date is unknown until it ends.
    expect(deadlineState(waiting, 10, '2026-04-20', calendar)).toEqual<DeadlineState>({
      light: 'none',
      remainingWorkingDays: 2,
      dueOn: undefined,
      paused: true,
    });
  });

  it('keeps a case red while paused if it was already overdue when the clock stopped', () => {
    const waiting = inReview({ status: 'awaiting-supplement', clockStops: [{ from: '2026-03-18' }] });
    expect(deadlineState(waiting, 10, '2026-04-20', calendar)).toEqual<DeadlineState>({
      light: 'red',
      remainingWorkingDays: -1,
      dueOn: '2026-03-16',
      paused: true,
    });
  });

  it('throws rather than guessing when the due date falls in a year without holiday data', () => {
    const lateInYear = inReview({ acceptedOn: '2026-12-21' });
    expect(() => deadlineState(lateInYear, 10, '2026-12-22', calendar)).toThrow(MissingCalendarYearError);
  });
});

describe('DEADLINE_LABELS', () => {
  it('reads 绿灯 正常 / 黄灯 预警 / 红灯 超期 with English second', () => {
    expect(DEADLINE_LABELS.green.zh).toBe('绿灯 正常');
    expect(DEADLINE_LABELS.yellow.zh).toBe('黄灯 预警');
    expect(DEADLINE_LABELS.red.zh).toBe('红灯 超期');
    expect(Object.values(DEADLINE_LABELS).every((label) => label.en.length > 0)).toBe(true);
  });
});
