import { readClock } from '../calendar/clock';
import { type IsoDate, todayInShanghai } from '../calendar/iso-date';
import { MissingCalendarYearError, type WorkingDayCalendar } from '../calendar/working-day-calendar';
import { type Case, EVALUATION_LEVELS, type EvaluationLevel } from '../case/case.schema';
import { promisedDaysOf, tripSummary } from '../case/case-workflow';
import { deadlineState } from '../case/deadline';
import { isBadRating } from '../case/evaluation';
import { type Catalog, EXEMPTION_KINDS, type ExemptionKind } from '../catalog/catalog.schema';
import { type ProvidedMaterials, tallyMaterials } from '../catalog/material-resolution';
import type { LocalizedMessage } from '../localized-message';
import { isInPeriod, type ReportPeriod } from './report-period';
import { mean, nearestRankPercentile, share } from './statistics';

/**
 * The figures that show whether 最多跑一次 works at a station (or, without a station, across a county). Every figure
 * is defined here, once; the dashboard, the CSV export and the county view only display them.
 *
 * Which cases count
 * - A station's cases are those it accepted or delivers (就近办: accepted here, handed out elsewhere, or the reverse).
 * - A 一件事 counts once, as its parent case: that is the applicant's one application, and the parent carries the
 *   trips and the full material list. Department sub-cases (with parentCaseId) are left out of every figure.
 * - Drafts count nowhere: they were never accepted.
 * - A case whose catalog version is not on the device, or whose dates fall in a year without a published holiday
 *   calendar, is left out of the figures that need them and counted in `notCounted`, never guessed.
 *
 * Dates: an instant (concludedAt, deliveredAt, evaluation.at) falls on its date in China (todayInShanghai).
 */

