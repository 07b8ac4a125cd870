import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CalendarRepository, createCalendarRepository } from '../../src/data/calendar.repository';
import type { JinbanDatabase } from '../../src/data/db';
import type { HolidayYear } from '../../src/domain/calendar/holiday-year.schema';
import { openTestDatabase } from './test-database';

let db: JinbanDatabase;
let calendars: CalendarRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  calendars = createCalendarRepository(db);
});

afterEach(async () => {
  await db.remove();
});

const holidayYear = (year: number, version: number): HolidayYear => ({
  year,
  holidays: [{ name: '元旦', nameEn: "New Year's Day", from: `${year}-01-01`, to: `${year}-01-01` }],
  makeUpWorkdays: version > 1 ? [`${year}-01-04`] : [],
  source: `国办发明电〔${year - 1}〕${version}号`,
  publishedAt: `${year - 1}-11-04T00:00:00.000Z`,
  version,
});

describe('calendar repository', () => {
  it('lists holiday years oldest first', async () => {
    await calendars.putHolidayYear(holidayYear(2026, 1));
    await calendars.putHolidayYear(holidayYear(2025, 1));
    const years = await firstValueFrom(calendars.observeHolidayYears());
    expect(years).toEqual([holidayYear(2025, 1), holidayYear(2026, 1)]);
  });

  it('replaces a year with a corrected higher version', async () => {
    await calendars.putHolidayYear(holidayYear(2026, 1));
    await calendars.putHolidayYear(holidayYear(2026, 2));
    expect(await calendars.getHolidayYear(2026)).toEqual(holidayYear(2026, 2));
  });

  it('keeps the higher version when an older one arrives late', async () => {
    await calendars.putHolidayYear(holidayYear(2026, 2));
    await calendars.putHolidayYear(holidayYear(2026, 1));
    expect((await calendars.getHolidayYear(2026))?.version).toBe(2);
    expect(await calendars.getHolidayYear(2027)).toBeUndefined();
  });
});
