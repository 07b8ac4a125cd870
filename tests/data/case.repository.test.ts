import { firstValueFrom, skip, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTION_NOT_APPLIED_EVENT,
  CaseChangedMeanwhileError,
  type CaseRepository,
  caseListQuery,
  createCaseRepository,
  preparedCasePage,
} from '../../src/data/case.repository';
import { type CaseEventRepository, createCaseEventRepository } from '../../src/data/case-event.repository';
import type { JinbanDatabase } from '../../src/data/db';
import type { Case } from '../../src/domain/case/case.schema';
import { caseFixture, eventFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;
let cases: CaseRepository;
let events: CaseEventRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  events = createCaseEventRepository(db);
  cases = createCaseRepository(db, events);
});

afterEach(async () => {
  await db.remove();
});

const minutes = (n: number): string => new Date(Date.UTC(2026, 2, 2, 8, n)).toISOString();

/** Cases created one minute apart, so case-000 is the oldest. */
async function createCases(
  count: number,
  shape: (index: number) => Partial<Case> = () => ({}),
): Promise<void> {
  for (let index = 0; index < count; index++) {
    const id = `case-${String(index).padStart(3, '0')}`;
    await cases.createCase(
      caseFixture({ id, createdAt: minutes(index), updatedAt: minutes(index), ...shape(index) }),
    );
  }
}

