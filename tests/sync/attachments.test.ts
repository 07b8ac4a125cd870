import { createHash, randomBytes } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AttachmentSync, startAttachmentSync } from '../../src/data/replication';
import type { Case } from '../../src/domain/case/case.schema';
import { PHOTO_CHUNK_BYTES } from '../../src/domain/case/material-photo';
import { startTestServer, type TestServer } from '../server/test-server';
import {
  acceptCase,
  caseOn,
  eventually,
  openStationClient,
  type StationClient,
  unwrap,
} from './support/station-client';

const CLERK = 'clerk-gtzx-wang'; // 高亭镇 GTZX
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

// RxDB's free tier opens at most 13 collections per process: at most two clients at a time.
afterEach(async () => {
  for (const client of openClients.splice(0)) await client.close();
});

interface Request {
  readonly method: string;
  readonly url: string;
  readonly offset: string | null;
}

interface Client extends StationClient {
  readonly photos: AttachmentSync;
  /** Every request to the photo endpoints, in order. */
  readonly photoRequests: Request[];
  /** Makes the next matching request fail as a dropped connection would. */
  dropNext(matches: (request: Request) => boolean): void;
}

/** A tablet signed in as `staffId` whose photo requests are recorded and can be dropped. */
async function openClient(staffId: string): Promise<Client> {
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
  const station = await openStationClient(baseUrl, staffId, { fetch: recordingFetch });
  // Background uploads wait long here, so each test decides when a round runs.
  const photos = startAttachmentSync(station.db, {
    serverUrl: baseUrl,
    auth: station.auth,
    online: station.online,
    settleMs: 60_000,
  });
  const client: Client = {
    ...station,
    photos,
    photoRequests,
    dropNext: (matches) => {
      drop = matches;
    },
    close: async () => {
      photos.stop();
      await station.close();
    },
  };
  openClients.push(client);
  return client;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A "compressed photo": random bytes, named by their SHA-256 as the intake page names them. */
function photoOfSize(size: number): { bytes: Uint8Array<ArrayBuffer>; hash: string; blob: Blob } {
  const bytes = new Uint8Array(randomBytes(size));
  return { bytes, hash: sha256(bytes), blob: new Blob([bytes], { type: 'image/jpeg' }) };
}

/** Accepts a 承诺件 of 人社局 (RS-003) with a photo of the first material and sends it for review. */
async function acceptCaseWithPhoto(client: Client, photo: { hash: string; blob: Blob }): Promise<Case> {
  await eventually(client.catalog.observeCurrentCatalog(), (catalog) => catalog !== undefined);
  const accepted = await acceptCase(client, async (draft) => {
    await client.cases.putAttachment(draft.id, photo.hash, photo.blob, 'image/jpeg');
    return {
      ...draft,
      materials: draft.materials.map((material, index) =>
        index === 0 ? { ...material, attachmentIds: [photo.hash] } : material,
      ),
    };
  });
  unwrap(await client.commands.perform(accepted.id, 'submit-for-review'));
  return accepted;
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
