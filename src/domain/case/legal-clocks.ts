import type { IsoDate } from '../calendar/iso-date';
import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import type { LocalizedMessage } from '../localized-message';

/**
 * 《行政许可法》第三十二条: incomplete materials must be listed to the applicant in one notice on the spot or within
 * five days, otherwise the application counts as accepted from the day it was received. Article 82 counts such
 * periods in working days, without public holidays.
 */
export const NOTICE_DEADLINE_WORKING_DAYS = 5;

export const DEEMED_ACCEPTANCE_LABEL: LocalizedMessage = {
  zh: '申请材料不齐全的，应当当场或者在五个工作日内一次告知申请人需要补正的全部内容；逾期不告知的，自收到申请材料之日起即为受理（《行政许可法》第三十二条）',
  en: 'If materials are missing, the applicant must be told everything to supplement in one notice, on the spot or within five working days; otherwise the application counts as accepted from the day it was received (Administrative Licensing Law, Art. 32)',
};

/**
 * The last day on which the one-time notice (一次性告知) can be given. If none is given by the end of this day,
 * the application counts as accepted as of `receivedOn`, and the time limit runs from then.
 */
export const deemedAcceptanceDate = (receivedOn: IsoDate, calendar: WorkingDayCalendar): IsoDate =>
  calendar.addWorkingDays(receivedOn, NOTICE_DEADLINE_WORKING_DAYS);

/** Whether Art. 32 has turned the application into an accepted one: no notice in time, or a notice given late. */
export const isDeemedAccepted = (
  receivedOn: IsoDate,
  noticeGivenOn: IsoDate | undefined,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): boolean => (noticeGivenOn ?? today) > deemedAcceptanceDate(receivedOn, calendar);
