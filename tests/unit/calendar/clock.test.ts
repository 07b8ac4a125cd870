import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { dueDate, readClock } from '../../../src/domain/calendar/clock';
import { addDays, fromEpochDay, toEpochDay } from '../../../src/domain/calendar/iso-date';
import { MissingCalendarYearError } from '../../../src/domain/calendar/working-day-calendar';
import type { ClockStop } from '../../../src/domain/case/case.schema';

const calendar = defaultCalendar();

describe('dueDate', () => {
  it('is the N-th working day after acceptance when the clock never stopped', () => {
    // March 2026 has no holidays: 03-03…03-06, 03-09…03-13, 03-16 are working days 1–10.
    expect(dueDate('2026-03-02', 10, [], calendar)).toBe('2026-03-16');
  });

  it('moves by 3 working days for a stop over Wed 03-04 – Fri 03-06 (clock runs again Mon 03-09)', () => {
    const stops: ClockStop[] = [{ from: '2026-03-04', to: '2026-03-09' }];
    expect(dueDate('2026-03-02', 10, stops, calendar)).toBe('2026-03-19');
    expect(dueDate('2026-03-02', 10, stops, calendar)).toBe(calendar.addWorkingDays('2026-03-16', 3));
  });

  it('moves only by the stopped working days when a stop spans National Day', () => {
    // Without the stop: 09-29, 09-30, 10-08, 10-09, 10-10 (调休 Saturday) → due 10-10.
    expect(dueDate('2026-09-28', 5, [], calendar)).toBe('2026-10-10');
    // Stopped 09-30 … 10-08: working days 09-30 and 10-08 do not count → 09-29, 10-09, 10-10, 10-12, 10-13.
    expect(dueDate('2026-09-28', 5, [{ from: '2026-09-30', to: '2026-10-09' }], calendar)).toBe('2026-10-13');
  });

  it('is unknown while an open stop holds the clock before the limit is used up', () => {
    expect(dueDate('2026-03-02', 10, [{ from: '2026-03-04' }], calendar)).toBeUndefined();
  });

  it('is still known when a stop opens after the due date', () => {
    expect(dueDate('2026-03-02', 10, [{ from: '2026-03-18' }], calendar)).toBe('2026-03-16');
  });

  it('is the acceptance day for an on-the-spot item (0 working days)', () => {
    expect(dueDate('2026-03-02', 0, [], calendar)).toBe('2026-03-02');
  });

  it('throws MissingCalendarYearError when the due date would fall in an unpublished year', () => {
    expect(() => dueDate('2026-12-21', 10, [], calendar)).toThrow(MissingCalendarYearError);
  });
});

describe('readClock', () => {
  const stops: ClockStop[] = [{ from: '2026-03-04', to: '2026-03-09' }];

  it('does not use up time limit inside a stop', () => {
    expect(readClock('2026-03-02', 10, stops, '2026-03-06', calendar)).toEqual({
      dueOn: '2026-03-19',
      usedWorkingDays: 1,
      remainingWorkingDays: 9,
    });
  });

  it('counts the day the clock runs again', () => {
    expect(readClock('2026-03-02', 10, stops, '2026-03-09', calendar).usedWorkingDays).toBe(2);
  });

  it('has nothing left on the due date and goes negative after it', () => {
    expect(readClock('2026-03-02', 10, stops, '2026-03-19', calendar).remainingWorkingDays).toBe(0);
    expect(readClock('2026-03-02', 10, stops, '2026-03-23', calendar).remainingWorkingDays).toBe(-2);
  });

  it('freezes while an open stop lasts', () => {
    const open: ClockStop[] = [{ from: '2026-03-04' }];
    const early = readClock('2026-03-02', 10, open, '2026-03-05', calendar);
    const late = readClock('2026-03-02', 10, open, '2026-04-30', calendar);
    expect(early).toEqual({ dueOn: undefined, usedWorkingDays: 1, remainingWorkingDays: 9 });
    expect(late).toEqual(early);
  });
});

describe('clock properties over 2025–2026', () => {
  const date = fc.integer({ min: toEpochDay('2025-01-01'), max: toEpochDay('2026-08-31') }).map(fromEpochDay);
  const closedStop = fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 15 }))
    .map(([offset, length]) => ({ offset, length }));
  const scenario = fc.record({
    acceptedOn: date,
    limit: fc.integer({ min: 0, max: 30 }),
    stops: fc.array(closedStop, { maxLength: 3 }),
  });
  const materialise = (
    acceptedOn: string,
    stops: { offset: number; length: number }[],
  ): Required<ClockStop>[] =>
    stops.map(({ offset, length }) => {
      const from = addDays(acceptedOn, offset);
      return { from, to: addDays(from, length) };
    });

  it('agrees with addWorkingDays when there are no stops', () => {
    fc.assert(
      fc.property(scenario, ({ acceptedOn, limit }) => {
        return dueDate(acceptedOn, limit, [], calendar) === calendar.addWorkingDays(acceptedOn, limit);
      }),
    );
  });

  it('moves the due date by exactly the stopped working days and ends on a running working day', () => {
    fc.assert(
      fc.property(scenario, ({ acceptedOn, limit, stops }) => {
        const clockStops = materialise(acceptedOn, stops);
        const due = dueDate(acceptedOn, limit, clockStops, calendar);
        if (due === undefined) return false;
        const isStopped = (day: string) => clockStops.some((stop) => stop.from <= day && day < stop.to);
        let stoppedWorkingDays = 0;
        for (let day = addDays(acceptedOn, 1); day <= due; day = addDays(day, 1)) {
          if (calendar.isWorkingDay(day) && isStopped(day)) stoppedWorkingDays += 1;
        }
        const endsOnRunningDay = limit === 0 || (calendar.isWorkingDay(due) && !isStopped(due));
        return (
          calendar.workingDaysBetween(acceptedOn, due) === limit + stoppedWorkingDays &&
          endsOnRunningDay &&
          readClock(acceptedOn, limit, clockStops, due, calendar).remainingWorkingDays === 0
        );
      }),
    );
  });

  it('never moves the due date earlier when a stop is added', () => {
    fc.assert(
      fc.property(scenario, closedStop, ({ acceptedOn, limit, stops }, extra) => {
        const before = dueDate(acceptedOn, limit, materialise(acceptedOn, stops), calendar);
        const after = dueDate(acceptedOn, limit, materialise(acceptedOn, [...stops, extra]), calendar);
        return before !== undefined && after !== undefined && after >= before;
      }),
    );
  });
});
