import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPLICATED_COLLECTIONS as SERVER_COLLECTIONS } from '../../replication-server/src/replication/collections';
import { REPLICATED_COLLECTIONS, type SyncStatus } from '../../src/data/replication';
import { PUSH_BATCH_SIZE } from '../../src/data/replication/replication';
import { caseFixture } from '../data/test-database';
import {
  DEMO_PASSWORD,
  signIn as serverSignIn,
  startTestServer,
  type TestServer,
} from '../server/test-server';
import {
  acceptCase,
  caseOn,
  openStationClient,
  referenceDataArrived,
  type StationClient,
  statusWhere,
  unwrap,
} from './support/station-client';

const CLERK_A = 'clerk-gtzx-wang'; // 高亭镇 GTZX
const CLERK_B = 'clerk-qszx-chen'; // 衢山镇 QSZX
const APPROVER = 'approver-rsj-liu'; // 人社局 rsj

let server: TestServer;
let baseUrl: string;
const openClients: Client[] = [];

beforeAll(async () => {
  // The working-day calendar knows 2025–2026; only Date is faked, server and clients share it.
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

interface Client extends StationClient {
  /** Every status the client reported, in order. */
  readonly statuses: SyncStatus[];
}

/** A tablet with an empty database, signed in online as `staffId`, replicating. */
async function openClient(staffId: string): Promise<Client> {
  const station = await openStationClient(baseUrl, staffId);
  const statuses: SyncStatus[] = [];
  const subscription = station.sync.observeSyncStatus().subscribe((status) => statuses.push(status));
  const client: Client = {
    ...station,
    statuses,
    close: async () => {
      subscription.unsubscribe();
      await station.close();
    },
  };
  openClients.push(client);
  return client;
}

const serverCase = async (id: string) => {
  const page = await server.store.pull('cases', { all: true }, 0, 10_000);
  return page.documents.find((stored) => stored.id === id)?.document;
};

describe('two-way replication with the sync server', () => {
  it('replicates the collections the server replicates', () => {
    expect([...REPLICATED_COLLECTIONS].sort()).toEqual([...SERVER_COLLECTIONS].sort());
  });

  it('downloads the catalog, stations and holiday calendars to a new tablet, reporting progress', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);

    expect(await clerk.catalog.getCatalog(1)).toBeDefined();
    expect((await clerk.db.stations.find().exec()).map((station) => station.id)).toContain('GTZX');
    expect((await clerk.db.calendars.find().exec()).map((year) => year.id).sort()).toEqual(['2025', '2026']);
    const progress = clerk.statuses.flatMap((status) => status.initialSync ?? []);
    expect(progress).toContainEqual({ collection: 'stations', pulled: 0, done: false });
    expect(progress.find((entry) => entry.collection === 'stations' && entry.done)?.pulled).toBeGreaterThan(
      0,
    );
    expect(await clerk.device.getProfile()).toEqual({
      staffId: CLERK_A,
      name: '王海燕',
      role: 'clerk',
      stationId: 'GTZX',
    });
  });

  it('carries a case from station A to the approver, the decision back to A live, and never to station B', async () => {
    const clerk = await openClient(CLERK_A);
    const approver = await openClient(APPROVER);
    await Promise.all([referenceDataArrived(clerk), referenceDataArrived(approver)]);

    const accepted = await acceptCase(clerk);
    unwrap(await clerk.commands.perform(accepted.id, 'submit-for-review'));
    await caseOn(approver, accepted.id, (c) => c.status === 'in-review');
    expect(await serverCase(accepted.id)).toMatchObject({ status: 'in-review', acceptedAtStation: 'GTZX' });

    unwrap(await approver.commands.perform(accepted.id, 'approve'));
    // No manual re-sync: the stream hints A's replication to pull.
    await caseOn(clerk, accepted.id, (c) => c.status === 'approved');
    const events = await clerk.db.case_events.find({ selector: { caseId: accepted.id } }).exec();
    expect(events.map((event) => event.actorId)).toContain(APPROVER);
    await statusWhere(clerk, (status) => status.pendingPushes === 0 && status.state === 'idle');
    await statusWhere(approver, (status) => status.pendingPushes === 0 && status.state === 'idle');

    await approver.close();
    openClients.splice(openClients.indexOf(approver), 1);
    const otherStation = await openClient(CLERK_B);
    await referenceDataArrived(otherStation);
    expect(await otherStation.db.cases.count().exec()).toBe(0);
    expect(await otherStation.db.case_events.count().exec()).toBe(0);
  });

  it('reports a refused row as a sync issue while the rest of the batch goes through, without retrying it', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);
    const forged = caseFixture({
      id: 'forged-case',
      status: 'draft',
      itemCode: 'RS-003',
      handlingDepartment: 'rsj',
      acceptedAtStation: 'QSZX',
      deliveryStation: 'QSZX',
    });
    const honest = caseFixture({
      id: 'honest-case',
      status: 'draft',
      itemCode: 'RS-003',
      handlingDepartment: 'rsj',
      acceptedAtStation: 'GTZX',
      deliveryStation: 'GTZX',
    });
    await clerk.db.cases.bulkInsert([forged, honest]);

    const status = await statusWhere(clerk, (s) => s.rejected.length > 0 && s.pendingPushes === 0);
    expect(status.rejected).toEqual([
      {
        collection: 'cases',
        id: 'forged-case',
        reason: {
          zh: '只能在本站（GTZX）受理办件',
          en: 'Cases can only be created at your own station (GTZX)',
        },
      },
    ]);
    expect(await serverCase('honest-case')).toMatchObject({ acceptedAtStation: 'GTZX' });
    expect(await serverCase('forged-case')).toBeUndefined();

    const refusals = () => server.logLines.filter((line) => line.includes('push rows rejected')).length;
    const refusedOnce = refusals();
    clerk.sync.syncNow();
    await clerk.sync.awaitInSync();
    expect(refusals()).toBe(refusedOnce);

    // The clerk corrects the case; the next push goes through and the issue is gone.
    const stored = await clerk.db.cases.findOne('forged-case').exec();
    await stored!.incrementalPatch({ acceptedAtStation: 'GTZX', deliveryStation: 'GTZX' });
    await statusWhere(clerk, (s) => s.rejected.length === 0 && s.pendingPushes === 0);
    expect(await serverCase('forged-case')).toMatchObject({ acceptedAtStation: 'GTZX' });
  });

  it('pauses offline, keeps local changes queued and sends them when the network returns', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);

    clerk.online.set(false);
    await statusWhere(clerk, (status) => status.state === 'offline' && !status.online);
    const accepted = await acceptCase(clerk);
    const queued = await statusWhere(clerk, (status) => status.pendingPushes > 0);
    expect(queued.state).toBe('offline');
    expect(await serverCase(accepted.id)).toBeUndefined();

    clerk.online.set(true);
    await statusWhere(clerk, (status) => status.pendingPushes === 0 && status.state === 'idle');
    expect(await serverCase(accepted.id)).toMatchObject({ status: 'accepted' });
    expect(clerk.statuses.at(-1)?.lastSyncedAt).toBeDefined();
  });

  it('sends a backlog larger than one request takes, counting it down to zero', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);

    clerk.online.set(false);
    await statusWhere(clerk, (status) => status.state === 'offline');
    // One write: every case shares one write time, as after a migration or an import.
    const backlog = Array.from({ length: 2 * PUSH_BATCH_SIZE + 50 }, (_, index) =>
      caseFixture({
        id: `backlog-${String(index).padStart(4, '0')}`,
        status: 'draft',
        itemCode: 'RS-003',
        handlingDepartment: 'rsj',
        acceptedAtStation: 'GTZX',
        deliveryStation: 'GTZX',
      }),
    );
    await clerk.db.cases.bulkInsert(backlog);
    await statusWhere(clerk, (status) => status.pendingPushes === backlog.length);

    clerk.online.set(true);
    await statusWhere(clerk, (status) => status.pendingPushes === 0 && status.state === 'idle');
    const onServer = await server.store.pull('cases', { all: true }, 0, 10_000);
    const ids = new Set(onServer.documents.map((stored) => stored.id));
    expect(backlog.filter((c) => !ids.has(c.id))).toEqual([]);
    expect(server.logLines.filter((line) => line.includes('"statusCode":413'))).toEqual([]);
  }, 30_000);

  it('refreshes an access token the server no longer takes and carries on', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);
    const before = await clerk.device.getSession();

    server.advanceClock(20 * 60 * 1000);
    try {
      const draft = unwrap(await clerk.commands.startDraft({ kind: 'item', code: 'RS-003' }, 'window'));
      unwrap(await clerk.commands.saveDraft(draft));
      await statusWhere(clerk, (status) => status.pendingPushes === 0 && status.state === 'idle');
      expect(await serverCase(draft.id)).toBeDefined();
      expect((await clerk.device.getSession())?.refreshToken).not.toBe(before?.refreshToken);
    } finally {
      server.advanceClock(-20 * 60 * 1000);
    }
  });

  it('stops and reports signed-out when an administrator revokes the session', async () => {
    const clerk = await openClient(CLERK_A);
    await referenceDataArrived(clerk);
    const session = (await clerk.device.getSession())!;
    const { jti } = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as {
      jti: string;
    };
    const admin = await serverSignIn(server.app, 'admin-lin');
    const revoked = await server.app.inject({
      method: 'POST',
      url: `/api/admin/tokens/${jti}/revoke`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(revoked.statusCode).toBe(200);

    const status = await statusWhere(clerk, (s) => s.state === 'signed-out');
    expect(status.error?.zh).toBe('登录已失效，请重新登录后继续同步');
    expect(await clerk.device.getSession()).toBeUndefined();
    // The clerk keeps working on the tablet; only syncing waits for the next sign-in.
    expect(await clerk.device.getProfile()).toMatchObject({ staffId: CLERK_A });
  });
});

