import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Case } from '../../src/domain/case/case.schema';
import {
  bearer,
  signIn as serverSignIn,
  startTestServer,
  type TestServer,
  update,
} from '../server/test-server';
import {
  acceptCase,
  caseOn,
  inSync,
  openStationClient,
  referenceDataArrived,
  type StationClient,
  unwrap,
} from './support/station-client';

const CLERK = 'clerk-gtzx-wang'; // 高亭镇 GTZX, accepts the case
const APPROVER = 'approver-rsj-liu'; // 人社局, handles it

let server: TestServer;
let baseUrl: string;
const openClients: Client[] = [];

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-02T01:00:00.000Z'));
  server = await startTestServer();
  baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
  vi.useRealTimers();
});

// RxDB's free tier opens at most 13 collections per process: at most two clients (5 each) at a time.
afterEach(async () => {
  for (const client of openClients.splice(0)) await client.close();
});

type Client = StationClient;

/** A tablet with an empty database, signed in online as `staffId`, replicating. */
async function openClient(staffId: string): Promise<Client> {
  const client = await openStationClient(baseUrl, staffId);
  openClients.push(client);
  return client;
}

const storedCase = async (id: string) => {
  const page = await server.store.pull('cases', { all: true }, 0, 10_000);
  return page.documents.find((stored) => stored.id === id);
};

/** A 承诺件 of 人社局 (RS-003) accepted at GTZX and submitted for review, so the approver holds it too. */
async function caseInReview(clerk: Client): Promise<Case> {
  const accepted = await acceptCase(clerk);
  return unwrap(await clerk.commands.perform(accepted.id, 'submit-for-review')).case;
}

/** An edit saved on the tablet as a clerk's form would save it: the changed fields and a new stamp. */
async function editOffline(client: Client, id: string, change: (c: Case) => Partial<Case>, at: string) {
  const stored = await client.db.cases.findOne(id).exec();
  const current = stored!.toMutableJSON() as Case;
  await stored!.incrementalPatch({ ...change(current), updatedAt: at });
}

