import type { RxReplicationWriteToMasterRow } from 'rxdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JinbanDatabase } from '../../src/data/db';
import { splitStalePushRows } from '../../src/data/replication/stale-push-rows';
import type { Case } from '../../src/domain/case/case.schema';
import { caseFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;

beforeEach(async () => {
  db = await openTestDatabase();
});

afterEach(async () => {
  await db.remove();
});

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
    await db.cases.insert(edited);

    const split = await splitStalePushRows(db.cases, [row(edited, pulledFromServer)]);

    expect(split.current).toEqual([row(edited, pulledFromServer)]);
    expect(split.staleAnswers).toEqual([]);
  });

  it('holds back a snapshot older than the version pulled since, answering with the stored version', async () => {
    // The snapshot RxDB took before the pull stored the newer master (and made it the assumed master state):
    // sent, it would tell the server this device changed the address back.
    const doc = await db.cases.insert(pulledFromServer);
    await doc.incrementalModify(() => movedOnServer);

    const split = await splitStalePushRows(db.cases, [row(pulledFromServer, movedOnServer)]);

    expect(split.current).toEqual([]);
    expect(split.staleAnswers).toHaveLength(1);
    expect(split.staleAnswers[0]).toMatchObject({ id: 'case-1', form: movedOnServer.form, _deleted: false });
    expect(split.staleAnswers[0]).not.toHaveProperty('_rev');
    expect(split.staleAnswers[0]).not.toHaveProperty('_meta');
    // The answer is adopted as it is: it carries the photos this device holds (attachment-stubs.ts).
    expect(split.staleAnswers[0]).toHaveProperty('_attachments', {});
  });

  it('sends only the current rows of a mixed batch, and a row of a document not stored here', async () => {
    await db.cases.insert(pulledFromServer);
    const other = caseFixture({ id: 'case-2' });
    await db.cases.insert(other);
    const elsewhere = caseFixture({ id: 'case-3' });

    const split = await splitStalePushRows(db.cases, [
      row(movedOnServer, pulledFromServer),
      row(other),
      row(elsewhere),
    ]);

    expect(split.current.map((r) => r.newDocumentState.id)).toEqual(['case-2', 'case-3']);
    expect(split.staleAnswers.map((answer) => answer.id)).toEqual(['case-1']);
  });
});