describe('a server that takes less per request than a tablet sends', () => {
  it('gets every case in smaller requests, and reports the one it refuses even alone instead of retrying it', async () => {
    const small = await startTestServer({ MAX_PUSH_ROWS: '2', BODY_LIMIT_BYTES: '12000' });
    const url = await small.app.listen({ port: 0, host: '127.0.0.1' });
    const station = await openStationClient(url, CLERK_A);
    try {
      await referenceDataArrived(station);
      const drafts = ['small-1', 'small-2', 'small-3', 'small-4', 'small-5'].map((id) =>
        caseFixture({
          id,
          status: 'draft',
          itemCode: 'RS-003',
          handlingDepartment: 'rsj',
          acceptedAtStation: 'GTZX',
          deliveryStation: 'GTZX',
        }),
      );
      const oversized = { ...drafts[0]!, id: 'small-oversized', form: { note: '备注'.repeat(4000) } };
      await station.db.cases.bulkInsert([...drafts, oversized]);

      const status = await statusWhere(station, (s) => s.pendingPushes === 0 && s.rejected.length > 0);
      expect(status.rejected.map((change) => [change.id, change.reason.en])).toEqual([
        [
          'small-oversized',
          'This record (with its photos) is too large to upload; remove some photos and try again',
        ],
      ]);
      const stored = (await small.store.pull('cases', { all: true }, 0, 100)).documents.map((d) => d.id);
      expect(stored.sort()).toEqual(drafts.map((draft) => draft.id));
      expect(small.logLines.some((line) => line.includes('"statusCode":413'))).toBe(true);
    } finally {
      await station.close();
      await small.close();
    }
  }, 30_000);
});

