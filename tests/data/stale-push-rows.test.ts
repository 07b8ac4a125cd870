import { createRevision, now, type RxReplicationWriteToMasterRow } from 'rxdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JinbanDatabase } from '../../src/data/db';
import { StalePushGuard } from '../../src/data/replication/stale-push-rows';
import type { Case } from '../../src/domain/case/case.schema';
import { caseFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;
let guard: StalePushGuard<Case>;

beforeEach(async () => {
  db = await openTestDatabase();
  guard = new StalePushGuard(db.cases);
});

afterEach(async () => {
  guard.stop();
  await db.remove();
});

/** Stores a version as RxDB's replication stores a pulled document: through the storage, in its write context. */
async function storePulled(version: Case): Promise<void> {
  const [previous] = await db.cases.storageInstance.findDocumentsById([version.id], true);
  const document = {
    ...version,
    _deleted: false,
    _attachments: previous?._attachments ?? {},
    _meta: { lwt: now() },
    _rev: createRevision('test-replication', previous),
  };
  const result = await db.cases.storageInstance.bulkWrite(
    [{ ...(previous === undefined ? {} : { previous }), document }],
    'replication-downstream-test',
  );
  expect(result.error).toEqual([]);
}

const pulledFromServer = caseFixture({ id: 'case-1', form: { householdAddress: '岱山县高亭镇' } });
const movedOnServer: Case = {
  ...pulledFromServer,
  form: { householdAddress: '岱山县高亭镇山外村 12 号' },
  updatedAt: '2026-03-02T09:00:00.000Z',
};
const row = (newDocumentState: Case, assumedMasterState?: Case): RxReplicationWriteToMasterRow<Case> => ({
  newDocumentState: { ...newDocumentState, _deleted: false },
  ...(assumedMasterState === undefined
    ? {}
    : { assumedMasterState: { ...assumedMasterState, _deleted: false } }),
});

describe('rows RxDB is about to push', () => {
  it('sends a row whose document is what the device stores', async () => {
    const edited = {
      ...pulledFromServer,
      applicant: { ...pulledFromServer.applicant, phone: '13900000001' },
    };
    await storePulled(pulledFromServer);
    await db.cases.findOne('case-1').incrementalPatch({ applicant: edited.applicant });

    const split = await guard.split([row(edited, pulledFromServer)]);

    expect(split.current).toEqual([row(edited, pulledFromServer)]);
    expect(split.staleAnswers).toEqual([]);
  });

  it('holds back a snapshot older than the version pulled since, answering with the stored version', async () => {
    // The snapshot RxDB took before the pull stored the newer master (and made it the assumed master state):
    // sent, it would tell the server this device changed the address back.
    await storePulled(pulledFromServer);
    await storePulled(movedOnServer);

    const split = await guard.split([row(pulledFromServer, movedOnServer)]);

    expect(split.current).toEqual([]);
    expect(split.staleAnswers).toHaveLength(1);
    expect(split.staleAnswers[0]).toMatchObject({ id: 'case-1', form: movedOnServer.form, _deleted: false });
    expect(split.staleAnswers[0]).not.toHaveProperty('_rev');
    expect(split.staleAnswers[0]).not.toHaveProperty('_meta');
    // The answer is adopted as it is: it carries the photos this device holds (attachment-stubs.ts).
    expect(split.staleAnswers[0]).toHaveProperty('_attachments', {});
  });

  it('sends only the current rows of a mixed batch, and a row of a document not stored here', async () => {
    await storePulled(pulledFromServer);
    const other = caseFixture({ id: 'case-2' });
    await storePulled(other);
    const elsewhere = caseFixture({ id: 'case-3' });

    const split = await guard.split([row(movedOnServer, pulledFromServer), row(other), row(elsewhere)]);

    expect(split.current.map((r) => r.newDocumentState.id)).toEqual(['case-2', 'case-3']);
    expect(split.staleAnswers.map((answer) => answer.id)).toEqual(['case-1']);
  });

  it('sends the documents only this device has written without reading them back', async () => {
    const accepted = caseFixture({ id: 'case-4' });
    await db.cases.insert(accepted);
    await db.cases.findOne('case-4').incrementalPatch({ updatedAt: '2026-03-02T10:00:00.000Z' });
    const reads = vi.spyOn(db.cases.storageInstance, 'findDocumentsById');

    const split = await guard.split([row(accepted)]);

    expect(split.current).toEqual([row(accepted)]);
    expect(split.staleAnswers).toEqual([]);
    expect(reads).not.toHaveBeenCalled();
  });

  it('stops watching when stopped: later replication writes go unnoticed', async () => {
    guard.stop();
    await storePulled(pulledFromServer);
    await storePulled(movedOnServer);

    const split = await guard.split([row(pulledFromServer, movedOnServer)]);

    expect(split.current).toHaveLength(1);
  });
});
