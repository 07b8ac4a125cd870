import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { computeCountyReports, rankStations } from '../../../src/domain/reports/county-report';
import { catalogLookup, type StationReport } from '../../../src/domain/reports/station-report';
import { tinyCatalog } from '../catalog/tiny-catalog';
import { aCase, at } from './report-cases';

const scope = {
  period: { from: '2026-03-01', to: '2026-03-31' },
  today: '2026-03-20',
  calendar: defaultCalendar(),
};
const stationReport = (reports: ReturnType<typeof computeCountyReports>, id: string): StationReport => {
  const found = reports.stations.find((entry) => entry.station.id === id);
  if (found === undefined) throw new Error(`no report for ${id}`);
  return found.report;
};
const stations = [
  { id: 'GTZX', name: '高亭', nameEn: 'Gaoting' },
  { id: 'DS01', name: '泥峙村', nameEn: 'Nizhi' },
];

describe('county reports', () => {
  it('counts a routed case at both stations but once for the county', () => {
    const cases = [
      aCase({ id: 'local', acceptedOn: '2026-03-02' }),
      // Accepted at DS01, delivered at GTZX.
      aCase({ id: 'routed', acceptedAtStation: 'DS01', acceptedOn: '2026-03-03' }),
      // A station outside the list still belongs to the county.
      aCase({
        id: 'elsewhere',
        acceptedAtStation: 'QS01',
        deliveryStation: 'QS01',
        acceptedOn: '2026-03-04',
      }),
    ];
    const reports = computeCountyReports(cases, catalogLookup([tinyCatalog()]), stations, scope);
    // County: local + routed + elsewhere = 3. GTZX: local + routed = 2. DS01: routed = 1.
    expect(reports.county.volume.total).toBe(3);
    expect(reports.county.stationId).toBeNull();
    expect(stationReport(reports, 'GTZX').volume.total).toBe(2);
    expect(stationReport(reports, 'DS01').volume).toMatchObject({
      total: 1,
      byChannel: { window: 0, 'door-to-door': 0, routed: 1 },
    });
    // Only routed differs in its stations: 1 routed of the county's 3.
    expect(reports.county.volume.byChannel).toEqual({ window: 2, 'door-to-door': 0, routed: 1 });
  });

  it('ranks stations by on-time rate, then by fewer trips, stations without a rate last', () => {
    const row = (stationId: string, onTimeRate: number | null, meanTrips: number | null) => ({
      stationId,
      report: { deadlines: { onTimeRate }, trips: { meanTrips } } as unknown as StationReport,
    });
    const ranked = rankStations([
      row('NONE', null, 0.5),
      row('HALF', 0.5, 1),
      row('BEST', 0.9, 1.4),
      row('TIE1', 0.8, 1.2),
      row('TIE2', 0.8, 1.0),
      row('TIE0', 0.8, null),
    ]);
    // 0.9 first; of the 0.8s fewer trips first (1.0, 1.2, then no trips figure); 0.5; no rate last.
    expect(ranked.map((entry) => entry.stationId)).toEqual(['BEST', 'TIE2', 'TIE1', 'TIE0', 'HALF', 'NONE']);
  });

  it('computes each station from its own cases only', () => {
    const cases = [
      aCase({ id: 'g1', acceptedOn: '2026-03-02', dueOn: '2026-03-05', concludedAt: at('2026-03-04') }),
      aCase({
        id: 'd1',
        acceptedAtStation: 'DS01',
        deliveryStation: 'DS01',
        acceptedOn: '2026-03-02',
        dueOn: '2026-03-05',
        concludedAt: at('2026-03-09'),
      }),
    ];
    const reports = computeCountyReports(cases, catalogLookup([tinyCatalog()]), stations, scope);
    // g1 concluded 03-04 ≤ 03-05 (on time); d1 concluded 03-09 > 03-05 (late). County 1 of 2.
    expect(stationReport(reports, 'GTZX').deadlines.onTimeRate).toBe(1);
    expect(stationReport(reports, 'DS01').deadlines.onTimeRate).toBe(0);
    expect(reports.county.deadlines.onTimeRate).toBe(0.5);
  });
});
