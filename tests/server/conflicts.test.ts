import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { partitionDigest } from '../../src/domain/conflict/partition-digest';
import {
  bearer,
  caseDoc,
  insert,
  pull,
  push,
  signIn,
  startTestServer,
  type TestServer,
  update,
} from './test-server';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('conflicts, the admin console and the integrity check over HTTP', () => {
  let server: TestServer;
  let gtzxClerk: string;
  let qszxClerk: string;
  let approver: string;
  let admin: string;

  const signInAll = async () => {
    gtzxClerk = (await signIn(server.app, 'clerk-gtzx-wang')).accessToken;
    qszxClerk = (await signIn(server.app, 'clerk-qszx-chen')).accessToken;
    approver = (await signIn(server.app, 'approver-rsj-liu')).accessToken;
    admin = (await signIn(server.app, 'admin-lin')).accessToken;
  };

  beforeEach(async () => {
    server = await startTestServer();
    await signInAll();
  });
  afterEach(async () => {
    await server.close();
  });

  const pushFrom = (token: string, device: string, collection: string, rows: unknown) =>
    server.app.inject({
      method: 'POST',
      url: `/api/replication/${collection}/push`,
      headers: { ...bearer(token), 'x-jinban-device': device },
      payload: rows as object,
    });
  const adminGet = (url: string, token = admin) =>
    server.app.inject({ method: 'GET', url, headers: bearer(token) });
  const resolve = (id: string, body: unknown, token = admin): Promise<LightMyRequestResponse> =>
    server.app.inject({
      method: 'POST',
      url: `/api/admin/conflicts/${id}/resolve`,
      headers: { ...bearer(token), 'x-jinban-device': 'admin-desktop' },
      payload: body as object,
    });

  /** In review; the approver approves while the accepting station, offline, withdraws it at the applicant's wish. */
  async function approvedHereWithdrawnThere() {
    const inReview = caseDoc({ status: 'in-review', acceptedOn: '2026-03-02' });
    await push(server.app, gtzxClerk, 'cases', [insert(inReview)]);
    const approved = caseDoc({
      status: 'approved',
      acceptedOn: '2026-03-02',
      updatedAt: '2026-03-04T09:00:00.000Z',
      updatedBy: 'approver-rsj-liu',
      deviceId: 'desktop-rsj',
    });
    expect((await push(server.app, approver, 'cases', [update(inReview, approved)])).json().rejected).toEqual(
      [],
    );
    const withdrawn = caseDoc({
      status: 'withdrawn',
      acceptedOn: '2026-03-02',
      updatedAt: '2026-03-04T10:00:00.000Z',
      updatedBy: 'clerk-gtzx-wang',
      deviceId: 'tablet-gtzx',
    });
    const response = await pushFrom(gtzxClerk, 'tablet-gtzx', 'cases', [update(inReview, withdrawn)]);
    return { inReview, approved, withdrawn, response };
  }

  it('merges a stale push with the master, stores the result as the new master and answers with it', async () => {
    const accepted = caseDoc({ status: 'accepted', acceptedOn: '2026-03-02' });
    await push(server.app, gtzxClerk, 'cases', [insert(accepted)]);
    const reviewed = caseDoc({
      status: 'accepted',
      acceptedOn: '2026-03-02',
      form: { reviewNote: '材料齐全' },
      updatedAt: '2026-03-03T09:00:00.000Z',
    });
    await pushFrom(qszxClerk, 'tablet-qszx', 'cases', [update(accepted, reviewed)]);
    const newPhone = caseDoc({
      status: 'accepted',
      acceptedOn: '2026-03-02',
      applicant: { ...accepted.applicant, phone: '13900000000' },
      updatedAt: '2026-03-03T10:00:00.000Z',
    });

    const response = await pushFrom(gtzxClerk, 'tablet-gtzx', 'cases', [update(accepted, newPhone)]);

    const expected = { ...reviewed, applicant: newPhone.applicant, updatedAt: newPhone.updatedAt };
    expect(response.json()).toEqual({ conflicts: [expected], rejected: [] });
    expect((await pull(server.app, qszxClerk, 'cases')).json().documents).toEqual([expected]);
    const merges = (await adminGet('/api/admin/merges?documentId=case-1')).json().merges;
    expect(merges).toHaveLength(1);
    expect(merges[0].fields.map((field: { path: string }) => field.path)).toEqual(['applicant.phone']);
    expect(merges[0].by).toMatchObject({
      staffId: 'clerk-gtzx-wang',
      stationId: 'GTZX',
      deviceId: 'tablet-gtzx',
    });
    // Once adopted, the device's next edit is an ordinary update over the merged master.
    const next = { ...expected, form: { reviewNote: '材料齐全', remark: '已电话联系' } };
    expect((await push(server.app, gtzxClerk, 'cases', [update(expected, next)])).json()).toEqual({
      conflicts: [],
      rejected: [],
    });
  });

  it('files an approval as a conflict when the clerk has taken the case back meanwhile, instead of refusing it', async () => {
    // Approved over in-review would merge as accepted → approved ("conclude", a clerk's move for instant items),
    // which the approver may not make: the merged document was refused and the approval lost.
    const inReview = caseDoc({ status: 'in-review', acceptedOn: '2026-03-02' });
    await push(server.app, gtzxClerk, 'cases', [insert(inReview)]);
    const supplemented = caseDoc({
      status: 'accepted',
      acceptedOn: '2026-03-02',
      updatedAt: '2026-03-03T09:00:00.000Z',
    });
    await pushFrom(gtzxClerk, 'tablet-gtzx', 'cases', [update(inReview, supplemented)]);
    const approved = caseDoc({
      status: 'approved',
      acceptedOn: '2026-03-02',
      updatedAt: '2026-03-03T10:00:00.000Z',
      updatedBy: 'approver-rsj-liu',
    });

    const response = await pushFrom(approver, 'tablet-rsj', 'cases', [update(inReview, approved)]);

    expect(response.json().rejected).toEqual([]);
    const [master] = response.json().conflicts;
    expect(master.status).toBe('accepted');
    expect(master.openConflictIds).toHaveLength(1);
    const { conflict } = (await adminGet(`/api/admin/conflicts/${master.openConflictIds[0]}`)).json();
    expect(conflict.theirs.status).toBe('approved');
    expect(conflict.fields.map((field: { path: string }) => field.path)).toEqual(['status']);
  });

  it('keeps the master, stores the losing version in full and marks the case on every station', async () => {
    const { inReview, approved, withdrawn, response } = await approvedHereWithdrawnThere();

    const [answer] = response.json().conflicts;
    expect(answer.status).toBe('approved');
    expect(answer.openConflictIds).toHaveLength(1);
    const conflictId = answer.openConflictIds[0];
    const atDelivery = (await pull(server.app, qszxClerk, 'cases')).json().documents;
    expect(atDelivery.map((d: { openConflictIds?: string[] }) => d.openConflictIds)).toEqual([[conflictId]]);

    const { conflict } = (await adminGet(`/api/admin/conflicts/${conflictId}`)).json();
    expect(conflict).toMatchObject({
      id: conflictId,
      documentId: 'case-1',
      status: 'open',
      item: 'RS-003',
      stations: ['GTZX', 'QSZX'],
      base: inReview,
      ours: approved,
      theirs: withdrawn,
      oursBy: { staffId: 'approver-rsj-liu', deviceId: 'desktop-rsj', at: approved.updatedAt },
      theirsBy: {
        staffId: 'clerk-gtzx-wang',
        stationId: 'GTZX',
        deviceId: 'tablet-gtzx',
        at: withdrawn.updatedAt,
      },
    });
    expect(conflict.fields).toEqual([
      {
        path: 'status',
        segments: [{ field: 'status' }],
        base: 'in-review',
        ours: 'approved',
        theirs: 'withdrawn',
      },
    ]);
  });

  it('files conflicts in a queue filtered by station, item and age', async () => {
    await approvedHereWithdrawnThere();
    const ids = async (query: string) =>
      (await adminGet(`/api/admin/conflicts?${query}`))
        .json()
        .conflicts.map((c: { documentId: string }) => c.documentId);

    expect(await ids('status=open')).toEqual(['case-1']);
    expect(await ids('status=resolved')).toEqual([]);
    expect(await ids('station=QSZX')).toEqual(['case-1']);
    expect(await ids('station=XSZX')).toEqual([]);
    expect(await ids('item=RS-003')).toEqual(['case-1']);
    expect(await ids('item=RS-001')).toEqual([]);
    expect(await ids('olderThanDays=1')).toEqual([]);

    server.advanceClock(2 * DAY_MS);
    await signInAll();
    expect(await ids('olderThanDays=1&status=open')).toEqual(['case-1']);
  });

  it('resolves a conflict into a new master revision, a timeline event and an audit entry', async () => {
    await approvedHereWithdrawnThere();
    const [{ id }] = (await adminGet('/api/admin/conflicts?status=open')).json().conflicts;
    const { checkpoint } = (await pull(server.app, qszxClerk, 'cases')).json();

    const undecided = await resolve(id, { fields: {}, comment: '待定' });
    expect(undecided.statusCode).toBe(400);
    expect(undecided.json().reason.en).toContain('status');

    const resolved = await resolve(id, {
      fields: { status: { choose: 'theirs' } },
      comment: '申请人已书面撤回',
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().conflict.status).toBe('resolved');

    const [master] = (await pull(server.app, qszxClerk, 'cases', checkpoint.seq)).json().documents;
    expect(master.status).toBe('withdrawn');
    expect(master.openConflictIds).toBeUndefined();
    expect(master.updatedBy).toBe('admin-lin');
    const events = (await pull(server.app, qszxClerk, 'case_events')).json().documents;
    expect(events).toEqual([
      expect.objectContaining({
        caseId: 'case-1',
        type: 'case.conflict-resolved',
        fromStatus: 'approved',
        toStatus: 'withdrawn',
        actorId: 'admin-lin',
        deviceId: 'admin-desktop',
        note: '申请人已书面撤回',
      }),
    ]);
    const [entry] = (await adminGet('/api/admin/audit')).json().entries;
    expect(entry).toMatchObject({
      staffId: 'admin-lin',
      action: 'conflict.resolve',
      subject: id,
      detail: {
        documentId: 'case-1',
        fields: [{ path: 'status', choice: 'theirs' }],
        comment: '申请人已书面撤回',
      },
    });
    expect((await resolve(id, { fields: { status: { choose: 'ours' } }, comment: '再次' })).statusCode).toBe(
      409,
    );
    expect((await adminGet('/api/admin/conflicts?status=open')).json().conflicts).toEqual([]);
  });

  it('takes a value the administrator typed', async () => {
    const accepted = caseDoc({ status: 'accepted', acceptedOn: '2026-03-02' });
    await push(server.app, gtzxClerk, 'cases', [insert(accepted)]);
    const phone = (value: string) =>
      caseDoc({ ...accepted, applicant: { ...accepted.applicant, phone: value } });
    await push(server.app, qszxClerk, 'cases', [update(accepted, phone('13911111111'))]);
    const [answer] = (
      await push(server.app, gtzxClerk, 'cases', [update(accepted, phone('13922222222'))])
    ).json().conflicts;

    const response = await resolve(answer.openConflictIds[0], {
      fields: { 'applicant.phone': { value: '13933333333' } },
      comment: '已与申请人核实',
    });
    expect(response.json().master.applicant.phone).toBe('13933333333');
  });

  it('refuses the admin console to anyone but an administrator', async () => {
    await approvedHereWithdrawnThere();
    const [{ id }] = (await adminGet('/api/admin/conflicts')).json().conflicts;
    for (const url of ['/api/admin/conflicts', `/api/admin/conflicts/${id}`, '/api/admin/sync-monitor']) {
      expect((await adminGet(url, gtzxClerk)).statusCode).toBe(403);
      expect((await adminGet(url, approver)).statusCode).toBe(403);
    }
    const byClerk = await resolve(
      id,
      { fields: { status: { choose: 'theirs' } }, comment: '我来' },
      gtzxClerk,
    );
    expect(byClerk.statusCode).toBe(403);
    expect((await adminGet(`/api/admin/conflicts/${id}`)).json().conflict.status).toBe('open');
  });

  it('shows every device with last seen, reported pending pushes, rejected rows and open conflicts', async () => {
    await server.app.inject({
      method: 'GET',
      url: '/api/replication/cases/pull?seq=0',
      headers: { ...bearer(gtzxClerk), 'x-jinban-device': 'tablet-gtzx', 'x-jinban-pending': '3' },
    });
    await pushFrom(gtzxClerk, 'tablet-gtzx', 'cases', [
      insert({ ...caseDoc({ id: 'bad' }), status: 'lost' }),
    ]);
    await approvedHereWithdrawnThere();
    await pull(server.app, qszxClerk, 'cases');

    const monitor = (await adminGet('/api/admin/sync-monitor')).json();
    const tablet = monitor.devices.find((d: { deviceId: string }) => d.deviceId === 'tablet-gtzx');
    expect(tablet).toMatchObject({
      staffId: 'clerk-gtzx-wang',
      staffName: '王海燕',
      stationId: 'GTZX',
      pendingPushes: 3,
      rejectedRows: 1,
    });
    expect(tablet.lastPullAt).toEqual(expect.any(String));
    expect(tablet.lastPushAt >= tablet.lastPullAt).toBe(true);
    expect(monitor.devices).toContainEqual(
      expect.objectContaining({ deviceId: 'unknown', staffId: 'clerk-qszx-chen', stationId: 'QSZX' }),
    );
    expect(monitor.openConflicts).toBe(1);
    expect(monitor.stations).toContainEqual(
      expect.objectContaining({ stationId: 'GTZX', pendingPushes: 3, rejectedRows: 1, openConflicts: 1 }),
    );
    expect(monitor.stations).toContainEqual(expect.objectContaining({ stationId: 'QSZX', openConflicts: 1 }));
  });

  it('compares a device digest with the server copy and lists the revisions to resync when they differ', async () => {
    await push(server.app, gtzxClerk, 'cases', [insert(caseDoc()), insert(caseDoc({ id: 'case-2' }))]);
    const copy = (await pull(server.app, gtzxClerk, 'cases')).json().documents;
    const digest = (body: unknown) =>
      server.app.inject({
        method: 'POST',
        url: '/api/replication/cases/digest',
        headers: { ...bearer(gtzxClerk), 'x-jinban-device': 'tablet-gtzx' },
        payload: body as object,
      });

    const matching = await digest(await partitionDigest(copy));
    expect(matching.json()).toEqual({ match: true, serverCount: 2 });

    const missingOne = await digest(await partitionDigest(copy.slice(0, 1)));
    expect(missingOne.json()).toMatchObject({ match: false, serverCount: 2 });
    expect(missingOne.json().revisions.map((r: { id: string }) => r.id)).toEqual(['case-1', 'case-2']);
    const { digestMismatches } = (await adminGet('/api/admin/sync-monitor')).json();
    expect(digestMismatches).toEqual([
      expect.objectContaining({
        deviceId: 'tablet-gtzx',
        staffName: '王海燕',
        collection: 'cases',
        deviceCount: 1,
        serverCount: 2,
      }),
    ]);

    await digest(await partitionDigest(copy));
    expect((await adminGet('/api/admin/sync-monitor')).json().digestMismatches).toEqual([]);
    expect((await digest({ count: -1, hash: 'x' })).statusCode).toBe(400);
  });
});
