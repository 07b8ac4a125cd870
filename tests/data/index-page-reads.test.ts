import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CaseListQuery,
  type CaseRepository,
  createCaseRepository,
} from '../../src/data/case.repository';
import { createCaseEventRepository } from '../../src/data/case-event.repository';
import type { JinbanDatabase } from '../../src/data/db';
import type { Case, CaseStatus } from '../../src/domain/case/case.schema';
import { caseFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;
let cases: CaseRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  cases = createCaseRepository(db, createCaseEventRepository(db));
});

afterEach(async () => {
  await db.remove();
});

const STATIONS = ['ST01', 'ST02'] as const;
const STATUSES: readonly CaseStatus[] = ['accepted', 'in-review', 'delivered'];
const NAMES = ['张伟', '王芳', '李伟'] as const;

/** Few distinct times, so many cases share a createdAt and the id must break the tie. */
const caseArbitrary = fc.record({
  station: fc.constantFrom(...STATIONS),
  status: fc.constantFrom(...STATUSES),
  minute: fc.integer({ min: 0, max: 5 }),
  name: fc.constantFrom(...NAMES),
  deleted: fc.boolean(),
});

/** What the list must show: filter, then newest first with the id descending among equal times. */
function expectedPage(
  all: readonly Case[],
  keep: (c: Case) => boolean,
  skip: number,
  limit: number,
): string[] {
  return all
    .filter(keep)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .slice(skip, skip + limit)
    .map((c) => c.id);
}

const pageIds = async (query: CaseListQuery): Promise<string[]> =>
  (await firstValueFrom(cases.observeCases(query))).map((c) => c.id);

describe('newest-first case lists', () => {
  it('pages through cases newest first, ids breaking ties, whatever the filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArbitrary, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 8 }),
        async (shapes, skip, limit) => {
          await db.cases.find().remove();
          const stored: Case[] = shapes.map((shape, index) =>
            caseFixture({
              id: `case-${String(index).padStart(2, '0')}`,
              acceptedAtStation: shape.station,
              status: shape.status,
              applicant: { name: shape.name, idType: 'resident-id', idNumber: '110101199003070011' },
              createdAt: new Date(Date.UTC(2026, 2, 2, 8, shape.minute)).toISOString(),
            }),
          );
          await db.cases.bulkInsert(stored);
          const deletedIds = shapes.flatMap((shape, index) => (shape.deleted ? [stored[index]!.id] : []));
          await db.cases.find({ selector: { id: { $in: deletedIds } } }).remove();
          const live = stored.filter((c) => !deletedIds.includes(c.id));

          // Station and status pin the index; the name search is matched while reading; none filters at all.
          expect(await pageIds({ stationId: 'ST01', status: 'accepted', skip, limit })).toEqual(
            expectedPage(live, (c) => c.acceptedAtStation === 'ST01' && c.status === 'accepted', skip, limit),
          );
          expect(await pageIds({ stationId: 'ST02', search: '伟', skip, limit })).toEqual(
            expectedPage(
              live,
              (c) => c.acceptedAtStation === 'ST02' && c.applicant.name.includes('伟'),
              skip,
              limit,
            ),
          );
          expect(await pageIds({ status: ['accepted', 'delivered'], skip, limit })).toEqual(
            expectedPage(live, (c) => c.status === 'accepted' || c.status === 'delivered', skip, limit),
          );
          expect(await pageIds({ skip, limit })).toEqual(expectedPage(live, () => true, skip, limit));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('pages the id index answers', () => {
  it('reads every live case once, in id order, whatever the page size and deletions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (deletedFlags, pageSize) => {
          await db.cases.find().remove();
          const stored = deletedFlags.map((_, index) =>
            caseFixture({ id: `case-${String((index * 7) % 41).padStart(2, '0')}-${index}` }),
          );
          await db.cases.bulkInsert(stored);
          const deletedIds = stored.filter((_, index) => deletedFlags[index]).map((c) => c.id);
          await db.cases.find({ selector: { id: { $in: deletedIds } } }).remove();

          const pages: string[][] = [];
          for await (const page of cases.casesInPages(pageSize)) pages.push(page.map((c) => c.id));
          const expected = stored
            .map((c) => c.id)
            .filter((id) => !deletedIds.includes(id))
            .sort();
          expect(pages.flat()).toEqual(expected);
          expect(pages.every((page) => page.length > 0 && page.length <= pageSize)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
