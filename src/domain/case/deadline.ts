import { readClock } from '../calendar/clock';
import type { IsoDate } from '../calendar/iso-date';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { LocalizedMessage } from '../localized-message';
import type { Case, CaseStatus } from './case.schema';

/**
 * When a running case turns yellow. A share of the limit scales with long items (a 60-day licence warns 12 working
 * days ahead, time enough to chase a department); the floor gives short items at least two working days, because
 * approvers look at their list about once a day and need one day to act and one to deliver. The larger one applies.
 * A case is red once it is past its due date.
 */
export const DEADLINE_THRESHOLDS = {
  yellowShareOfLimit: 0.2,
  yellowMinWorkingDays: 2,
} as const;

export type DeadlineLight = 'green' | 'yellow' | 'red' | 'none';

export const DEADLINE_LABELS: Readonly<Record<Exclude<DeadlineLight, 'none'>, LocalizedMessage>> = {
  green: { zh: '绿灯 正常', en: 'Green: on time' },
  yellow: { zh: '黄灯 预警', en: 'Yellow: due soon' },
  red: { zh: '红灯 超期', en: 'Red: overdue' },
};

export const CLOCK_PAUSED_LABEL: LocalizedMessage = {
  zh: '补正中 暂停计时',
  en: 'Paused: awaiting supplement',
};

export interface DeadlineState {
  readonly light: DeadlineLight;
  /** Undefined for a case whose clock is not running at all (draft or concluded). */
  readonly remainingWorkingDays: number | undefined;
  readonly dueOn: IsoDate | undefined;
  readonly paused: boolean;
}

/** Statuses in which the time limit is running or paused; drafts have no clock and concluded cases are done. */
const CLOCKED_STATUSES: ReadonlySet<CaseStatus> = new Set(['accepted', 'in-review', 'awaiting-supplement']);

const UNLIT: DeadlineState = {
  light: 'none',
  remainingWorkingDays: undefined,
  dueOn: undefined,
  paused: false,
};

const lightFor = (remainingWorkingDays: number, promisedDays: number): Exclude<DeadlineLight, 'none'> => {
  if (remainingWorkingDays < 0) return 'red';
  const yellowAt = Math.max(
    promisedDays * DEADLINE_THRESHOLDS.yellowShareOfLimit,
    DEADLINE_THRESHOLDS.yellowMinWorkingDays,
  );
  return remainingWorkingDays <= yellowAt ? 'yellow' : 'green';
};

/**
 * The traffic light of a case at the end of `today`. A case waiting for supplementary materials is paused and not
 * lit, since the applicant holds it up, unless it was already overdue before the pause: that stays red.
 */
export const deadlineState = (
  c: Pick<Case, 'status' | 'acceptedOn' | 'clockStops'>,
  promisedDays: number,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): DeadlineState => {
  // A clocked case always has acceptedOn (the state machine sets it); without one there is nothing to measure.
  if (!CLOCKED_STATUSES.has(c.status) || c.acceptedOn === undefined) return UNLIT;
  const { dueOn, remainingWorkingDays } = readClock(
    c.acceptedOn,
    promisedDays,
    c.clockStops,
    today,
    calendar,
  );
  const running = lightFor(remainingWorkingDays, promisedDays);
  const paused = c.status === 'awaiting-supplement';
  const light = paused && running !== 'red' ? 'none' : running;
  return { light, remainingWorkingDays, dueOn, paused };
};
