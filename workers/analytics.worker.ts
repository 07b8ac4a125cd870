import { expose } from 'comlink';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { createCalendarRepository } from '../src/data/calendar.repository';
import { createCaseRepository } from '../src/data/case.repository';
import { createCaseEventRepository } from '../src/data/case-event.repository';
import { DATABASE_NAME } from '../src/data/data-layer';
import { createJinbanDatabase, type JinbanDatabase } from '../src/data/db';
import type { IsoDate } from '../src/domain/calendar/iso-date';
import { WorkingDayCalendar } from '../src/domain/calendar/working-day-calendar';
import type { Case } from '../src/domain/case/case.schema';
import { caseListCsv, type ExportLanguage } from '../src/domain/reports/case-list-export';
import type { ReportPeriod } from '../src/domain/reports/report-period';
import {
  type CatalogLookup,
  catalogLookup,
  type StationReport,
  stationReportBuilder,
} from '../src/domain/reports/station-report';

/**
 * Station figures computed off the page's thread. The worker opens the station's own database itself (same name,
 * same schema, Dexie storage on the same origin's IndexedDB) and reads the cases in pages, so 50,000 cases are
 * never structured-cloned from the page: the page sends a small request and gets a small report back.
 *
 * It is a second RxDB instance of the database, like a second tab: multiInstance keeps both informed through a
 * BroadcastChannel, and only the page's instance replicates, since replication is started by the page alone.
 */

export interface StationReportRequest {
  readonly stationId: string;
  readonly period: ReportPeriod;
  /** The date in China; the page decides it, so a report and the clock on screen agree. */
  readonly today: IsoDate;
}

export interface CaseListExportRequest {
  readonly stationId: string;
  readonly period: ReportPeriod;
  readonly language: ExportLanguage;
}

export interface ReportProgress {
  readonly read: number;
  readonly total: number;
}

export interface AnalyticsWorkerApi {
  /** The station's figures (station-report.ts); `onProgress` hears after every page of cases read. */
  stationReport(
    request: StationReportRequest,
    onProgress?: (progress: ReportProgress) => void,
  ): Promise<StationReport>;
  /** The cases behind the report's 办件量 as CSV, ID numbers masked. */
  caseListCsv(request: CaseListExportRequest): Promise<string>;
}

/** Large enough that paging costs little, small enough that progress moves and memory stays flat. */
const PAGE_SIZE = 2_000;

let database: Promise<JinbanDatabase> | undefined;

const openDatabase = (): Promise<JinbanDatabase> => {
  database ??= createJinbanDatabase({
    name: DATABASE_NAME,
    storage: getRxStorageDexie(),
    multiInstance: true,
  }).catch((error: unknown) => {
    database = undefined;
    throw error;
  });
  return database;
};

const casesOf = (db: JinbanDatabase) => createCaseRepository(db, createCaseEventRepository(db));

async function referenceData(
  db: JinbanDatabase,
): Promise<{ catalogs: CatalogLookup; calendar: WorkingDayCalendar }> {
  const [catalogDocuments, holidayYears] = await Promise.all([
    db.catalogs.find().exec(),
    firstValueFrom(createCalendarRepository(db).observeHolidayYears()),
  ]);
  return {
    catalogs: catalogLookup(catalogDocuments.map((document) => document.toMutableJSON().catalog)),
    calendar: WorkingDayCalendar.fromYears(holidayYears),
  };
}

const api: AnalyticsWorkerApi = {
  async stationReport(request, onProgress) {
    const db = await openDatabase();
    const { catalogs, calendar } = await referenceData(db);
    const total = await db.cases.count().exec();
    const builder = stationReportBuilder(catalogs, { ...request, calendar });
    let read = 0;
    onProgress?.({ read, total });
    for await (const page of casesOf(db).casesInPages(PAGE_SIZE)) {
      for (const c of page) builder.add(c);
      read += page.length;
      onProgress?.({ read, total: Math.max(total, read) });
    }
    return builder.build();
  },

  async caseListCsv(request) {
    const db = await openDatabase();
    const { catalogs } = await referenceData(db);
    const cases: Case[] = [];
    for await (const page of casesOf(db).casesInPages(PAGE_SIZE)) cases.push(...page);
    return caseListCsv(cases, catalogs, request, request.language);
  },
};

expose(api);
