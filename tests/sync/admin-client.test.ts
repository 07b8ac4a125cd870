import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JinbanDatabase } from '../../src/data/db';
import { createDeviceRepository } from '../../src/data/device.repository';
import {
  createAdminClient,
  createAuthClient,
  NoServerSessionError,
  switchableOnlineSignal,
} from '../../src/data/replication';
import { ServerRefusedError } from '../../src/data/replication/server-api';
import { conflictRows } from '../../src/ui/pages/conflict-fields';
import { openTestDatabase } from '../data/test-database';
import {
  caseDoc,
  DEMO_PASSWORD,
  insert,
  pull,
  push,
  signIn as serverSignIn,
  startTestServer,
  type TestServer,
  update,
} from '../server/test-server';
import { unwrap } from './support/station-client';

let server: TestServer;
let baseUrl: string;
const databases: JinbanDatabase[] = [];

beforeAll(async () => {
  server = await startTestServer();
  baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
});

afterEach(async () => {
  for (const db of databases.splice(0)) await db.remove();
});

/** A tablet signed in online as `staffId`, with the console client the app hands its admin pages. */
async function consoleOn(staffId: string) {
  const db = await openTestDatabase();
  databases.push(db);
  const device = createDeviceRepository(db);
  const auth = createAuthClient({ device, online: switchableOnlineSignal(true) });
  unwrap(await auth.signIn(baseUrl, staffId, DEMO_PASSWORD));
  return { device, auth, admin: createAdminClient({ auth, device }) };
}

/**
 * 衢山镇 (QSZX, the delivery station) corrects the phone; 高亭镇 (GTZX, which accepted the case), offline from the
 * same state, corrects the phone differently and the address.
 */
async function phoneChangedTwice(): Promise<void> {
  const gtzx = (await serverSignIn(server.app, 'clerk-gtzx-wang')).accessToken;
  const qszx = (await serverSignIn(server.app, 'clerk-qszx-chen')).accessToken;
  const base = caseDoc({
    status: 'accepted',
    acceptedOn: '2026-03-02',
    form: { phone: '13800138000', address: '高亭镇旧址' },
  });
  await push(server.app, gtzx, 'cases', [insert(base)]);
  const atQszx = {
    ...base,
    form: { ...base.form, phone: '13900000001' },
    updatedAt: '2026-03-03T01:00:00.000Z',
    updatedBy: 'clerk-qszx-chen',
  };
  expect((await push(server.app, qszx, 'cases', [update(base, atQszx)])).json().rejected).toEqual([]);
  const atGtzx = {
    ...base,
    form: { phone: '13900000002', address: '高亭镇新址' },
    updatedAt: '2026-03-03T02:00:00.000Z',
    updatedBy: 'clerk-gtzx-wang',
  };
  const [answer] = (await push(server.app, gtzx, 'cases', [update(base, atGtzx)])).json().conflicts;
  expect(answer.openConflictIds).toHaveLength(1);
}

describe('the admin console client against the sync server', () => {
  it('files, shows and resolves a conflict, and the resolution reaches the stations as a new master', async () => {
    await phoneChangedTwice();
    const { admin, device } = await consoleOn('admin-lin');

    const queue = await admin.listConflicts({ status: 'open' });
    expect(queue).toHaveLength(1);
    const [summary] = queue;
    expect(summary).toMatchObject({
      documentId: 'case-1',
      item: 'RS-003',
      stations: ['GTZX', 'QSZX'],
      fields: ['form.phone'],
      oursBy: { staffId: 'clerk-qszx-chen' },
      theirsBy: { staffId: 'clerk-gtzx-wang', stationId: 'GTZX' },
    });
    expect(await admin.listConflicts({ station: 'XSZX' })).toEqual([]);
    expect(await admin.listConflicts({ item: 'RS-001' })).toEqual([]);
    expect(await admin.listConflicts({ olderThanDays: 1 })).toEqual([]);
    expect((await admin.syncMonitor()).openConflicts).toBe(1);

    // The detail carries what the side-by-side view needs: the phone to decide, the address already merged.
    const conflict = await admin.getConflict(summary!.id);
    const rows = conflictRows(conflict);
    expect(rows.conflicting.map((row) => [row.path, row.base, row.ours, row.theirs])).toEqual([
      ['form.phone', '13800138000', '13900000001', '13900000002'],
    ]);
    expect(rows.merged.map((row) => row.path)).toEqual(['form.address']);
    const merges = await admin.listMerges('case-1');
    expect(merges.flatMap((merge) => merge.fields.map((field) => field.path))).toEqual(['form.address']);

    const resolved = await admin.resolveConflict(summary!.id, {
      fields: { 'form.phone': { value: '13900000003' } },
      comment: '已电话核实',
    });
    expect(resolved.conflict.status).toBe('resolved');
    expect(resolved.master).toMatchObject({ form: { phone: '13900000003', address: '高亭镇新址' } });
    expect(resolved.master?.['openConflictIds']).toBeUndefined();

    const qszx = (await serverSignIn(server.app, 'clerk-qszx-chen')).accessToken;
    const [atStation] = (await pull(server.app, qszx, 'cases')).json().documents;
    expect(atStation.form).toEqual({ phone: '13900000003', address: '高亭镇新址' });
    const events = (await pull(server.app, qszx, 'case_events')).json().documents;
    // The timeline names the tablet the administrator decided on.
    expect(events).toEqual([
      expect.objectContaining({
        type: 'case.conflict-resolved',
        actorId: 'admin-lin',
        note: '已电话核实',
        deviceId: (await device.getIdentity()).deviceId,
      }),
    ]);
    const [audit] = await admin.auditLog();
    expect(audit).toMatchObject({ action: 'conflict.resolve', staffId: 'admin-lin', subject: summary!.id });
    expect(await admin.listConflicts({ status: 'open' })).toEqual([]);
    expect((await admin.syncMonitor()).openConflicts).toBe(0);

    const again = admin.resolveConflict(summary!.id, {
      fields: { 'form.phone': { choose: 'ours' } },
      comment: '再次',
    });
    await expect(again).rejects.toMatchObject({ status: 409 });
  });

  it('is refused to anyone but an administrator, and needs an online session', async () => {
    const { admin, auth } = await consoleOn('clerk-gtzx-wang');
    const refused = admin.listConflicts();
    await expect(refused).rejects.toBeInstanceOf(ServerRefusedError);
    await expect(refused).rejects.toMatchObject({ status: 403 });

    await auth.signOut();
    await expect(admin.syncMonitor()).rejects.toBeInstanceOf(NoServerSessionError);
  });
});
