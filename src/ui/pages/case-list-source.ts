import { combineLatest, map, type Observable, of, switchMap } from 'rxjs';
import type { CaseListQuery, CaseRepository } from '../../data/case.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import { addDays, type IsoDate, todayInShanghai } from '../../domain/calendar/iso-date';
import {
  MissingCalendarYearError,
  type WorkingDayCalendar,
} from '../../domain/calendar/working-day-calendar';
import type { Case, CaseStatus, Channel } from '../../domain/case/case.schema';
import { promisedDaysOf } from '../../domain/case/case-workflow';
import { DEADLINE_THRESHOLDS, type DeadlineState, deadlineState } from '../../domain/case/deadline';
import type { Catalog } from '../../domain/catalog/catalog.schema';

export type LightFilter = 'green' | 'yellow' | 'red';

export interface CaseListFilters {
  readonly status?: CaseStatus;
  readonly itemCode?: string;
  readonly light?: LightFilter;
  readonly channel?: Channel;
  readonly search?: string;
}

/** One row of the list: the case with what the row shows beside it. */
export interface CaseListRow {
  readonly case: Case;
  /** Item or 一件事 name from the catalog the case was accepted under; undefined if that catalog is missing. */
  readonly itemName: { readonly name: string; readonly nameEn: string } | undefined;
  /** Undefined when the calendar or the catalog cannot tell (see CaseListPage.missingYear). */
  readonly deadline: DeadlineState | undefined;
}

export interface CaseListPage {
  readonly rows: readonly CaseListRow[];
  readonly total: number;
  /** A holiday year the calendar lacks, so some lights could not be computed. */
  readonly missingYear: MissingCalendarYearError | undefined;
}

/** The statuses in which a case can carry a light at all; deadline.ts lights nothing else. */
const CLOCKED: readonly CaseStatus[] = ['accepted', 'in-review', 'awaiting-supplement'];
/** A case waiting for 补正 is paused: it can be red (overdue before the pause) but never green or yellow. */
const RUNNING: readonly CaseStatus[] = ['accepted', 'in-review'];

/**
 * The cheapest correct deadline filter. The light is not stored: it depends on today, the working-day calendar
 * and the item's promised days (the yellow band is max(20 % of the limit, 2 working days)), so no stored field
 * and no single `dueOn` range selects exactly the cases of one colour. And `dueOn` has no index, so a `dueOn`
 * range alone would still read every case.
 *
 * So the database narrows by status first, through the status index: only the open cases (a small share of the
 * 50,000 on a tablet; most are delivered) can be lit. A `dueOn` bound that is a necessary condition of the colour
 * narrows them further while that index range is read: red needs a due date before today, green needs at least
 * `yellowMinWorkingDays + 1` working days left. Then deadlineState, the one place the rule lives, decides every
 * candidate exactly, and the list pages through the result in memory. Adding a `dueOn` index would need a schema
 * migration and would still not be exact, because the yellow band differs per item.
 *
 * Returns undefined when the filter contradicts the chosen status (e.g. green and 待补正): nothing can match.
 */
export function deadlineCandidates(
  light: LightFilter,
  status: CaseStatus | undefined,
  today: IsoDate,
  calendar: WorkingDayCalendar,
): Pick<CaseListQuery, 'status' | 'dueOn'> | undefined {
  const possible = light === 'red' ? CLOCKED : RUNNING;
  if (status !== undefined && !possible.includes(status)) return undefined;
  const statuses = status === undefined ? possible : [status];
  switch (light) {
    case 'red':
      return { status: statuses, dueOn: { to: addDays(today, -1) } };
    case 'green':
      return {
        status: statuses,
        dueOn: { from: calendar.addWorkingDays(today, DEADLINE_THRESHOLDS.yellowMinWorkingDays + 1) },
      };
    case 'yellow':
      return { status: statuses, dueOn: {} };
  }
}

/** Holds each catalog version once; cases of one tablet almost always share one or two versions. */
export class CatalogVersions {
  private readonly _loaded = new Map<number, Promise<Catalog | undefined>>();

  constructor(private readonly _catalogs: Pick<CatalogRepository, 'getCatalog'>) {}

