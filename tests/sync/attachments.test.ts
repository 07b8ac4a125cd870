import { createHash, randomBytes } from 'node:crypto';
import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCalendarRepository } from '../../src/data/calendar.repository';
import { createCaseRepository } from '../../src/data/case.repository';
import { createCaseCommands, sessionOfProfile } from '../../src/data/case-commands';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import { createCatalogRepository } from '../../src/data/catalog.repository';
import type { JinbanDatabase } from '../../src/data/db';
import { createDeviceRepository } from '../../src/data/device.repository';
import {
  type AttachmentSync,
  type AuthClient,
  createAuthClient,
  type SyncController,
  startAttachmentSync,
  startReplication,
  switchableOnlineSignal,
} from '../../src/data/replication';
import { createStationRepository } from '../../src/data/station.repository';
import type { Case } from '../../src/domain/case/case.schema';
import { type IntakeField, intakeRequirements } from '../../src/domain/case/case-workflow';
import { PHOTO_CHUNK_BYTES } from '../../src/domain/case/material-photo';
import type { Validation } from '../../src/domain/localized-message';
import { openTestDatabase } from '../data/test-database';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../server/test-server';

const CLERK = 'clerk-gtzx-wang'; // 高亭镇 GTZX
const APPROVER = 'approver-rsj-liu'; // 人社局 rsj
const WAIT_MS = 15_000;

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

// RxDB's free tier opens at most 13 collections per process: at most two clients at a time.
afterEach(async () => {
  for (const client of openClients.splice(0)) await client.close();
});

interface Request {
  readonly method: string;
  readonly url: string;
  readonly offset: string | null;
}

interface Client {
  readonly db: JinbanDatabase;
  readonly auth: AuthClient;
  readonly sync: SyncController;
  readonly photos: AttachmentSync;
  readonly cases: ReturnType<typeof createCaseRepository>;
  readonly commands: ReturnType<typeof createCaseCommands>;
  readonly catalog: ReturnType<typeof createCatalogRepository>;
  /** Every request to the photo endpoints, in order. */
  readonly photoRequests: Request[];
  /** Makes the next matching request fail as a dropped connection would. */
  dropNext(matches: (request: Request) => boolean): void;
  close(): Promise<void>;
}

async function openClient(staffId: string): Promise<Client> {
  const db = await openTestDatabase();
  const caseEvents = createCaseEventRepository(db);
  const repositories = {
    catalog: createCatalogRepository(db),
    stations: createStationRepository(db),
    calendars: createCalendarRepository(db),
    cases: createCaseRepository(db, caseEvents),
    device: createDeviceRepository(db),
  };
  const photoRequests: Request[] = [];
  let drop: ((request: Request) => boolean) | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    const url = String(input);
    if (url.includes('/api/attachments/')) {
      const headers = new Headers(init?.headers);
      const request = { method: init?.method ?? 'GET', url, offset: headers.get('upload-offset') };
      photoRequests.push(request);
      if (drop?.(request)) {
        drop = undefined;
        throw new TypeError('fetch failed: connection reset');
      }
    }
    return fetch(input, init);
  };
  const online = switchableOnlineSignal(true);
  const auth = createAuthClient({ device: repositories.device, online, fetch: recordingFetch });
  unwrap(await auth.signIn(baseUrl, staffId, DEMO_PASSWORD));
  const sync = startReplication(db, { serverUrl: baseUrl, auth, online, retryTimeMs: 200 });
  // Background uploads wait long here, so each test decides when a round runs.
  const photos = startAttachmentSync(db, { serverUrl: baseUrl, auth, online, settleMs: 60_000 });
  const client: Client = {
    db,
    auth,
    sync,
    photos,
    photoRequests,
    cases: repositories.cases,
    catalog: repositories.catalog,
    commands: createCaseCommands(repositories, async () =>
      sessionOfProfile(await repositories.device.getProfile()),
    ),
    dropNext: (matches) => {
      drop = matches;
    },
    close: async () => {
      photos.stop();
      await sync.stop();
      await db.remove();
    },
  };
  openClients.push(client);
  return client;
}

const unwrap = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new Error(`Expected success, got: ${result.error.en}`);
  return result.value;
};

const eventually = <T>(source: Observable<T>, predicate: (value: T) => boolean): Promise<T> =>
  firstValueFrom(source.pipe(filter(predicate), timeout(WAIT_MS)));

const caseOn = (client: Client, id: string, predicate: (c: Case) => boolean = () => true) =>
  eventually(client.cases.observeCase(id).pipe(filter((c): c is Case => c !== undefined)), predicate);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A "compressed photo": random bytes, named by their SHA-256 as the intake page names them. */
function photoOfSize(size: number): { bytes: Uint8Array<ArrayBuffer>; hash: string; blob: Blob } {
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, hash: sha256(bytes), blob: new Blob([bytes], { type: 'image/jpeg' }) };
}

const sampleValue = (field: IntakeField): string => {
  switch (field.type) {
    case 'id-number':
      return '11010519491231002X';
    case 'phone':
      return '13800138000';
    case 'date':
      return '2026-02-20';
    case 'number':
      return '3';
    case 'select':
      return field.options?.[0] ?? '';
    default:
      return '示例';
  }
};

