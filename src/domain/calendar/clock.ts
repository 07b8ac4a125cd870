import type { ClockStop } from '../case/case.schema';
import { addDays, type IsoDate } from './iso-date';
import type { WorkingDayCalendar } from './working-day-calendar';

/**
 * The time-limit clock of a case: it runs on working days after acceptance and stands still inside clock stops
 * (补正: waiting for the applicant's supplementary materials). A stop covers [from, to); an open stop has no `to`.
 */

export interface ClockReading {
  /** Undefined while an open stop holds the clock before the limit is used up: nobody can know the date yet. */
  readonly dueOn: IsoDate | undefined;
  readonly usedWorkingDays: number;
  /** Negative once the case is overdue: the number of working days past the limit. */
  readonly remainingWorkingDays: number;
}

const isClockStopped = (date: IsoDate, clockStops: readonly ClockStop[]): boolean =>
  clockStops.some((stop) => stop.from <= date && (stop.to === undefined || date < stop.to));

const clockRunsOn = (
  date: IsoDate,
  clockStops: readonly ClockStop[],
  calendar: WorkingDayCalendar,
): boolean => calendar.isWorkingDay(date) && !isClockStopped(date, clockStops);

/** The last day of the time limit: the limitDays-th working day after acceptance on which the clock ran. */
export const dueDate = (
  acceptedOn: IsoDate,
  limitDays: number,
  clockStops: readonly ClockStop[],
  calendar: WorkingDayCalendar,
): IsoDate | undefined => {
  if (!Number.isInteger(limitDays) || limitDays < 0) {
    throw new RangeError(`A time limit must be a whole number of working days ≥ 0: ${limitDays}`);
  }
  const heldFrom = clockStops
    .filter((stop) => stop.to === undefined)
    .map((stop) => stop.from)
    .sort()[0];
  let date = acceptedOn;
  for (let counted = 0; counted < limitDays; ) {
    date = addDays(date, 1);
    if (heldFrom !== undefined && date >= heldFrom) return undefined;
    if (clockRunsOn(date, clockStops, calendar)) counted += 1;
  }
  return date;
};

/** How much of the time limit is used and left at the end of `asOf`. */
export const readClock = (
  acceptedOn: IsoDate,
  limitDays: number,
  clockStops: readonly ClockStop[],
  asOf: IsoDate,
  calendar: WorkingDayCalendar,
): ClockReading => {
  let usedWorkingDays = 0;
  for (let date = addDays(acceptedOn, 1); date <= asOf; date = addDays(date, 1)) {
    if (clockRunsOn(date, clockStops, calendar)) usedWorkingDays += 1;
  }
  return {
    dueOn: dueDate(acceptedOn, limitDays, clockStops, calendar),
    usedWorkingDays,
    remainingWorkingDays: limitDays - usedWorkingDays,
  };
};