describe('conflicting offline edits of one case', () => {
  it('merges different fields everywhere and files the field both changed as a conflict, losing nothing', async () => {
    const clerk = await openClient(CLERK);
    const approver = await openClient(APPROVER);
    await Promise.all([referenceDataArrived(clerk), referenceDataArrived(approver)]);
    const shared = await caseInReview(clerk);
    await caseOn(approver, shared.id, (c) => c.status === 'in-review');
    await Promise.all([inSync(clerk), inSync(approver)]);

    const [formField] = Object.keys(shared.form ?? {});
    expect(formField).toBeDefined();
    clerk.online.set(false);
    approver.online.set(false);
    await editOffline(
      clerk,
      shared.id,
      (c) => ({
        form: { ...c.form, [formField!]: '站点改的' },
        applicant: { ...c.applicant!, phone: '13900000001' },
      }),
      '2026-03-02T02:00:00.000Z',
    );
    await editOffline(
      approver,
      shared.id,
      (c) => ({
        applicant: { ...c.applicant!, name: '张三丰', phone: '13700000002' },
      }),
      '2026-03-02T03:00:00.000Z',
    );

    // The clerk's edit reaches the server first, so the master keeps its phone number ("ours").
    clerk.online.set(true);
    await inSync(clerk);
    approver.online.set(true);

    const merged = (c: Case) =>
      c.form?.[formField!] === '站点改的' &&
      c.applicant?.name === '张三丰' &&
      (c.openConflictIds?.length ?? 0) === 1;
    const onApprover = await caseOn(approver, shared.id, merged);
    const onClerk = await caseOn(clerk, shared.id, merged);
    const onServer = (await storedCase(shared.id))!.document as unknown as Case;
    expect(merged(onServer)).toBe(true);
    expect(onClerk.applicant?.phone).toBe('13900000001');
    expect(onApprover.applicant?.phone).toBe('13900000001');
    expect(onServer.applicant?.phone).toBe('13900000001');
    expect(onClerk.openConflictIds).toEqual(onServer.openConflictIds);
    expect(onApprover.openConflictIds).toEqual(onServer.openConflictIds);

    const admin = await serverSignIn(server.app, 'admin-lin');
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/admin/conflicts/${onServer.openConflictIds![0]}`,
      headers: bearer(admin.accessToken),
    });
    const { conflict } = response.json();
    expect(conflict.fields).toEqual([
      expect.objectContaining({ path: 'applicant.phone', ours: '13900000001', theirs: '13700000002' }),
    ]);
    expect(conflict.theirs.applicant.phone).toBe('13700000002');
    expect(conflict.theirsBy).toMatchObject({ staffId: APPROVER });
  }, 60_000);

  it('pushes the next edit of a case whose push the server answered with a merged master', async () => {
    const clerk = await openClient(CLERK);
    const approver = await openClient(APPROVER);
    await Promise.all([referenceDataArrived(clerk), referenceDataArrived(approver)]);
    const shared = await caseInReview(clerk);
    await caseOn(approver, shared.id, (c) => c.status === 'in-review');
    await Promise.all([inSync(clerk), inSync(approver)]);

    approver.online.set(false);
    await editOffline(
      clerk,
      shared.id,
      (c) => ({ applicant: { ...c.applicant!, phone: '13900000001' } }),
      '2026-03-02T02:00:00.000Z',
    );
    await inSync(clerk);
    await editOffline(
      approver,
      shared.id,
      (c) => ({ applicant: { ...c.applicant!, name: '张三丰' } }),
      '2026-03-02T03:00:00.000Z',
    );
    approver.online.set(true);
    // The approver's push was stale, so the server merged it and answered with the merged master.
    await caseOn(
      approver,
      shared.id,
      (c) => c.applicant?.phone === '13900000001' && c.applicant.name === '张三丰',
    );
    await inSync(approver);

    // The next edit is pushed against that answer as its assumed master state, and must arrive.
    await editOffline(
      approver,
      shared.id,
      (c) => ({ applicant: { ...c.applicant!, name: '张三丰二' } }),
      '2026-03-02T04:00:00.000Z',
    );
    await caseOn(clerk, shared.id, (c) => c.applicant?.name === '张三丰二');
    const onServer = (await storedCase(shared.id))!.document as unknown as Case;
    expect(onServer.applicant).toMatchObject({ name: '张三丰二', phone: '13900000001' });
    expect(onServer.openConflictIds).toBeUndefined();
  }, 60_000);
});

describe('integrity check and device reports', () => {
  it('matches after a sync, and re-pulls a document the server changed without announcing it', async () => {
    const clerk = await openClient(CLERK);
    await referenceDataArrived(clerk);
    const shared = await caseInReview(clerk);
    await inSync(clerk);

    const reports = await clerk.sync.checkIntegrity();
    expect(reports.map((report) => [report.collection, report.match])).toEqual([
      ['cases', true],
      ['case_events', true],
      ['catalogs', true],
      ['calendars', true],
      ['stations', true],
    ]);

    // Written to the store directly, so no change notification tells the device (as after a restored backup).
    const master = (await storedCase(shared.id))!;
    const repaired = { ...master.document, applicant: { ...shared.applicant!, phone: '13600000003' } };
    await server.store.push('cases', [update(master.document, repaired)], {
      decide: () => ({ ok: true, tags: master.tags }),
    });

    const [cases] = await clerk.sync.checkIntegrity();
    expect(cases).toEqual({ collection: 'cases', match: false, differing: [shared.id], onlyLocal: [] });
    await caseOn(clerk, shared.id, (c) => c.applicant?.phone === '13600000003');
    expect((await clerk.sync.checkIntegrity()).every((report) => report.match)).toBe(true);

    const { deviceId } = await clerk.device.getIdentity();
    const admin = await serverSignIn(server.app, 'admin-lin');
    const monitor = (
      await server.app.inject({
        method: 'GET',
        url: '/api/admin/sync-monitor',
        headers: bearer(admin.accessToken),
      })
    ).json();
    expect(monitor.devices).toContainEqual(
      expect.objectContaining({ deviceId, staffId: CLERK, stationId: 'GTZX', pendingPushes: 0 }),
    );
  }, 60_000);
});
