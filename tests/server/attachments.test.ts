import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, PHOTO_CHUNK_BYTES } from '../../src/domain/case/material-photo';
import {
  bearer,
  caseDoc,
  insert,
  push,
  type SignedIn,
  signIn,
  startTestServer,
  type TestServer,
} from './test-server';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Random bytes with a JPEG's first bytes: the server checks the hash, not the image. */
const photoOfSize = (size: number): Buffer => {
  const bytes = randomBytes(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};

let server: TestServer;
let clerk: SignedIn;

beforeEach(async () => {
  server = await startTestServer();
  clerk = await signIn(server.app, 'clerk-gtzx-wang');
});

afterEach(async () => {
  await server.close();
});

/** The hash of what the server holds under `hash` (comparing hashes, not half a megabyte element by element). */
const storedHash = async (hash: string) => {
  const stored = await server.store.attachments.getAttachment(hash);
  return stored === undefined ? undefined : sha256(stored.bytes);
};

const url = (hash: string) => `/api/attachments/${hash}`;

const putPhoto = (token: string, hash: string, bytes: Uint8Array, contentType = 'image/jpeg') =>
  server.app.inject({
    method: 'PUT',
    url: url(hash),
    headers: { ...bearer(token), 'content-type': contentType },
    payload: Buffer.from(bytes),
  });

const patchChunk = (token: string, hash: string, photo: Uint8Array, offset: number, length: number) =>
  server.app.inject({
    method: 'PATCH',
    url: url(hash),
    headers: {
      ...bearer(token),
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      'upload-length': String(photo.byteLength),
      'upload-content-type': 'image/jpeg',
    },
    payload: Buffer.from(photo.subarray(offset, offset + length)),
  });

const head = (token: string, hash: string) =>
  server.app.inject({ method: 'HEAD', url: url(hash), headers: bearer(token) });

const getPhoto = (token: string, hash: string) =>
  server.app.inject({ method: 'GET', url: url(hash), headers: bearer(token) });

/** The GTZX clerk pushes a case (GTZX → QSZX, 人社局) whose ID-card material lists the photo. */
async function pushCaseListing(hash: string): Promise<void> {
  const document = caseDoc({
    materials: [{ materialId: 'id-card', state: 'brought', attachmentIds: [hash] }],
  });
  const response = await push(server.app, clerk.accessToken, 'cases', [insert(document)]);
  expect(response.json()).toEqual({ conflicts: [], rejected: [] });
}

describe('photo upload', () => {
  it('keeps a photo whose bytes match its hash and refuses one that does not, saying why', async () => {
    const photo = photoOfSize(5_000);
    const hash = sha256(photo);

    const wrong = await putPhoto(clerk.accessToken, hash, photoOfSize(5_000));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().reason.zh).toContain('SHA-256');
    expect((await head(clerk.accessToken, hash)).statusCode).toBe(404);

    const stored = await putPhoto(clerk.accessToken, hash, photo);
    expect(stored.statusCode).toBe(201);
    const status = await head(clerk.accessToken, hash);
    expect(status.statusCode).toBe(200);
    expect(status.headers['upload-complete']).toBe('?1');
    expect(status.headers['upload-offset']).toBe(String(photo.byteLength));
  });

  it('answers a repeated upload with 200 and leaves the stored photo as it was', async () => {
    const photo = photoOfSize(3_000);
    const hash = sha256(photo);
    expect((await putPhoto(clerk.accessToken, hash, photo)).statusCode).toBe(201);

    // Even a retry with other bytes is not stored again: the hash names what the server already has.
    const retry = await putPhoto(clerk.accessToken, hash, photoOfSize(3_000));
    expect(retry.statusCode).toBe(200);
    expect(await storedHash(hash)).toBe(hash);
  });

  it('resumes a chunked upload after a dropped connection from the offset the server reports', async () => {
    const photo = photoOfSize(2 * PHOTO_CHUNK_BYTES + 1_000);
    const hash = sha256(photo);

    const first = await patchChunk(clerk.accessToken, hash, photo, 0, PHOTO_CHUNK_BYTES);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ received: PHOTO_CHUNK_BYTES, complete: false });

    // The device lost the answer of the second chunk and does not know where the upload stands.
    await patchChunk(clerk.accessToken, hash, photo, PHOTO_CHUNK_BYTES, PHOTO_CHUNK_BYTES);
    const status = await head(clerk.accessToken, hash);
    expect(status.headers['upload-complete']).toBe('?0');
    const offset = Number(status.headers['upload-offset']);
    expect(offset).toBe(2 * PHOTO_CHUNK_BYTES);

    const replayed = await patchChunk(clerk.accessToken, hash, photo, PHOTO_CHUNK_BYTES, PHOTO_CHUNK_BYTES);
    expect(replayed.statusCode).toBe(409);
    expect(replayed.headers['upload-offset']).toBe(String(offset));

    const last = await patchChunk(clerk.accessToken, hash, photo, offset, PHOTO_CHUNK_BYTES);
    expect(last.statusCode).toBe(201);
    expect(last.json()).toMatchObject({ received: photo.byteLength, complete: true });
    expect(await storedHash(hash)).toBe(hash);
  });

  it('forgets a chunked upload whose assembled bytes do not match the hash', async () => {
    const photo = photoOfSize(PHOTO_CHUNK_BYTES + 10);
    const hash = sha256(photoOfSize(PHOTO_CHUNK_BYTES + 10));

    expect((await patchChunk(clerk.accessToken, hash, photo, 0, PHOTO_CHUNK_BYTES)).statusCode).toBe(200);
    const last = await patchChunk(clerk.accessToken, hash, photo, PHOTO_CHUNK_BYTES, 10);
    expect(last.statusCode).toBe(400);
    expect(last.json().reason.en).toContain('SHA-256');
    expect((await head(clerk.accessToken, hash)).statusCode).toBe(404);
  });

  it('refuses a photo over the size limit with 413 and a reason, whole or announced in chunks', async () => {
    const photo = photoOfSize(MAX_PHOTO_BYTES + 1);
    const hash = sha256(photo);

    const whole = await putPhoto(clerk.accessToken, hash, photo);
    expect(whole.statusCode).toBe(413);
    expect(whole.json().reason.zh).toContain('10 MB');

    const chunked = await patchChunk(clerk.accessToken, hash, photo, 0, PHOTO_CHUNK_BYTES);
    expect(chunked.statusCode).toBe(413);
    expect(chunked.json().reason.en).toContain('10 MB');
  });

  it('accepts only JPEG, PNG or WebP photos', async () => {
    const file = photoOfSize(100);
    const response = await putPhoto(clerk.accessToken, sha256(file), file, 'application/pdf');
    expect(response.statusCode).toBe(415);
    expect(response.json().reason.zh).toContain('JPEG');
  });

  it('asks for a sign-in', async () => {
    const file = photoOfSize(100);
    const response = await server.app.inject({
      method: 'PUT',
      url: url(sha256(file)),
      headers: { 'content-type': 'image/jpeg' },
      payload: file,
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('photo download', () => {
  it('gives the photo to the stations and the department of a case that lists it', async () => {
    const photo = photoOfSize(4_000);
    const hash = sha256(photo);
    await putPhoto(clerk.accessToken, hash, photo, 'image/webp');
    await pushCaseListing(hash);

    for (const staffId of ['clerk-gtzx-wang', 'clerk-qszx-chen', 'approver-rsj-liu']) {
      const reader = await signIn(server.app, staffId);
      const response = await getPhoto(reader.accessToken, hash);
      expect(response.statusCode, staffId).toBe(200);
      expect(response.headers['content-type']).toBe('image/webp');
      expect(response.rawPayload).toEqual(photo);
    }
  });

  it('refuses another station and another department, even when they know the hash', async () => {
    const photo = photoOfSize(4_000);
    const hash = sha256(photo);
    await putPhoto(clerk.accessToken, hash, photo);
    await pushCaseListing(hash);

    for (const staffId of ['clerk-xszx-zhang', 'approver-mzj-wu']) {
      const outsider = await signIn(server.app, staffId);
      const response = await getPhoto(outsider.accessToken, hash);
      expect(response.statusCode, staffId).toBe(404);
      expect(response.json().reason.zh).toContain('无权');
    }
  });

  it('gives nothing for an uploaded photo no case lists', async () => {
    const photo = photoOfSize(4_000);
    const hash = sha256(photo);
    await putPhoto(clerk.accessToken, hash, photo);

    expect((await getPhoto(clerk.accessToken, hash)).statusCode).toBe(404);
  });

  it('answers 404 for a listed photo that has not been uploaded yet', async () => {
    const hash = sha256(photoOfSize(100));
    await pushCaseListing(hash);

    expect((await getPhoto(clerk.accessToken, hash)).statusCode).toBe(404);
  });
});
