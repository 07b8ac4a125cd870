import { firstValueFrom, skip, take } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CaseEventRepository, createCaseEventRepository } from '../../src/data/case-event.repository';
import type { JinbanDatabase } from '../../src/data/db';
import { eventFixture, openTestDatabase } from './test-database';

let db: JinbanDatabase;
let events: CaseEventRepository;

beforeEach(async () => {
  db = await openTestDatabase();
  events = createCaseEventRepository(db);
});

afterEach(async () => {
  await db.remove();
});

describe('case event repository', () => {
  it("lists one case's events oldest first, whatever order they were appended in", async () => {
    await events.appendEvent(eventFixture({ id: 'e3', at: '2026-03-04T08:00:00.000Z', type: 'deliver' }));
    await events.appendEvent(eventFixture({ id: 'e1', at: '2026-03-02T08:00:00.000Z', type: 'accept' }));
    await events.appendEvent(eventFixture({ id: 'other', caseId: 'case-2' }));
    await events.appendEvent(eventFixture({ id: 'e2', at: '2026-03-03T08:00:00.000Z', type: 'approve' }));
    const history = await firstValueFrom(events.observeEvents('case-1'));
    expect(history.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('ignores a second append of the same event, keeping the first', async () => {
    await events.appendEvent(eventFixture({ note: '首次' }));
    await events.appendEvent(eventFixture({ note: '重试' }));
    const history = await firstValueFrom(events.observeEvents('case-1'));
    expect(history).toEqual([eventFixture({ note: '首次' })]);
  });

  it('emits the history again when an event is appended', async () => {
    await events.appendEvent(eventFixture({ id: 'e1' }));
    const next = firstValueFrom(events.observeEvents('case-1').pipe(skip(1), take(1)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await events.appendEvent(eventFixture({ id: 'e2', at: '2026-03-03T08:00:00.000Z' }));
    expect((await next).map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});
