import { addDays, type IsoDate, isIsoDate } from '../calendar/iso-date';

/** The days a report covers, both ends included. */
export interface ReportPeriod {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export const PERIOD_PRESETS = ['this-month', 'last-month', 'this-year'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

const firstOfMonth = (date: IsoDate): IsoDate => `${date.slice(0, 7)}-01`;

/** This month and this year run up to today; last month is the whole calendar month before today's. */
export function presetPeriod(preset: PeriodPreset, today: IsoDate): ReportPeriod {
  switch (preset) {
    case 'this-month':
      return { from: firstOfMonth(today), to: today };
    case 'last-month': {
      const lastDay = addDays(firstOfMonth(today), -1);
      return { from: firstOfMonth(lastDay), to: lastDay };
    }
    case 'this-year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}

export const isValidPeriod = (period: ReportPeriod): boolean =>
  isIsoDate(period.from) && isIsoDate(period.to) && period.from <= period.to;

export const isInPeriod = (date: IsoDate | undefined, period: ReportPeriod): boolean =>
  date !== undefined && date >= period.from && date <= period.to;
