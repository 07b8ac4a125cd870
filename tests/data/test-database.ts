import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createJinbanDatabase, type JinbanDatabase } from '../../src/data/db';
import type { Case, CaseEvent } from '../../src/domain/case/case.schema';

/** The real Dexie storage code over an in-memory IndexedDB. */
export const testStorage = (): RxStorage<unknown, unknown> => getRxStorageDexie({ indexedDB, IDBKeyRange });

let databaseCount = 0;
export const uniqueDatabaseName = (): string => `jinban-test-${++databaseCount}-${Date.now()}`;

export const openTestDatabase = (storage = testStorage()): Promise<JinbanDatabase> =>
  createJinbanDatabase({ name: uniqueDatabaseName(), storage, multiInstance: false });

export function caseFixture(overrides: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    status: 'accepted',
    itemCode: 'RS-001',
    catalogVersion: 1,
    channel: 'window',
    acceptedAtStation: 'ST01',
    handlingDepartment: 'rs',
    deliveryStation: 'ST01',
    applicant: { name: '张三', idType: 'resident-id', idNumber: '110101199003070011' },
    form: {},
    materials: [],
    trips: [],
    clockStops: [],
    createdAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-02T08:00:00.000Z',
    ...overrides,
  };
}

export function eventFixture(overrides: Partial<CaseEvent> = {}): CaseEvent {
  return {
    id: 'event-1',
    caseId: 'case-1',
    type: 'accept',
    fromStatus: 'draft',
    toStatus: 'accepted',
    at: '2026-03-02T08:00:00.000Z',
    actorId: 'clerk-1',
    actorName: '李四',
    actorRole: 'clerk',
    deviceId: 'tablet-1',
    stationId: 'ST01',
    ...overrides,
  };
}