describe('case repository', () => {
  it('reads back a created case as a plain object', async () => {
    await cases.createCase(caseFixture({ caseNo: 'ST01-2026-000001' }));
    const stored = await cases.getCase('case-1');
    expect(stored).toEqual(caseFixture({ caseNo: 'ST01-2026-000001' }));
    expect(stored).not.toHaveProperty('_rev');
    expect(await cases.getCase('missing')).toBeUndefined();
  });

  it('emits a case again when it changes', async () => {
    await cases.createCase(caseFixture());
    const statuses = firstValueFrom(cases.observeCase('case-1').pipe(take(2), toArray()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cases.updateCase('case-1', (current) => ({ ...current, status: 'in-review' }));
    expect((await statuses).map((c) => c?.status)).toEqual(['accepted', 'in-review']);
  });

  it('applies concurrent updates one after the other instead of losing one', async () => {
    await cases.createCase(caseFixture());
    await Promise.all([
      cases.updateCase('case-1', (current) => ({ ...current, trips: [...current.trips, trip('t1')] })),
      cases.updateCase('case-1', (current) => ({ ...current, trips: [...current.trips, trip('t2')] })),
    ]);
    const stored = await cases.getCase('case-1');
    expect(stored?.trips.map((t) => t.id).sort()).toEqual(['t1', 't2']);
  });

  it('refuses to update a case that does not exist', async () => {
    await expect(cases.updateCase('missing', (current) => current)).rejects.toThrow(/does not exist/);
  });

  it('upserts a draft as the clerk types', async () => {
    const draft = caseFixture({
      status: 'draft',
      applicant: { name: '王', idType: 'resident-id', idNumber: '1' },
    });
    await cases.saveDraft(draft);
    await cases.saveDraft({ ...draft, applicant: { ...draft.applicant, name: '王五' } });
    expect((await cases.getCase('case-1'))?.applicant.name).toBe('王五');
  });

  it('does not let a late draft save overwrite a case that was accepted meanwhile', async () => {
    const draft = caseFixture({ status: 'draft' });
    await cases.saveDraft(draft);
    await cases.updateCase('case-1', (current) => ({ ...current, status: 'accepted' }));
    await expect(cases.saveDraft(draft)).rejects.toThrow(/no longer a draft/);
    expect((await cases.getCase('case-1'))?.status).toBe('accepted');
  });

  it('stores and returns a material photo', async () => {
    await cases.createCase(caseFixture());
    const photo = new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/jpeg' });
    await cases.putAttachment('case-1', 'id-card-front', photo, 'image/jpeg');
    const stored = await cases.getAttachment('case-1', 'id-card-front');
    expect(stored?.type).toBe('image/jpeg');
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(await cases.getAttachment('case-1', 'other')).toBeUndefined();
  });
});

describe('case list query', () => {
  it('lists newest first in pages', async () => {
    await createCases(7);
    const firstPage = await firstValueFrom(cases.observeCases({ limit: 3 }));
    const secondPage = await firstValueFrom(cases.observeCases({ limit: 3, skip: 3 }));
    const lastPage = await firstValueFrom(cases.observeCases({ limit: 3, skip: 6 }));
    expect(firstPage.map((c) => c.id)).toEqual(['case-006', 'case-005', 'case-004']);
    expect(secondPage.map((c) => c.id)).toEqual(['case-003', 'case-002', 'case-001']);
    expect(lastPage.map((c) => c.id)).toEqual(['case-000']);
    expect(await cases.countCases({ limit: 3 })).toBe(7);
  });

  it('filters by station, status, item and channel together', async () => {
    await createCases(16, (i) => ({
      acceptedAtStation: i % 2 === 0 ? 'ST01' : 'ST02',
      status: i % 4 < 2 ? 'accepted' : 'in-review',
      itemCode: i < 8 ? 'RS-001' : 'MZ-002',
      channel: i % 8 < 4 ? 'window' : 'door-to-door',
    }));
    const query = {
      stationId: 'ST01',
      status: 'accepted',
      itemCode: 'MZ-002',
      channel: 'door-to-door',
    } as const;
    const page = await firstValueFrom(cases.observeCases(query));
    expect(page.map((c) => c.id)).toEqual(['case-012']);
    expect(await cases.countCases(query)).toBe(1);
    const open = await firstValueFrom(
      cases.observeCases({ stationId: 'ST02', status: ['accepted', 'in-review'] }),
    );
    expect(open.map((c) => c.id)).toEqual([
      'case-015',
      'case-013',
      'case-011',
      'case-009',
      'case-007',
      'case-005',
      'case-003',
      'case-001',
    ]);
  });

  it('finds cases by exact ID number, also when the clerk types a lower-case x', async () => {
    await createCases(3, (i) => ({
      applicant: {
        name: `申请人${i}`,
        idType: 'resident-id',
        idNumber: i === 1 ? '11010119900307001X' : `11010119900307002${i}`,
      },
    }));
    const found = await firstValueFrom(cases.observeCases({ search: '11010119900307001x' }));
    expect(found.map((c) => c.id)).toEqual(['case-001']);
    expect(await firstValueFrom(cases.observeCases({ search: '110101199003070' }))).toEqual([]);
  });

  it('finds cases by part of the applicant name and by case number', async () => {
    await createCases(3, (i) => ({
      caseNo: `ST01-2026-00000${i}`,
      applicant: { name: ['张三丰', '李四', '张无忌'][i] ?? '', idType: 'resident-id', idNumber: `AB${i}` },
    }));
    const byName = await firstValueFrom(cases.observeCases({ search: '张' }));
    expect(byName.map((c) => c.id)).toEqual(['case-002', 'case-000']);
    const byCaseNo = await firstValueFrom(cases.observeCases({ search: 'ST01-2026-000001' }));
    expect(byCaseNo.map((c) => c.id)).toEqual(['case-001']);
    const byPassport = await firstValueFrom(cases.observeCases({ search: 'ab2' }));
    expect(byPassport.map((c) => c.id)).toEqual(['case-002']);
  });

  it('reads a station list and an ID-number search through their indexes', () => {
    const indexOf = (query: Parameters<typeof caseListQuery>[0]) =>
      db.cases.find(caseListQuery(query)).getPreparedQuery().queryPlan.index;
    expect(indexOf({ stationId: 'ST01', status: 'accepted' })).toEqual([
      '_deleted',
      'acceptedAtStation',
      'status',
      'createdAt',
      'id',
    ]);
    expect(indexOf({ search: '11010119900307001X' })).toEqual([
      '_deleted',
      'applicant.idNumber',
      'createdAt',
      'id',
    ]);
  });

  it('lists the sub-cases of one 一件事 parent, also within its station', async () => {
    const parentOf: Record<number, string> = { 1: 'case-000', 2: 'case-000', 4: 'case-003', 5: 'case-000' };
    await createCases(6, (i) => {
      const parentCaseId = parentOf[i];
      return parentCaseId === undefined ? {} : { parentCaseId };
    });
    const subCases = await firstValueFrom(cases.observeCases({ parentCaseId: 'case-000' }));
    expect(subCases.map((c) => c.id)).toEqual(['case-005', 'case-002', 'case-001']);
    const atStation = await firstValueFrom(
      cases.observeCases({ parentCaseId: 'case-003', stationId: 'ST01' }),
    );
    expect(atStation.map((c) => c.id)).toEqual(['case-004']);
    expect(await cases.countCases({ parentCaseId: 'case-000' })).toBe(3);
    expect(await cases.countCases({ parentCaseId: 'case-000', stationId: 'ST02' })).toBe(0);
  });

  it('lists drafts that have no case number yet', async () => {
    await createCases(2, (i) => (i === 0 ? { status: 'draft' } : { caseNo: 'ST01-2026-000009' }));
    const page = await firstValueFrom(cases.observeCases({}));
    expect(page.map((c) => c.id)).toEqual(['case-001', 'case-000']);
  });

  it('filters and orders by due date for the deadline views', async () => {
    await createCases(4, (i) => (i === 3 ? {} : { dueOn: ['2026-03-20', '2026-03-10', '2026-03-15'][i] }));
    const dueByMid = await firstValueFrom(
      cases.observeCases({ dueOn: { to: '2026-03-15' }, order: 'due-first' }),
    );
    expect(dueByMid.map((c) => c.dueOn)).toEqual(['2026-03-10', '2026-03-15']);
    const allWithDeadline = await firstValueFrom(cases.observeCases({ dueOn: {}, order: 'due-first' }));
    expect(allWithDeadline.map((c) => c.id)).toEqual(['case-001', 'case-002', 'case-000']);
    expect(await cases.countCases({ dueOn: { from: '2026-03-11' } })).toBe(2);
  });

  it('emits the list again when a new case arrives', async () => {
    await createCases(1);
    const pages = firstValueFrom(cases.observeCases({ stationId: 'ST01' }).pipe(skip(1), take(1)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cases.createCase(caseFixture({ id: 'case-new', createdAt: minutes(30), updatedAt: minutes(30) }));
    expect((await pages).map((c) => c.id)).toEqual(['case-new', 'case-000']);
  });
});

describe('reading every case in pages', () => {
  it('yields every case once, in id order, a page at a time, leaving out deleted ones and storage fields', async () => {
    await createCases(8);
    await (await db.cases.findOne('case-007').exec())?.remove();
    const pages: string[][] = [];
    for await (const page of cases.casesInPages(3)) pages.push(page.map((c) => c.id));
    expect(pages).toEqual([
      ['case-000', 'case-001', 'case-002'],
      ['case-003', 'case-004', 'case-005'],
      ['case-006'],
    ]);
    const [first] = await cases
      .casesInPages(1)
      .next()
      .then((result) => result.value ?? []);
    expect(first).toEqual(await cases.getCase('case-000'));
  });

  it('yields nothing on an empty device and no empty page after a full one', async () => {
    const empty: Case[][] = [];
    for await (const page of cases.casesInPages(3)) empty.push(page);
    expect(empty).toEqual([]);
    await createCases(3);
    const sizes: number[] = [];
    for await (const page of cases.casesInPages(3)) sizes.push(page.length);
    expect(sizes).toEqual([3]);
  });

  it('reads each page through the id index, stopping after the page instead of sorting every case', () => {
    const { queryPlan } = preparedCasePage(db.cases.schema.jsonSchema, 'case-003', 2_000);
    expect(queryPlan.index).toEqual(['_deleted', 'id']);
    expect(queryPlan.sortSatisfiedByIndex).toBe(true);
    expect(queryPlan.selectorSatisfiedByIndex).toBe(true);
  });
});

describe('case count', () => {
  it('counts again when a matching case arrives, ignoring cases that do not match', async () => {
    await createCases(2);
    const counts = firstValueFrom(cases.observeCaseCount({ status: 'draft' }).pipe(take(2), toArray()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await cases.createCase(caseFixture({ id: 'draft-1', status: 'draft' }));
    expect(await counts).toEqual([0, 1]);
  });
});

describe('recording a case change', () => {
  it('writes the event and the case', async () => {
    await cases.saveDraft(caseFixture({ status: 'draft' }));
    await cases.recordCaseChange(caseFixture({ status: 'accepted' }), eventFixture());
    expect((await cases.getCase('case-1'))?.status).toBe('accepted');
    expect(await firstValueFrom(events.observeEvents('case-1'))).toEqual([eventFixture()]);
  });

  it('converges to one event and one case state when retried after a crash between the two writes', async () => {
    const next = caseFixture({ status: 'accepted' });
    await cases.saveDraft(caseFixture({ status: 'draft' }));
    // The crash: the event reached the disk, the case did not.
    await events.appendEvent(eventFixture());
    await cases.recordCaseChange(next, eventFixture());
    await cases.recordCaseChange(next, eventFixture());
    expect(await cases.getCase('case-1')).toEqual(next);
    expect(await firstValueFrom(events.observeEvents('case-1'))).toHaveLength(1);
  });

  it('refuses a change whose field another device changed while the event was written, and says so on the timeline', async () => {
    const base = caseFixture({ applicant: { ...caseFixture().applicant, phone: '13800138000' } });
    await cases.createCase(base);
    const theirs = { ...base, applicant: { ...base.applicant, phone: '13900139000' }, updatedAt: minutes(5) };
    // Replication stores another device's new phone number just as this device writes the event of its own.
    const racedEvents: CaseEventRepository = {
      ...events,
      appendEvent: async (event) => {
        await events.appendEvent(event);
        if (event.type !== ACTION_NOT_APPLIED_EVENT) await cases.updateCase(base.id, () => theirs);
      },
    };
    const racedCases = createCaseRepository(db, racedEvents);
    const mine = { ...base, applicant: { ...base.applicant, phone: '13700137000' }, updatedAt: minutes(6) };

    await expect(racedCases.recordCaseChange(mine, eventFixture(), base)).rejects.toBeInstanceOf(
      CaseChangedMeanwhileError,
    );
    expect((await cases.getCase(base.id))?.applicant.phone).toBe('13900139000');
    const timeline = await firstValueFrom(events.observeEvents(base.id));
    expect(timeline.map((event) => event.type)).toEqual([eventFixture().type, ACTION_NOT_APPLIED_EVENT]);

    // A retry of the same command appends neither event again.
    await expect(racedCases.recordCaseChange(mine, eventFixture(), base)).rejects.toBeInstanceOf(
      CaseChangedMeanwhileError,
    );
    expect(await firstValueFrom(events.observeEvents(base.id))).toHaveLength(2);
  });

  it('refuses an event that belongs to another case', async () => {
    await expect(cases.recordCaseChange(caseFixture(), eventFixture({ caseId: 'case-2' }))).rejects.toThrow(
      /belongs to/,
    );
    expect(await firstValueFrom(events.observeEvents('case-2'))).toEqual([]);
  });
});

const trip = (id: string) => ({ id, at: '2026-03-02T09:00:00.000Z', reason: 'intake' as const });