  get(version: number): Promise<Catalog | undefined> {
    let catalog = this._loaded.get(version);
    if (catalog === undefined) {
      catalog = this._catalogs.getCatalog(version);
      this._loaded.set(version, catalog);
    }
    return catalog;
  }
}

function itemNameOf(c: Case, catalog: Catalog | undefined): CaseListRow['itemName'] {
  if (catalog === undefined) return undefined;
  const entry =
    c.bundleCode !== undefined && c.parentCaseId === undefined
      ? catalog.bundles.find((bundle) => bundle.code === c.bundleCode)
      : catalog.items.find((item) => item.code === c.itemCode);
  return entry === undefined ? undefined : { name: entry.name, nameEn: entry.nameEn };
}

/** The row of a case: its light (a MissingCalendarYearError is reported, not thrown) and its item's name. */
export async function toRows(
  cases: readonly Case[],
  catalogs: CatalogVersions,
  calendar: WorkingDayCalendar,
  today: IsoDate,
): Promise<{ rows: CaseListRow[]; missingYear: MissingCalendarYearError | undefined }> {
  let missingYear: MissingCalendarYearError | undefined;
  const rows = await Promise.all(
    cases.map(async (c): Promise<CaseListRow> => {
      const catalog = await catalogs.get(c.catalogVersion);
      let deadline: DeadlineState | undefined;
      if (catalog !== undefined) {
        try {
          deadline = deadlineState(c, promisedDaysOf(c, catalog), today, calendar);
        } catch (error) {
          if (!(error instanceof MissingCalendarYearError)) throw error;
          missingYear ??= error;
        }
      }
      return { case: c, itemName: itemNameOf(c, catalog), deadline };
    }),
  );
  return { rows, missingYear };
}

export interface CaseListSources {
  readonly cases: Pick<CaseRepository, 'observeCases' | 'observeCaseCount'>;
  readonly catalogs: CatalogVersions;
  readonly calendar: Observable<WorkingDayCalendar>;
  readonly now?: () => Date;
}

/** Every open candidate of a light filter is read at once; see deadlineCandidates for why that stays small. */
const ALL = Number.MAX_SAFE_INTEGER;

/**
 * The first `limit` rows of the cases matching `filters`, newest first, with the total. Without a light filter
 * the repository pages and counts; with one, see deadlineCandidates.
 */
export function observeCaseList(
  sources: CaseListSources,
  filters: CaseListFilters,
  limit: number,
): Observable<CaseListPage> {
  const base: CaseListQuery = {
    ...(filters.status === undefined ? {} : { status: filters.status }),
    ...(filters.itemCode === undefined ? {} : { itemCode: filters.itemCode }),
    ...(filters.channel === undefined ? {} : { channel: filters.channel }),
    ...(filters.search === undefined || filters.search.trim() === '' ? {} : { search: filters.search }),
    order: 'newest',
  };
  return sources.calendar.pipe(
    switchMap((calendar) => {
      const today = todayInShanghai((sources.now ?? (() => new Date()))());
      const light = filters.light;
      if (light === undefined) {
        return combineLatest([
          sources.cases.observeCases({ ...base, limit }),
          sources.cases.observeCaseCount(base),
        ]).pipe(
          switchMap(async ([cases, total]) => ({
            ...(await toRows(cases, sources.catalogs, calendar, today)),
            total,
          })),
        );
      }
      let candidates: Pick<CaseListQuery, 'status' | 'dueOn'> | undefined;
      try {
        candidates = deadlineCandidates(light, filters.status, today, calendar);
      } catch (error) {
        if (!(error instanceof MissingCalendarYearError)) throw error;
        return of<CaseListPage>({ rows: [], total: 0, missingYear: error });
      }
      if (candidates === undefined) return of<CaseListPage>({ rows: [], total: 0, missingYear: undefined });
      return sources.cases.observeCases({ ...base, ...candidates, limit: ALL }).pipe(
        switchMap((cases) => toRows(cases, sources.catalogs, calendar, today)),
        map(({ rows, missingYear }) => {
          const lit = rows.filter((row) => row.deadline?.light === light);
          return { rows: lit.slice(0, limit), total: lit.length, missingYear };
        }),
      );
    }),
  );
}
