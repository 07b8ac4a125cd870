import fc from 'fast-check';
import {
  getChangedDocumentsSinceQuery,
  prepareQuery,
  type RxDocumentData,
  type RxStorageDefaultCheckpoint,
  type RxStorageInstance,
} from 'rxdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JinbanDatabase } from '../../src/data/db';
import type { Case } from '../../src/domain/case/case.schema';
import { caseFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;

beforeEach(async () => {
  db = await openTestDatabase();
});

afterEach(async () => {
  await db.remove();
});

type Instance = RxStorageInstance<Case, unknown, unknown, RxStorageDefaultCheckpoint>;
type Page = { documents: RxDocumentData<Case>[]; checkpoint: RxStorageDefaultCheckpoint };

/** RxDB's own answer when a storage has no getChangedDocumentsSince: its query, last document as checkpoint. */
async function pageByQuery(
  instance: Instance,
  limit: number,
  checkpoint: RxStorageDefaultCheckpoint | undefined,
): Promise<Page> {
  const query = prepareQuery(instance.schema, getChangedDocumentsSinceQuery(instance, limit, checkpoint));
  const { documents } = await instance.query(query);
  const last = documents.at(-1);
  return {
    documents,
    checkpoint:
      last === undefined ? (checkpoint ?? { id: '', lwt: 0 }) : { id: last.id, lwt: last._meta.lwt },
  };
}

async function allPages(
  read: (checkpoint: RxStorageDefaultCheckpoint | undefined) => Promise<Page>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let checkpoint: RxStorageDefaultCheckpoint | undefined;
  for (;;) {
    const page = await read(checkpoint);
    pages.push(page.documents.map((doc) => `${doc.id}@${doc._rev}${doc._deleted ? '†' : ''}`));
    if (page.documents.length === 0) return pages;
    checkpoint = page.checkpoint;
  }
}

describe('changed documents since a checkpoint, on the Dexie storage', () => {
  it('pages exactly as RxDB does by query, through bulk writes that share one lwt, updates and deletions', async () => {
    const instance = db.cases.storageInstance as unknown as Instance;
    expect(instance.getChangedDocumentsSince).toBeDefined();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (writeSizes, limit, touched) => {
          await db.cases.find().remove();
          let next = 0;
          for (const size of writeSizes) {
            const ids = Array.from(
              { length: size },
              () => `case-${String((++next * 7919) % 1000).padStart(3, '0')}`,
            );
            await db.cases.bulkUpsert(ids.map((id) => caseFixture({ id })));
          }
          const all = await db.cases.find().exec();
          for (const [index, pick] of touched.entries()) {
            const doc = all[pick % all.length]!;
            const current = await db.cases.findOne(doc.id).exec();
            if (current === null) continue;
            if (index % 3 === 0) await current.remove();
            else await current.incrementalPatch({ updatedAt: `2026-03-0${(index % 9) + 1}T08:00:00.000Z` });
          }
          const indexed = await allPages((checkpoint) =>
            instance.getChangedDocumentsSince!(limit, checkpoint),
          );
          expect(indexed).toEqual(await allPages((checkpoint) => pageByQuery(instance, limit, checkpoint)));
          const ids = indexed.flat().map((key) => key.split('@')[0]);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids).toEqual(expect.arrayContaining(all.map((doc) => doc.id)));
        },
      ),
      { numRuns: 30 },
    );
  });
});
