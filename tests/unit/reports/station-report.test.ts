import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import type { Case } from '../../../src/domain/case/case.schema';
import {
  catalogLookup,
  computeStationReport,
  type StationReport,
} from '../../../src/domain/reports/station-report';
import { tinyCatalog } from '../catalog/tiny-catalog';
import { aCase, at, tripOn } from './report-cases';

const calendar = defaultCalendar();
const catalogs = catalogLookup([tinyCatalog()]);
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
/** Friday. March 2026 has no holidays: its working days are Monday to Friday. */
const TODAY = '2026-03-20';

/*
 * The station GTZX in March 2026. GA-1 (出生登记, 公安 gaj) promises 3 working days and at most 1 trip; the 一件事
 * YJS-1 promises 3 days, lead department wjj. Every figure below is worked out by hand from these cases.
 */
const cases: Case[] = [
  // A: accepted Mon 03-02, due Thu 03-05, concluded Wed 03-04, delivered 03-05 after 2 trips, 非常满意.
  aCase({
    id: 'A',
    caseNo: 'A-1',
    acceptedOn: '2026-03-02',
    dueOn: '2026-03-05',
    concludedAt: at('2026-03-04'),
    deliveredAt: at('2026-03-05'),
    trips: [tripOn('2026-03-02', 'intake'), tripOn('2026-03-05', 'delivery')],
    materials: [
      { materialId: 'id-card', state: 'brought' },
      { materialId: 'birth-cert', state: 'exempt', exemption: 'data-sharing' },
      { materialId: 'marriage-cert', state: 'exempt', exemption: 'e-license' },
    ],
    evaluation: { level: 'very-satisfied', at: at('2026-03-05') },
  }),
  // B: 上门办, accepted 03-02, clock stopped 03-04 up to 03-09 (补正). Clock days: 03-03 (1), [03-04..03-08 stopped],
  // 03-09 (2), 03-10 (3) → due 03-10. Concluded 03-11: late. Delivered 03-12 with 1 trip, 不满意, follow-up open.
  aCase({
    id: 'B',
    caseNo: 'B-1',
    channel: 'door-to-door',
    acceptedOn: '2026-03-02',
    clockStops: [{ from: '2026-03-04', to: '2026-03-09' }],
    dueOn: '2026-03-10',
    concludedAt: at('2026-03-11'),
    deliveredAt: at('2026-03-12'),
    trips: [tripOn('2026-03-12', 'delivery')],
    materials: [
      { materialId: 'id-card', state: 'exempt', exemption: 'e-license' },
      { materialId: 'birth-cert', state: 'brought' },
    ],
    evaluation: { level: 'dissatisfied', at: at('2026-03-12'), followUpDue: '2026-04-02' },
  }),
  // C: accepted at DS01 on 03-09, to be delivered here (routed); in review, due 03-12: red on 03-20.
  aCase({
    id: 'C',
    status: 'in-review',
    acceptedAtStation: 'DS01',
    acceptedOn: '2026-03-09',
    dueOn: '2026-03-12',
  }),
  // D: accepted Wed 03-18; clock days 03-19, 03-20 used, 1 of 3 left ≤ max(20% of 3, 2) → yellow.
  aCase({ id: 'D', status: 'accepted', acceptedOn: '2026-03-18', dueOn: '2026-03-23' }),
  // E: accepted today, 3 of 3 left → green.
  aCase({ id: 'E', status: 'accepted', acceptedOn: '2026-03-20', dueOn: '2026-03-25' }),
  // F: a department sub-case of a 一件事: never counted on its own.
  aCase({ id: 'F', status: 'in-review', parentCaseId: 'J', acceptedOn: '2026-03-03', dueOn: '2026-03-06' }),
  // G: a draft: never counted.
  aCase({ id: 'G', status: 'draft' }),
  // H: another station's case: not GTZX's.
  aCase({
    id: 'H',
    acceptedAtStation: 'QS01',
    deliveryStation: 'QS01',
    acceptedOn: '2026-03-10',
    dueOn: '2026-03-13',
    concludedAt: at('2026-03-11'),
  }),
  // I: accepted Thu 02-26; clock days 02-27 (1), Sat 02-28 (调休 working day, 2), 03-02 (3) → due 03-02. Concluded
  // 03-03 (late, 4 clock days: 02-27, 02-28, 03-02, 03-03); delivered 03-04 after 3 trips; 非常不满意 with its
  // follow-up due 03-18, still open on 03-20: overdue. Accepted in February, so not in March's volume.
  aCase({
    id: 'I',
    caseNo: 'I-1',
    acceptedOn: '2026-02-26',
    dueOn: '2026-03-02',
    concludedAt: at('2026-03-03'),
    deliveredAt: at('2026-03-04'),
    trips: [
      tripOn('2026-02-26', 'intake'),
      tripOn('2026-02-27', 'supplement'),
      tripOn('2026-03-04', 'delivery'),
    ],
    evaluation: { level: 'very-dissatisfied', at: at('2026-03-04'), followUpDue: '2026-03-18' },
  }),
  // J: the parent of a 一件事 YJS-1 accepted 03-03, due 03-06 (3 days): red on 03-20.
  aCase({
    id: 'J',
    status: 'accepted',
    itemCode: 'YJS-1',
    bundleCode: 'YJS-1',
    handlingDepartment: 'wjj',
    acceptedOn: '2026-03-03',
    dueOn: '2026-03-06',
    materials: [
      { materialId: 'id-card', state: 'exempt', exemption: 'e-license' },
      { materialId: 'birth-cert', state: 'exempt', exemption: 'data-sharing' },
      { materialId: 'bills', state: 'brought' },
      { materialId: 'marriage-cert', state: 'missing' },
    ],
  }),
  // K: accepted under catalog version 99, which this device does not have: counted in the volume, lit by nothing.
  aCase({ id: 'K', status: 'accepted', itemCode: 'OLD-1', catalogVersion: 99, acceptedOn: '2026-03-05' }),
  // L: open since 2024-12-30, a year without a published holiday calendar: its light cannot be worked out.
  aCase({ id: 'L', status: 'in-review', acceptedOn: '2024-12-30', dueOn: '2025-01-03' }),
  // M: concluded 2026-03-31 17:00 UTC, which is 04-01 01:00 in China: outside March.
  aCase({
    id: 'M',
    status: 'approved',
    acceptedOn: '2026-02-26',
    dueOn: '2026-03-02',
    concludedAt: '2026-03-31T17:00:00.000Z',
  }),
];

