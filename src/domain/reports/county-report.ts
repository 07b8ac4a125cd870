import type { Case } from '../case/case.schema';
import type { LocalizedMessage } from '../localized-message';
import {
  type CatalogLookup,
  type ReportScope,
  type StationReport,
  stationReportBuilder,
} from './station-report';

export interface CountyStationRow {
  readonly stationId: string;
  readonly name: LocalizedMessage;
  readonly report: StationReport;
  /** When a device of the station last pulled or pushed (ISO date-time); null when the server has not seen one. */
  readonly lastSyncAt: string | null;
}

/** What GET /api/reports/county answers: the county as a whole and every station, best first (rankStations). */
export interface CountyReport {
  readonly county: StationReport;
  readonly stations: readonly CountyStationRow[];
}

export interface CountyStation {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
}

/**
 * One pass over the county's cases: the county figures (each case once) and the same figures per station (a case
 * routed between two stations counts at both, as each station's own dashboard shows it).
 */
export function computeCountyReports(
  cases: Iterable<Case>,
  catalogs: CatalogLookup,
  stations: readonly CountyStation[],
  scope: Omit<ReportScope, 'stationId'>,
): {
  readonly county: StationReport;
  /** In the order of `stations`. */
  readonly stations: readonly { readonly station: CountyStation; readonly report: StationReport }[];
} {
  const county = stationReportBuilder(catalogs, scope);
  const perStation = new Map(
    stations.map((station) => [
      station.id,
      { station, builder: stationReportBuilder(catalogs, { ...scope, stationId: station.id }) },
    ]),
  );
  for (const c of cases) {
    county.add(c);
    perStation.get(c.acceptedAtStation)?.builder.add(c);
    if (c.deliveryStation !== c.acceptedAtStation) perStation.get(c.deliveryStation)?.builder.add(c);
  }
  return {
    county: county.build(),
    stations: [...perStation.values()].map(({ station, builder }) => ({ station, report: builder.build() })),
  };
}

const descendingNullsLast = (a: number | null, b: number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : b - a;

/**
 * Best first: highest 按时办结率, then fewest trips per delivered case, then station code. A station without
 * concluded (or delivered) cases has no rate and ranks after those that have one.
 */
export function rankStations<T extends { readonly stationId: string; readonly report: StationReport }>(
  rows: readonly T[],
): T[] {
  const negated = (value: number | null) => (value === null ? null : -value);
  return [...rows].sort(
    (a, b) =>
      descendingNullsLast(a.report.deadlines.onTimeRate, b.report.deadlines.onTimeRate) ||
      descendingNullsLast(negated(a.report.trips.meanTrips), negated(b.report.trips.meanTrips)) ||
      a.stationId.localeCompare(b.stationId),
  );
}