describe('signing in on a tablet', () => {
  it('signs in offline with the verifier of an earlier online sign-in and refuses a wrong password', async () => {
    const clerk = await openClient(CLERK_A);
    await clerk.auth.signOut();
    expect(await clerk.device.getProfile()).toBeUndefined();
    expect(await clerk.device.getSession()).toBeUndefined();
    await statusWhere(clerk, (status) => status.state === 'signed-out');

    clerk.online.set(false);
    const wrong = await clerk.auth.signInOffline(CLERK_A, 'not-the-password');
    expect(wrong).toEqual({ ok: false, error: { zh: '密码错误', en: 'Wrong password' } });
    expect(await clerk.device.getProfile()).toBeUndefined();

    const signedIn = unwrap(await clerk.auth.signIn(baseUrl, CLERK_A, DEMO_PASSWORD));
    expect(signedIn).toEqual({
      mode: 'offline',
      profile: { staffId: CLERK_A, name: '王海燕', role: 'clerk', stationId: 'GTZX' },
    });
    expect(await clerk.device.getProfile()).toEqual(signedIn.profile);
    expect(await clerk.device.getSession()).toBeUndefined();
  });

  it('falls back to the offline verifier when the server cannot be reached', async () => {
    const clerk = await openClient(CLERK_A);
    await clerk.auth.signOut();
    const unreachable = 'http://127.0.0.1:9';
    expect(unwrap(await clerk.auth.signIn(unreachable, CLERK_A, DEMO_PASSWORD)).mode).toBe('offline');
    expect((await clerk.auth.signIn(unreachable, CLERK_B, DEMO_PASSWORD)).ok).toBe(false);
  });

  it('passes on the server’s refusal of a wrong password and keeps no verifier for it', async () => {
    const clerk = await openClient(CLERK_A);
    const refused = await clerk.auth.signIn(baseUrl, CLERK_B, 'wrong-password');
    expect(refused).toEqual({
      ok: false,
      error: { zh: '工号或密码不正确', en: 'Wrong staff ID or password' },
    });
    expect(await clerk.device.getOfflineVerifier(CLERK_B)).toBeUndefined();
    const verifier = await clerk.device.getOfflineVerifier(CLERK_A);
    expect(verifier).toMatchObject({ algorithm: 'PBKDF2-SHA256', iterations: 210_000 });
    expect(JSON.stringify(verifier)).not.toContain(DEMO_PASSWORD);
  });
});
