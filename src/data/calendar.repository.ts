import { map, type Observable } from 'rxjs';
import type { HolidayYear } from '../domain/calendar/holiday-year.schema';
import type { JinbanDatabase } from './db';
import { insertOrModify } from './document-writes';
import { type HolidayYearDocument, holidayYearDocumentId } from './schemas/calendars.schema';
import { withStorageFullMapping } from './storage-errors';

export interface CalendarRepository {
  /** The stored holiday years, oldest year first. */
  observeHolidayYears(): Observable<HolidayYear[]>;
  getHolidayYear(year: number): Promise<HolidayYear | undefined>;
  /** Stores a year unless a higher version of it is already stored: the highest version of a year wins. */
  putHolidayYear(holidayYear: HolidayYear): Promise<void>;
}

const toHolidayYear = ({ id: _id, ...holidayYear }: HolidayYearDocument): HolidayYear => holidayYear;

export function createCalendarRepository(db: JinbanDatabase): CalendarRepository {
  const calendars = db.calendars;
  return {
    observeHolidayYears: () =>
      calendars
        .find({ sort: [{ id: 'asc' }] })
        .$.pipe(map((docs) => docs.map((doc) => toHolidayYear(doc.toMutableJSON())))),

    getHolidayYear: async (year) => {
      const doc = await calendars.findOne(holidayYearDocumentId(year)).exec();
      return doc ? toHolidayYear(doc.toMutableJSON()) : undefined;
    },

    putHolidayYear: async (holidayYear) => {
      const document: HolidayYearDocument = { id: holidayYearDocumentId(holidayYear.year), ...holidayYear };
      await withStorageFullMapping(() =>
        insertOrModify(calendars, document.id, document, (stored) =>
          stored.version > holidayYear.version ? stored : document,
        ),
      );
    },
  };
}
