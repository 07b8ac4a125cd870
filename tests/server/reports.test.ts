import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseTags } from '../../replication-server/src/replication/scope';
import type { PushPolicy, ReplicatedDocument } from '../../replication-server/src/store/store';
import type { Case } from '../../src/domain/case/case.schema';
import type { CountyReport } from '../../src/domain/reports/county-report';
import { bearer, caseDoc, insert, signIn, startTestServer, type TestServer } from './test-server';

/** Stores the cases as they are, with their read tags, as if the stations had pushed them over time. */
const storedAsIs: PushPolicy = {
  decide: ({ row }) => ({ ok: true, tags: caseTags(row.newDocumentState as unknown as Case) }),
};

const at = (date: string) => `${date}T02:00:00.000Z`;

/*
 * RS-003 (人社, 5 promised working days) in March 2026, which has no holidays.
 * g1 GTZX→GTZX on time; g2 GTZX→QSZX (routed) late; q1, q2 QSZX on time.
 * GTZX: g1 g2 → volume 2, on time 1/2. QSZX: g2 q1 q2 → volume 3, on time 2/3. County: 4 cases, on time 3/4.
 */
const cases = [
  caseDoc({
    id: 'g1',
    status: 'delivered',
    deliveryStation: 'GTZX',
    acceptedOn: '2026-03-02',
    dueOn: '2026-03-09',
    concludedAt: at('2026-03-04'),
  }),
  caseDoc({
    id: 'g2',
    status: 'approved',
    acceptedOn: '2026-03-03',
    dueOn: '2026-03-10',
    concludedAt: at('2026-03-12'),
  }),
  caseDoc({
    id: 'q1',
    status: 'approved',
    acceptedAtStation: 'QSZX',
    acceptedOn: '2026-03-04',
    dueOn: '2026-03-11',
    concludedAt: at('2026-03-05'),
  }),
  caseDoc({
    id: 'q2',
    status: 'approved',
    acceptedAtStation: 'QSZX',
    acceptedOn: '2026-03-05',
    dueOn: '2026-03-12',
    concludedAt: at('2026-03-06'),
  }),
];

const countyReport = (token: string, query = 'from=2026-03-01&to=2026-03-31') =>
  server.app.inject({ method: 'GET', url: `/api/reports/county?${query}`, headers: bearer(token) });

let server: TestServer;

describe('county report', () => {
  beforeAll(async () => {
    server = await startTestServer();
    await server.store.push('cases', cases.map(insert), storedAsIs);
  });

  afterAll(async () => {
    await server.close();
  });

  it('is for administrators and supervisors only', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    expect((await countyReport(clerk.accessToken)).statusCode).toBe(403);
    const approver = await signIn(server.app, 'approver-rsj-liu');
    expect((await countyReport(approver.accessToken)).statusCode).toBe(403);
    const supervisor = await signIn(server.app, 'supervisor-dszw-ge');
    expect((await countyReport(supervisor.accessToken)).statusCode).toBe(200);
    const anonymous = await server.app.inject({
      method: 'GET',
      url: '/api/reports/county?from=2026-03-01&to=2026-03-31',
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses a period that ends before it starts or is no date', async () => {
    const admin = await signIn(server.app, 'admin-lin');
    expect((await countyReport(admin.accessToken, 'from=2026-03-31&to=2026-03-01')).statusCode).toBe(400);
    expect((await countyReport(admin.accessToken, 'from=2026-02-30&to=2026-03-01')).statusCode).toBe(400);
    expect((await countyReport(admin.accessToken, 'from=march')).statusCode).toBe(400);
  });

  it('computes every station and the county from the stored cases, best on-time rate first', async () => {
    const clerk = await signIn(server.app, 'clerk-gtzx-wang');
    // A GTZX tablet syncs, so the server has seen the station.
    await server.app.inject({
      method: 'GET',
      url: '/api/replication/cases/pull?seq=0',
      headers: { ...bearer(clerk.accessToken), 'x-jinban-device': 'tablet-gtzx-1' },
    });
    const admin = await signIn(server.app, 'admin-lin');
    const response = await countyReport(admin.accessToken);
    expect(response.statusCode).toBe(200);
    const report = response.json() as CountyReport;

    expect(report.county.volume.total).toBe(4);
    expect(report.county.deadlines).toMatchObject({ concluded: 4, onTime: 3, onTimeRate: 0.75 });
    const [first, second, ...others] = report.stations;
    expect(first).toMatchObject({ stationId: 'QSZX', lastSyncAt: null });
    expect(first?.report.volume.total).toBe(3);
    expect(first?.report.deadlines.onTimeRate).toBeCloseTo(2 / 3);
    expect(second?.stationId).toBe('GTZX');
    expect(second?.report.deadlines.onTimeRate).toBe(0.5);
    expect(second?.name.zh).toBe('高亭镇便民服务中心');
    expect(second?.lastSyncAt).toEqual(expect.any(String));
    // The other demo stations had no cases: no rate, ranked after.
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((row) => row.report.deadlines.onTimeRate === null)).toBe(true);
  });

  it('leaves deleted cases out', async () => {
    const g1: ReplicatedDocument = cases[0] ?? caseDoc();
    await server.store.push(
      'cases',
      [{ assumedMasterState: g1, newDocumentState: { ...g1, _deleted: true } }],
      storedAsIs,
    );
    const admin = await signIn(server.app, 'admin-lin');
    const report = (await countyReport(admin.accessToken)).json() as CountyReport;
    // g1 gone: 3 cases, 2 of them on time.
    expect(report.county.volume.total).toBe(3);
    expect(report.county.deadlines.onTimeRate).toBeCloseTo(2 / 3);
  });
});
