import type { RxStorage } from 'rxdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaseRepository, createCaseRepository } from '../../src/data/case.repository';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import type { JinbanDatabase } from '../../src/data/db';
import { isQuotaExceeded, StorageFullError } from '../../src/data/storage-errors';
import { caseFixture, eventFixture, openTestDatabase, testStorage } from './test-database';

const quotaExceeded = (): DOMException =>
  new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** The Dexie storage, except that every write fails the way a browser fails it once the origin's quota is used. */
function storageThatFills(
  storage: RxStorage<unknown, unknown>,
  isFull: () => boolean,
): RxStorage<unknown, unknown> {
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      return new Proxy(instance, {
        get(target, property) {
          if (property === 'bulkWrite' && isFull()) {
            return () => Promise.reject(quotaExceeded());
          }
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
}

describe('storage full', () => {
  let full = false;
  let db: JinbanDatabase;
  let cases: CaseRepository;

  beforeEach(async () => {
    full = false;
    db = await openTestDatabase(storageThatFills(testStorage(), () => full));
    cases = createCaseRepository(db, createCaseEventRepository(db));
  });

  afterEach(async () => {
    full = false;
    await db.remove();
  });

  it('reports a refused write as StorageFullError with a Chinese and English message', async () => {
    full = true;
    const failure = await cases.createCase(caseFixture()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as StorageFullError).userMessage.zh).toMatch(/^设备存储空间已满/);
    expect((failure as StorageFullError).userMessage.en).toMatch(/storage is full/);
  });

  it('keeps every case saved before the device filled up', async () => {
    await cases.createCase(caseFixture({ status: 'draft' }));
    full = true;
    await expect(cases.updateCase('case-1', (c) => ({ ...c, status: 'accepted' }))).rejects.toBeInstanceOf(
      StorageFullError,
    );
    await expect(cases.recordCaseChange(caseFixture(), eventFixture())).rejects.toBeInstanceOf(
      StorageFullError,
    );
    await expect(
      cases.putAttachment('case-1', 'photo', new Blob([new Uint8Array([1])]), 'image/jpeg'),
    ).rejects.toBeInstanceOf(StorageFullError);
    expect((await cases.getCase('case-1'))?.status).toBe('draft');

    full = false;
    await cases.updateCase('case-1', (c) => ({ ...c, status: 'accepted' }));
    expect((await cases.getCase('case-1'))?.status).toBe('accepted');
  });

  it('passes other write errors through unchanged', async () => {
    await cases.createCase(caseFixture());
    const failure = await cases.createCase(caseFixture()).catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(StorageFullError);
    expect(failure).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('recognising a quota error', () => {
  it('sees through the wrappers Dexie and RxDB put around it', () => {
    expect(isQuotaExceeded(quotaExceeded())).toBe(true);
    expect(isQuotaExceeded({ name: 'AbortError', inner: quotaExceeded() })).toBe(true);
    expect(
      isQuotaExceeded({ code: 'RX', parameters: { errors: [{ name: 'NS_ERROR_DOM_QUOTA_REACHED' }] } }),
    ).toBe(true);
    expect(isQuotaExceeded(new Error('write failed', { cause: quotaExceeded() }))).toBe(true);
  });

  it('does not mistake other failures for a full device', () => {
    expect(isQuotaExceeded(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaExceeded(new Error('network'))).toBe(false);
    expect(isQuotaExceeded(undefined)).toBe(false);
  });
});