/** 渠道: at the window, door to door (上门办), or routed between stations (就近办 / 全城通办). */
export const REPORT_CHANNELS = ['window', 'door-to-door', 'routed'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

/** Looks a catalog up by version; catalogs(version) is undefined when that version is not known here. */
export type CatalogLookup = (version: number) => Catalog | undefined;

export const catalogLookup =
  (catalogs: Iterable<Catalog>): CatalogLookup =>
  (version) => {
    for (const catalog of catalogs) if (catalog.version === version) return catalog;
    return undefined;
  };

export interface CountEntry {
  /** Item (or 一件事) code, or department code. */
  readonly key: string;
  readonly label: LocalizedMessage;
  readonly count: number;
}

export interface OpenFollowUp {
  readonly caseId: string;
  readonly caseNo: string | null;
  readonly level: EvaluationLevel;
  readonly followUpDue: IsoDate;
  /** The follow-up was due before today. */
  readonly overdue: boolean;
}

export interface StationReport {
  /** Null for a report over the whole county. */
  readonly stationId: string | null;
  readonly period: ReportPeriod;
  readonly today: IsoDate;
  /** 办件量: cases accepted (acceptedOn) in the period, by item, by handling department and by channel. */
  readonly volume: {
    readonly total: number;
    /** Most cases first. */
    readonly byItem: readonly CountEntry[];
    readonly byDepartment: readonly CountEntry[];
    /**
     * 'routed' when the delivery station differs from the accepting one — which, for a station's report, includes
     * every case accepted at another station; otherwise the case's own channel.
     */
    readonly byChannel: Readonly<Record<ReportChannel, number>>;
  };
  readonly deadlines: {
    /** Cases concluded (approved, rejected or concluded on the spot: concludedAt) in the period with a due date. */
    readonly concluded: number;
    /** Of those, concluded on or before their due date (dueOn). */
    readonly onTime: number;
    /** 按时办结率 = onTime / concluded. */
    readonly onTimeRate: number | null;
    /** Open cases lit yellow or red today (deadlineState), whatever the period: a picture of now. */
    readonly yellow: number;
    readonly red: number;
  };
  /**
   * 办结用时: working days from acceptance to conclusion on which the clock ran — the working days in
   * (acceptedOn, date of concludedAt] outside clock stops (补正), as clock.ts counts them — over cases concluded in
   * the period. p90 is the nearest-rank 90th percentile (statistics.ts).
   */
  readonly duration: {
    readonly concluded: number;
    readonly meanWorkingDays: number | null;
    readonly p90WorkingDays: number | null;
  };
  /**
   * 跑动次数, over cases whose result was handed out (deliveredAt) in the period: only then are the trips final.
   * meanTrips = trips / delivered; atMostOneShare (最多跑一次占比) = cases with 0 or 1 trips / delivered; breaches =
   * cases with more trips than the item promises (tripSummary).
   */
  readonly trips: {
    readonly delivered: number;
    readonly trips: number;
    readonly meanTrips: number | null;
    readonly atMostOne: number;
    readonly atMostOneShare: number | null;
    readonly breaches: number;
  };
  /**
   * 材料精简, over the materials recorded on cases accepted in the period (tallyMaterials): handed over on paper,
   * exempted (免提交, by kind of 三个不提交 / 四个一律取消) and still missing. cutShare (精简比例) = exempted /
   * (submitted + exempted): of the materials settled, how many the applicant did not have to bring.
   */
  readonly materials: {
    readonly submitted: number;
    readonly exempted: number;
    readonly missing: number;
    readonly byExemption: Readonly<Record<ExemptionKind, number>>;
    readonly cutShare: number | null;
  };
  /**
   * 好差评, over ratings given (evaluation.at) in the period, by level. satisfactionRate (满意率) = (非常满意 + 满意
   * + 基本满意) / ratings. openFollowUps: every bad rating whose follow-up is not closed, whatever the period,
   * earliest due first; overdue when due before today.
   */
  readonly evaluations: {
    readonly rated: number;
    readonly byLevel: Readonly<Record<EvaluationLevel, number>>;
    readonly satisfactionRate: number | null;
    readonly openFollowUps: readonly OpenFollowUp[];
    readonly overdueFollowUps: number;
  };
  /** Cases left out of at least one figure, by reason. */
  readonly notCounted: {
    readonly missingCatalog: number;
    readonly missingCalendarYear: number;
  };
}

export interface ReportScope {
  /** Omit for the whole county: every case counts, once. */
  readonly stationId?: string;
  readonly period: ReportPeriod;
  readonly today: IsoDate;
  readonly calendar: WorkingDayCalendar;
}

/** Builds a report one case at a time, so a large set can be read in pages and never held whole. */
export interface StationReportBuilder {
  add(c: Case): void;
  build(): StationReport;
}

const OPEN_STATUSES: ReadonlySet<Case['status']> = new Set(['accepted', 'awaiting-supplement', 'in-review']);

const dateOf = (instant: string | undefined): IsoDate | undefined =>
  instant === undefined ? undefined : todayInShanghai(new Date(instant));

export const isStationCase = (c: Case, stationId: string | undefined): boolean =>
  stationId === undefined || c.acceptedAtStation === stationId || c.deliveryStation === stationId;

export const reportChannelOf = (
  c: Pick<Case, 'channel' | 'acceptedAtStation' | 'deliveryStation'>,
): ReportChannel => (c.acceptedAtStation !== c.deliveryStation ? 'routed' : c.channel);

const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

function labelOfTarget(c: Case, catalog: Catalog | undefined): LocalizedMessage {
  const named =
    c.bundleCode !== undefined && c.parentCaseId === undefined
      ? catalog?.bundles.find((bundle) => bundle.code === c.bundleCode)
      : catalog?.items.find((item) => item.code === c.itemCode);
  return named === undefined ? { zh: c.itemCode, en: c.itemCode } : { zh: named.name, en: named.nameEn };
}

function labelOfDepartment(code: string, catalog: Catalog | undefined): LocalizedMessage {
  const department = catalog?.departments.find((candidate) => candidate.code === code);
  return department === undefined ? { zh: code, en: code } : { zh: department.name, en: department.nameEn };
}

class Counter {
  private readonly _entries = new Map<string, { label: LocalizedMessage; count: number }>();

  add(key: string, label: () => LocalizedMessage): void {
    const entry = this._entries.get(key);
    if (entry === undefined) this._entries.set(key, { label: label(), count: 1 });
    else entry.count += 1;
  }

  sorted(): CountEntry[] {
    return [...this._entries]
      .map(([key, { label, count }]) => ({ key, label, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }
}

export function stationReportBuilder(catalogs: CatalogLookup, scope: ReportScope): StationReportBuilder {
  const { stationId, period, today, calendar } = scope;
  const byItem = new Counter();
  const byDepartment = new Counter();
  const byChannel = zeroCounts(REPORT_CHANNELS);
  let volume = 0;
  let concludedWithDue = 0;
  let onTime = 0;
  let yellow = 0;
  let red = 0;
  const durations: number[] = [];
  let delivered = 0;
  let trips = 0;
  let atMostOne = 0;
  let breaches = 0;
  let submitted = 0;
  let exempted = 0;
  let missing = 0;
  const byExemption = zeroCounts(EXEMPTION_KINDS);
  const byLevel = zeroCounts(EVALUATION_LEVELS);
  const openFollowUps: OpenFollowUp[] = [];
  const missingCatalog = new Set<string>();
  const missingCalendarYear = new Set<string>();

  /** Runs a figure that needs the catalog and the calendar; a case lacking either is noted, not guessed. */
  const withCatalog = (c: Case, figure: (catalog: Catalog) => void): void => {
    const catalog = catalogs(c.catalogVersion);
    if (catalog === undefined) {
      missingCatalog.add(c.id);
      return;
    }
    try {
      figure(catalog);
    } catch (error) {
      if (!(error instanceof MissingCalendarYearError)) throw error;
      missingCalendarYear.add(c.id);
    }
  };

  const add = (c: Case): void => {
    if (c.parentCaseId !== undefined || c.status === 'draft' || !isStationCase(c, stationId)) return;
    const catalog = catalogs(c.catalogVersion);

    if (isInPeriod(c.acceptedOn, period)) {
      volume += 1;
      byItem.add(c.bundleCode ?? c.itemCode, () => labelOfTarget(c, catalog));
      byDepartment.add(c.handlingDepartment, () => labelOfDepartment(c.handlingDepartment, catalog));
      byChannel[reportChannelOf(c)] += 1;
      const provided: ProvidedMaterials = Object.fromEntries(
        c.materials.map((material) => [material.materialId, material]),
      );
      const tally = tallyMaterials(provided);
      submitted += tally.submitted;
      exempted += tally.exempted;
      missing += tally.missing;
      for (const kind of EXEMPTION_KINDS) byExemption[kind] += tally.byExemption[kind];
    }

    const concludedOn = dateOf(c.concludedAt);
    if (isInPeriod(concludedOn, period) && concludedOn !== undefined) {
      if (c.dueOn !== undefined) {
        concludedWithDue += 1;
        if (concludedOn <= c.dueOn) onTime += 1;
      }
      const acceptedOn = c.acceptedOn;
      if (acceptedOn !== undefined) {
        withCatalog(c, (found) => {
          const clock = readClock(acceptedOn, promisedDaysOf(c, found), c.clockStops, concludedOn, calendar);
          durations.push(clock.usedWorkingDays);
        });
      }
    }

    if (OPEN_STATUSES.has(c.status)) {
      withCatalog(c, (found) => {
        const { light } = deadlineState(c, promisedDaysOf(c, found), today, calendar);
        if (light === 'yellow') yellow += 1;
        else if (light === 'red') red += 1;
      });
    }

    if (isInPeriod(dateOf(c.deliveredAt), period)) {
      withCatalog(c, (found) => {
        const summary = tripSummary(c, found);
        delivered += 1;
        trips += summary.trips;
        if (summary.oneTripAtMost) atMostOne += 1;
        if (summary.breach) breaches += 1;
      });
    }

    const evaluation = c.evaluation;
    if (evaluation !== undefined) {
      if (isInPeriod(dateOf(evaluation.at), period)) byLevel[evaluation.level] += 1;
      if (
        isBadRating(evaluation.level) &&
        evaluation.followUpDue !== undefined &&
        evaluation.followUpClosedAt === undefined
      ) {
        openFollowUps.push({
          caseId: c.id,
          caseNo: c.caseNo ?? null,
          level: evaluation.level,
          followUpDue: evaluation.followUpDue,
          overdue: evaluation.followUpDue < today,
        });
      }
    }
  };

  const build = (): StationReport => {
    const rated = EVALUATION_LEVELS.reduce((sum, level) => sum + byLevel[level], 0);
    const satisfied = byLevel['very-satisfied'] + byLevel.satisfied + byLevel['basically-satisfied'];
    const followUps = [...openFollowUps].sort(
      (a, b) => a.followUpDue.localeCompare(b.followUpDue) || a.caseId.localeCompare(b.caseId),
    );
    return {
      stationId: stationId ?? null,
      period: { from: period.from, to: period.to },
      today,
      volume: {
        total: volume,
        byItem: byItem.sorted(),
        byDepartment: byDepartment.sorted(),
        byChannel: { ...byChannel },
      },
      deadlines: {
        concluded: concludedWithDue,
        onTime,
        onTimeRate: share(onTime, concludedWithDue),
        yellow,
        red,
      },
      duration: {
        concluded: durations.length,
        meanWorkingDays: mean(durations),
        p90WorkingDays: nearestRankPercentile(durations, 90),
      },
      trips: {
        delivered,
        trips,
        meanTrips: share(trips, delivered),
        atMostOne,
        atMostOneShare: share(atMostOne, delivered),
        breaches,
      },
      materials: {
        submitted,
        exempted,
        missing,
        byExemption: { ...byExemption },
        cutShare: share(exempted, submitted + exempted),
      },
      evaluations: {
        rated,
        byLevel: { ...byLevel },
        satisfactionRate: share(satisfied, rated),
        openFollowUps: followUps,
        overdueFollowUps: followUps.filter((followUp) => followUp.overdue).length,
      },
      notCounted: { missingCatalog: missingCatalog.size, missingCalendarYear: missingCalendarYear.size },
    };
  };

  return { add, build };
}

/** The report over a set of cases; see stationReportBuilder to feed cases in pages. */
export function computeStationReport(
  cases: Iterable<Case>,
  catalogs: CatalogLookup,
  scope: ReportScope,
): StationReport {
  const builder = stationReportBuilder(catalogs, scope);
  for (const c of cases) builder.add(c);
  return builder.build();
}
