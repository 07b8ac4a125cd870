import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  caseDoc,
  eventDoc,
  insert,
  pull,
  push,
  signIn,
  startTestServer,
  type TestServer,
  update,
} from './test-server';

describe('replication over HTTP', () => {
  let server: TestServer;
  let clerk: string;

  beforeEach(async () => {
    server = await startTestServer();
    clerk = (await signIn(server.app, 'clerk-gtzx-wang')).accessToken;
  });
  afterEach(async () => {
    await server.close();
  });

  it('pushes a new case and pulls it back with _deleted and a seq checkpoint', async () => {
    const pushed = await push(server.app, clerk, 'cases', [insert(caseDoc())]);
    expect(pushed.statusCode).toBe(200);
    expect(pushed.json()).toEqual({ conflicts: [], rejected: [] });

    const pulled = await pull(server.app, clerk, 'cases');
    expect(pulled.statusCode).toBe(200);
    const body = pulled.json();
    expect(body.documents).toEqual([caseDoc()]);
    expect(body.checkpoint.seq).toBeGreaterThan(0);
  });

  it('pages by checkpoint: each pull continues after the last seq it handed out', async () => {
    const ids = ['c1', 'c2', 'c3'];
    await push(
      server.app,
      clerk,
      'cases',
      ids.map((id) => insert(caseDoc({ id }))),
    );

    const first = (await pull(server.app, clerk, 'cases', 0, 2)).json();
    expect(first.documents.map((d: { id: string }) => d.id)).toEqual(['c1', 'c2']);
    const second = (await pull(server.app, clerk, 'cases', first.checkpoint.seq, 2)).json();
    expect(second.documents.map((d: { id: string }) => d.id)).toEqual(['c3']);
    const third = (await pull(server.app, clerk, 'cases', second.checkpoint.seq, 2)).json();
    expect(third).toEqual({ documents: [], checkpoint: second.checkpoint });

    await push(server.app, clerk, 'cases', [
      update(caseDoc({ id: 'c1' }), caseDoc({ id: 'c1', status: 'accepted' })),
    ]);
    const fourth = (await pull(server.app, clerk, 'cases', third.checkpoint.seq, 2)).json();
    expect(fourth.documents).toEqual([caseDoc({ id: 'c1', status: 'accepted' })]);
  });

  it('caps the page size at the configured maximum', async () => {
    await server.close();
    server = await startTestServer({ MAX_PULL_LIMIT: '2' });
    clerk = (await signIn(server.app, 'clerk-gtzx-wang')).accessToken;
    const response = await pull(server.app, clerk, 'stations', 0, 100);
    expect(response.json().documents).toHaveLength(2);
  });

  it('answers a stale update that cannot merge with the master it keeps, marked as conflicted', async () => {
    const draft = caseDoc();
    const accepted = caseDoc({ status: 'accepted', acceptedOn: '2026-03-02' });
    await push(server.app, clerk, 'cases', [insert(draft)]);
    await push(server.app, clerk, 'cases', [update(draft, accepted)]);

    const stale = await push(server.app, clerk, 'cases', [update(draft, caseDoc({ status: 'refused' }))]);
    const { conflicts, rejected } = stale.json();
    expect(rejected).toEqual([]);
    const { openConflictIds, ...kept } = conflicts[0];
    expect(kept).toEqual(accepted);
    expect(openConflictIds).toHaveLength(1);
  });

  it('treats a retried push whose first attempt committed as a success, not a conflict', async () => {
    const rows = [insert(caseDoc()), insert(caseDoc({ id: 'case-2' }))];
    expect((await push(server.app, clerk, 'cases', rows)).json()).toEqual({ conflicts: [], rejected: [] });
    const seqAfterFirst = (await pull(server.app, clerk, 'cases')).json().checkpoint.seq;

    expect((await push(server.app, clerk, 'cases', rows)).json()).toEqual({ conflicts: [], rejected: [] });
    const afterRetry = (await pull(server.app, clerk, 'cases')).json();
    expect(afterRetry.documents).toHaveLength(2);
    expect(afterRetry.checkpoint.seq).toBe(seqAfterFirst);
  });

  it('rejects an invalid row with a bilingual reason and writes the rest of the batch', async () => {
    const invalidCase = { ...caseDoc({ id: 'bad' }), status: 'lost' };
    const response = await push(server.app, clerk, 'cases', [insert(caseDoc()), insert(invalidCase)]);
    const body = response.json();
    expect(body.conflicts).toEqual([]);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0].id).toBe('bad');
    expect(body.rejected[0].reason.zh).toContain('办件');
    expect(body.rejected[0].reason.en).toContain('case');
    const pulled = (await pull(server.app, clerk, 'cases')).json();
    expect(pulled.documents.map((d: { id: string }) => d.id)).toEqual(['case-1']);
  });

  it('accepts a chain of allowed transitions made offline and refuses a move the role cannot make', async () => {
    // RS-001 is an instant item (即办件): accept → conclude on the spot → deliver, all by the clerk.
    const draft = caseDoc({ itemCode: 'RS-001' });
    await push(server.app, clerk, 'cases', [insert(draft)]);
    const concludedAndDelivered = caseDoc({ itemCode: 'RS-001', status: 'delivered' });
    expect(
      (await push(server.app, clerk, 'cases', [update(draft, concludedAndDelivered)])).json().rejected,
    ).toEqual([]);

    const inReview = caseDoc({ id: 'case-2', status: 'in-review' });
    await push(server.app, clerk, 'cases', [insert(inReview)]);
    const selfRejected = await push(server.app, clerk, 'cases', [
      update(inReview, caseDoc({ id: 'case-2', status: 'rejected' })),
    ]);
    expect(selfRejected.json().rejected[0].reason.en).toContain('Clerk');
  });

  it('refuses to conclude a promised item (承诺件) on the spot', async () => {
    const accepted = caseDoc({ itemCode: 'RS-003', status: 'accepted' });
    await push(server.app, clerk, 'cases', [insert(accepted)]);
    const concluded = await push(server.app, clerk, 'cases', [
      update(accepted, caseDoc({ itemCode: 'RS-003', status: 'approved' })),
    ]);
    expect(concluded.json().rejected).toHaveLength(1);
    expect(concluded.json().rejected[0].reason.zh).toContain('承诺件');
  });

  it('refuses to move a case back to a status it has left', async () => {
    const delivered = caseDoc({ itemCode: 'RS-001', status: 'delivered' });
    expect((await push(server.app, clerk, 'cases', [insert(delivered)])).json().rejected).toEqual([]);
    const reopened = await push(server.app, clerk, 'cases', [
      update(delivered, caseDoc({ itemCode: 'RS-001', status: 'accepted' })),
    ]);
    expect(reopened.json().rejected).toHaveLength(1);
  });

  it('lets an approver decide a case of its department', async () => {
    const inReview = caseDoc({ status: 'in-review' });
    await push(server.app, clerk, 'cases', [insert(inReview)]);
    const approver = (await signIn(server.app, 'approver-rsj-liu')).accessToken;
    const approved = await push(server.app, approver, 'cases', [
      update(inReview, caseDoc({ status: 'approved' })),
    ]);
    expect(approved.json()).toEqual({ conflicts: [], rejected: [] });
  });

  it('keeps case events append-only and hands them to everyone who sees their case', async () => {
    await push(server.app, clerk, 'cases', [insert(caseDoc())]);
    const event = eventDoc();
    expect((await push(server.app, clerk, 'case_events', [insert(event)])).json()).toEqual({
      conflicts: [],
      rejected: [],
    });
    const edited = await push(server.app, clerk, 'case_events', [update(event, eventDoc({ note: '改' }))]);
    expect(edited.json().rejected).toHaveLength(1);

    const deliveryClerk = (await signIn(server.app, 'clerk-qszx-chen')).accessToken;
    expect((await pull(server.app, deliveryClerk, 'case_events')).json().documents).toEqual([event]);
  });

  it('holds an event that arrives before its case and hands it out once the case arrives', async () => {
    await push(server.app, clerk, 'case_events', [insert(eventDoc())]);
    const before = (await pull(server.app, clerk, 'case_events')).json();
    expect(before.documents).toEqual([]);

    await push(server.app, clerk, 'cases', [insert(caseDoc())]);
    const after = (await pull(server.app, clerk, 'case_events', before.checkpoint.seq)).json();
    expect(after.documents).toEqual([eventDoc()]);
  });

  it('rejects an event that names someone else as actor', async () => {
    await push(server.app, clerk, 'cases', [insert(caseDoc())]);
    const forged = await push(server.app, clerk, 'case_events', [
      insert(eventDoc({ actorId: 'clerk-qszx-chen' })),
    ]);
    expect(forged.json().rejected).toHaveLength(1);
  });

  it('lets an administrator publish reference data that every account pulls', async () => {
    const admin = (await signIn(server.app, 'admin-lin')).accessToken;
    const { checkpoint } = (await pull(server.app, clerk, 'stations')).json();
    const station = {
      id: 'QS03',
      name: '衢山镇新站',
      nameEn: 'New Station',
      level: 'village',
      regionCode: '330921',
      countyCode: '330921',
      _deleted: false,
    };
    expect((await push(server.app, admin, 'stations', [insert(station)])).json()).toEqual({
      conflicts: [],
      rejected: [],
    });
    expect((await pull(server.app, clerk, 'stations', checkpoint.seq)).json().documents).toEqual([station]);

    const badStation = await push(server.app, admin, 'stations', [insert({ ...station, id: 'bad id' })]);
    expect(badStation.json().rejected).toHaveLength(1);
  });

  it('pulls the seeded catalog and calendars', async () => {
    const catalogs = (await pull(server.app, clerk, 'catalogs')).json();
    expect(catalogs.documents.map((d: { id: string }) => d.id)).toEqual(['1']);
    const calendars = (await pull(server.app, clerk, 'calendars')).json();
    expect(calendars.documents.map((d: { id: string }) => d.id)).toEqual(['2025', '2026']);
  });

  it('answers 404 for a collection that is not replicated', async () => {
    expect((await pull(server.app, clerk, 'accounts')).statusCode).toBe(404);
    expect((await push(server.app, clerk, 'accounts', [])).statusCode).toBe(404);
  });

  it('answers 400 for a push body that is not an array of rows', async () => {
    expect((await push(server.app, clerk, 'cases', { rows: [] })).statusCode).toBe(400);
  });
});