const report = (): StationReport =>
  computeStationReport(cases, catalogs, { stationId: 'GTZX', period: MARCH, today: TODAY, calendar });

describe('station report', () => {
  it('counts the cases accepted in the period by item, department and channel', () => {
    // Accepted in March at or for GTZX, top-level, not drafts: A B C D E J K = 7.
    const { volume } = report();
    expect(volume.total).toBe(7);
    // GA-1: A B C D E = 5; OLD-1 (K) 1 and YJS-1 (J) 1 tie and go by code.
    expect(volume.byItem).toEqual([
      { key: 'GA-1', label: { zh: '出生登记', en: 'GA-1' }, count: 5 },
      { key: 'OLD-1', label: { zh: 'OLD-1', en: 'OLD-1' }, count: 1 },
      { key: 'YJS-1', label: { zh: '新生儿出生一件事', en: 'Newborn' }, count: 1 },
    ]);
    // gaj: A B C D E K = 6; wjj: J = 1.
    expect(volume.byDepartment.map(({ key, count }) => [key, count])).toEqual([
      ['gaj', 6],
      ['wjj', 1],
    ]);
    // window A D E J K = 5, door-to-door B = 1, routed C = 1.
    expect(volume.byChannel).toEqual({ window: 5, 'door-to-door': 1, routed: 1 });
  });

  it('rates conclusions by their due date and lights open cases as of today', () => {
    // Concluded in March (China dates): A on time, B late, I late; M concluded on 04-01 → 1 of 3.
    const { deadlines } = report();
    expect(deadlines).toMatchObject({ concluded: 3, onTime: 1, yellow: 1, red: 2 });
    expect(deadlines.onTimeRate).toBeCloseTo(1 / 3);
  });

  it('measures working days to conclude without clock stops, mean and nearest-rank p90', () => {
    // A: 03-03, 03-04 = 2. B: 03-03, 03-09, 03-10, 03-11 = 4 (03-04..03-06 stopped). I: 4 (with the 调休 Saturday).
    // Mean (2 + 4 + 4) / 3 = 10/3; p90 rank ⌈0.9 × 3⌉ = 3 of [2, 4, 4] → 4.
    const { duration } = report();
    expect(duration.concluded).toBe(3);
    expect(duration.meanWorkingDays).toBeCloseTo(10 / 3);
    expect(duration.p90WorkingDays).toBe(4);
  });

  it('counts trips of the cases delivered in the period', () => {
    // Delivered in March: A (2 trips), B (1), I (3) → 6 trips / 3 = 2; at most one trip: B → 1/3;
    // more than GA-1's one trip: A and I.
    const { trips } = report();
    expect(trips).toMatchObject({ delivered: 3, trips: 6, meanTrips: 2, atMostOne: 1, breaches: 2 });
    expect(trips.atMostOneShare).toBeCloseTo(1 / 3);
  });

  it('tallies materials exempted by kind against those handed over', () => {
    // A: 1 brought, data-sharing, e-license. B: e-license, 1 brought. J: e-license, data-sharing, 1 brought,
    // 1 missing. Submitted 3, exempted 5 (e-license 3, data-sharing 2), missing 1; cut 5 / (3 + 5) = 0.625.
    const { materials } = report();
    expect(materials).toEqual({
      submitted: 3,
      exempted: 5,
      missing: 1,
      byExemption: {
        'none-required': 0,
        'data-sharing': 2,
        verifiable: 0,
        'e-license': 3,
        commitment: 0,
        'online-check': 0,
      },
      cutShare: 0.625,
    });
  });

  it('distributes the ratings given in the period and lists open follow-ups, overdue ones flagged', () => {
    // Rated in March: A 非常满意, B 不满意, I 非常不满意 → satisfied 1 of 3.
    const { evaluations } = report();
    expect(evaluations.byLevel).toEqual({
      'very-satisfied': 1,
      satisfied: 0,
      'basically-satisfied': 0,
      dissatisfied: 1,
      'very-dissatisfied': 1,
    });
    expect(evaluations.rated).toBe(3);
    expect(evaluations.satisfactionRate).toBeCloseTo(1 / 3);
    // I due 03-18 < 03-20 → overdue; B due 04-02 → not yet. Earliest first.
    expect(evaluations.openFollowUps).toEqual([
      { caseId: 'I', caseNo: 'I-1', level: 'very-dissatisfied', followUpDue: '2026-03-18', overdue: true },
      { caseId: 'B', caseNo: 'B-1', level: 'dissatisfied', followUpDue: '2026-04-02', overdue: false },
    ]);
    expect(evaluations.overdueFollowUps).toBe(1);
  });

  it('notes the cases it could not measure instead of guessing', () => {
    // K: no catalog version 99. L: 2025 and 2026 are published, its clock starts in 2024's last days.
    expect(report().notCounted).toEqual({ missingCatalog: 1, missingCalendarYear: 1 });
  });

  it('reports no rate rather than zero when nothing was concluded', () => {
    const empty = computeStationReport([], catalogs, {
      stationId: 'GTZX',
      period: MARCH,
      today: TODAY,
      calendar,
    });
    expect(empty.deadlines.onTimeRate).toBeNull();
    expect(empty.duration).toEqual({ concluded: 0, meanWorkingDays: null, p90WorkingDays: null });
    expect(empty.trips.atMostOneShare).toBeNull();
    expect(empty.evaluations.satisfactionRate).toBeNull();
  });
});