/** Accepts a 承诺件 of 人社局 (RS-003) with a photo of the first material and sends it for review. */
async function acceptCaseWithPhoto(client: Client, photo: { hash: string; blob: Blob }): Promise<Case> {
  await eventually(client.catalog.observeCurrentCatalog(), (catalog) => catalog !== undefined);
  const draft = unwrap(await client.commands.startDraft({ kind: 'item', code: 'RS-003' }, 'window'));
  const catalog = (await client.catalog.getCatalog(draft.catalogVersion))!;
  await client.cases.putAttachment(draft.id, photo.hash, photo.blob, 'image/jpeg');
  const form = Object.fromEntries(
    intakeRequirements(draft, catalog).fields.map((field) => [field.code, sampleValue(field)]),
  );
  unwrap(
    await client.commands.saveDraft({
      ...draft,
      applicant: {
        name: '张三',
        idType: 'resident-id',
        idNumber: '11010519491231002X',
        phone: '13800138000',
      },
      form,
      materials: draft.materials.map((material, index) => ({
        ...material,
        state: 'brought',
        ...(index === 0 ? { attachmentIds: [photo.hash] } : {}),
      })),
    }),
  );
  const [accepted] = unwrap(await client.commands.acceptIntake(draft.id)).cases;
  unwrap(await client.commands.perform(accepted!.id, 'submit-for-review'));
  return accepted!;
}

const hashOf = async (blob: Blob | undefined) =>
  blob === undefined ? undefined : sha256(new Uint8Array(await blob.arrayBuffer()));

const uploads = (requests: readonly Request[]) =>
  requests.filter((request) => request.method === 'PUT' || request.method === 'PATCH');

describe('material photos between devices', () => {
  it('uploads a photo taken at a station once, and the approver downloads it when opening the case', async () => {
    const clerk = await openClient(CLERK);
    const approver = await openClient(APPROVER);
    const photo = photoOfSize(40_000);
    const accepted = await acceptCaseWithPhoto(clerk, photo);
    await clerk.sync.awaitInSync();

    expect(await clerk.photos.uploadPending()).toEqual([photo.hash]);
    expect(uploads(clerk.photoRequests)).toHaveLength(1);
    const serverCase = (await server.store.pull('cases', { all: true }, 0, 1000)).documents.find(
      (stored) => stored.id === accepted.id,
    );
    expect(serverCase?.document).not.toHaveProperty('_attachments');

    await caseOn(approver, accepted.id, (c) => c.status === 'in-review');
    expect(await approver.cases.getAttachment(accepted.id, photo.hash)).toBeUndefined();
    expect(await hashOf(await approver.photos.getPhoto(accepted.id, photo.hash))).toBe(photo.hash);
    // Kept on the approver's device: opening the case again needs no network.
    expect(await hashOf(await approver.cases.getAttachment(accepted.id, photo.hash))).toBe(photo.hash);
    const downloads = approver.photoRequests.length;
    await approver.photos.getPhoto(accepted.id, photo.hash);
    expect(approver.photoRequests).toHaveLength(downloads);

    // The approver's decision comes back to the station without taking the station's photo away.
    unwrap(await approver.commands.perform(accepted.id, 'approve'));
    await caseOn(clerk, accepted.id, (c) => c.status === 'approved');
    expect(await hashOf(await clerk.cases.getAttachment(accepted.id, photo.hash))).toBe(photo.hash);

    // Neither device sends the photo again, not even after a restart of the photo sync.
    clerk.photoRequests.length = 0;
    expect(await clerk.photos.uploadPending()).toEqual([]);
    const restarted = startAttachmentSync(clerk.db, {
      serverUrl: baseUrl,
      auth: clerk.auth,
      settleMs: 60_000,
    });
    try {
      expect(await restarted.uploadPending()).toEqual([]);
    } finally {
      restarted.stop();
    }
    expect(clerk.photoRequests.map((request) => request.method)).toEqual(['HEAD']);
    expect(await approver.photos.uploadPending()).toEqual([]);
    expect(uploads(approver.photoRequests)).toEqual([]);
  }, 30_000);

  it('resumes an upload cut off by a dropped connection where the server stands', async () => {
    const clerk = await openClient(CLERK);
    const photo = photoOfSize(2 * PHOTO_CHUNK_BYTES + 5_000);
    await acceptCaseWithPhoto(clerk, photo);
    await clerk.sync.awaitInSync();

    clerk.dropNext((request) => request.method === 'PATCH' && request.offset === String(PHOTO_CHUNK_BYTES));
    expect(await clerk.photos.uploadPending()).toEqual([]);
    const cutOff = await firstValueFrom(clerk.photos.observeStatus());
    expect(cutOff.pending).toBe(1);
    expect(cutOff.error?.zh).toContain('无法连接');
    expect(await server.store.attachments.attachmentStatus(photo.hash)).toMatchObject({
      received: PHOTO_CHUNK_BYTES,
      complete: false,
    });

    clerk.photoRequests.length = 0;
    expect(await clerk.photos.uploadPending()).toEqual([photo.hash]);
    expect(clerk.photoRequests.map((request) => [request.method, request.offset])).toEqual([
      ['HEAD', null],
      ['PATCH', String(PHOTO_CHUNK_BYTES)],
      ['PATCH', String(2 * PHOTO_CHUNK_BYTES)],
    ]);
    const stored = await server.store.attachments.getAttachment(photo.hash);
    expect(stored === undefined ? undefined : sha256(stored.bytes)).toBe(photo.hash);
  }, 30_000);
});
