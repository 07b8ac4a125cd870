import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushPolicy, Store } from '../../replication-server/src/store/store';
import { type OpenedStore, STORE_FACTORIES, type StoreFactory } from './store-factories';

const HASH = 'a'.repeat(64);
const OTHER_HASH = 'b'.repeat(64);
const bytes = (...values: number[]) => new Uint8Array(values);

const chunk = (offset: number, data: Uint8Array, size = 6, contentType = 'image/jpeg') => ({
  sha256: HASH,
  contentType,
  size,
  offset,
  bytes: data,
});

const byStation: PushPolicy = {
  decide: ({ row }) => ({ ok: true, tags: [`station:${String(row.newDocumentState['station'])}`] }),
};

describe.each(STORE_FACTORIES)('attachment store contract: $name', (factory: StoreFactory) => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async () => {
    opened = await factory.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  it('stores a whole attachment once and reports "exists" without rewriting it', async () => {
    expect(
      await store.attachments.putAttachment({
        sha256: HASH,
        contentType: 'image/png',
        bytes: bytes(1, 2, 3),
      }),
    ).toBe('created');
    expect(
      await store.attachments.putAttachment({ sha256: HASH, contentType: 'image/jpeg', bytes: bytes(9) }),
    ).toBe('exists');

    expect(await store.attachments.getAttachment(HASH)).toEqual({
      sha256: HASH,
      contentType: 'image/png',
      bytes: bytes(1, 2, 3),
    });
    expect(await store.attachments.attachmentStatus(HASH)).toEqual({
      sha256: HASH,
      contentType: 'image/png',
      size: 3,
      received: 3,
      complete: true,
    });
    expect(await store.attachments.attachmentStatus(OTHER_HASH)).toBeUndefined();
  });

  it('appends chunks at the offset reached so far and refuses any other offset', async () => {
    expect(await store.attachments.appendAttachmentChunk(chunk(0, bytes(1, 2)))).toEqual({
      outcome: 'appended',
      received: 2,
    });
    expect(await store.attachments.appendAttachmentChunk(chunk(0, bytes(1, 2)))).toEqual({
      outcome: 'offset-mismatch',
      received: 2,
    });
    expect(await store.attachments.appendAttachmentChunk(chunk(2, bytes(3, 4, 5)))).toEqual({
      outcome: 'appended',
      received: 5,
    });
    expect(await store.attachments.appendAttachmentChunk(chunk(5, bytes(6), 7))).toEqual({
      outcome: 'declaration-mismatch',
    });

    expect(await store.attachments.attachmentStatus(HASH)).toMatchObject({
      size: 6,
      received: 5,
      complete: false,
    });
    expect(await store.attachments.partialAttachmentBytes(HASH)).toEqual(bytes(1, 2, 3, 4, 5));
    // An unfinished upload is not an attachment yet.
    expect(await store.attachments.getAttachment(HASH)).toBeUndefined();
  });

  it('turns a finished upload into a complete attachment and drops its chunks', async () => {
    await store.attachments.appendAttachmentChunk(chunk(0, bytes(1, 2, 3)));
    await store.attachments.appendAttachmentChunk(chunk(3, bytes(4, 5, 6)));

    const whole = (await store.attachments.partialAttachmentBytes(HASH))!;
    expect(
      await store.attachments.putAttachment({ sha256: HASH, contentType: 'image/jpeg', bytes: whole }),
    ).toBe('created');

    expect(await store.attachments.partialAttachmentBytes(HASH)).toBeUndefined();
    expect((await store.attachments.getAttachment(HASH))?.bytes).toEqual(bytes(1, 2, 3, 4, 5, 6));
    expect(await store.attachments.appendAttachmentChunk(chunk(0, bytes(1)))).toEqual({
      outcome: 'complete',
    });
  });

  it('discards an unfinished upload but never a complete attachment', async () => {
    await store.attachments.appendAttachmentChunk(chunk(0, bytes(1, 2)));
    await store.attachments.discardPartialAttachment(HASH);
    expect(await store.attachments.attachmentStatus(HASH)).toBeUndefined();

    await store.attachments.putAttachment({ sha256: OTHER_HASH, contentType: 'image/jpeg', bytes: bytes(7) });
    await store.attachments.discardPartialAttachment(OTHER_HASH);
    expect(await store.attachments.getAttachment(OTHER_HASH)).toBeDefined();
  });

  it('finds the live documents in scope that mention a text', async () => {
    const listing = (id: string, station: string, hash: string, deleted = false) => ({
      newDocumentState: { id, station, photos: [hash], _deleted: deleted },
    });
    await store.push(
      'cases',
      [
        listing('mine', 'ST01', HASH),
        listing('theirs', 'ST02', HASH),
        listing('unrelated', 'ST01', OTHER_HASH),
        listing('gone', 'ST01', HASH, true),
      ],
      byStation,
    );

    const inScope = await store.attachments.documentsMentioning('cases', { tags: ['station:ST01'] }, HASH);
    expect(inScope.map((stored) => stored.id)).toEqual(['mine']);
    expect(inScope[0]?.document['photos']).toEqual([HASH]);

    const everywhere = await store.attachments.documentsMentioning('cases', { all: true }, HASH);
    expect(everywhere.map((stored) => stored.id).sort()).toEqual(['mine', 'theirs']);
    expect(await store.attachments.documentsMentioning('case_events', { all: true }, HASH)).toEqual([]);
  });
});
