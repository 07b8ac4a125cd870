import type { HolidayYear } from './holiday-year.schema';
import holidays2025 from './holidays/2025.json';
import holidays2026 from './holidays/2026.json';
import { WorkingDayCalendar } from './working-day-calendar';

/**
 * The holiday years shipped with the app, so a new tablet can count working days before its first sync.
 * Years an admin publishes later are added to these (or supersede them by version) with WorkingDayCalendar.fromYears.
 */
export const BUILT_IN_HOLIDAY_YEARS: readonly HolidayYear[] = [holidays2025, holidays2026];

export const defaultCalendar = (): WorkingDayCalendar => WorkingDayCalendar.fromYears(BUILT_IN_HOLIDAY_YEARS);
