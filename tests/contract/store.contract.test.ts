import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ConflictResolver,
  PushMerger,
  PushOrigin,
  PushPolicy,
  PushRow,
  ReplicatedDocument,
  Store,
  StoredDocument,
} from '../../replication-server/src/store/store';
import { type OpenedStore, STORE_FACTORIES, type StoreFactory } from './store-factories';

interface TestDoc extends ReplicatedDocument {
  station: string;
  title: string;
  parentId?: string;
}

const doc = (id: string, title: string, station = 'ST01', extra: Partial<TestDoc> = {}): TestDoc => ({
  id,
  title,
  station,
  _deleted: false,
  ...extra,
});

const insert = (document: TestDoc): PushRow => ({ newDocumentState: document });
const update = (assumed: TestDoc, next: TestDoc): PushRow => ({
  assumedMasterState: assumed,
  newDocumentState: next,
});

/** Tags a document with its station; children (parentId) live in 'children' and inherit their parent's tags. */
const stationPolicy: PushPolicy = {
  parentOf: (document) =>
    typeof document['parentId'] === 'string'
      ? { collection: 'parents', id: document['parentId'] }
      : undefined,
  decide: ({ row, parent }) =>
    typeof row.newDocumentState['parentId'] === 'string'
      ? { ok: true, tags: parent?.tags ?? [] }
      : { ok: true, tags: [`station:${String(row.newDocumentState['station'])}`] },
};

/** Merges field by field; a field both sides changed differently keeps the master's value. */
const fieldMerger: PushMerger = {
  merge(base, master, pushed) {
    const document: ReplicatedDocument = { ...master };
    const autoMerged = [];
    const conflicts = [];
    for (const field of Object.keys(pushed)) {
      const [b, o, t] = [base[field], master[field], pushed[field]];
      if (t === b || t === o) continue;
      const segments = [{ field }];
      if (o === b) {
        document[field] = t;
        autoMerged.push({ path: field, segments, theirs: t, merged: t });
      } else {
        conflicts.push({ path: field, segments, base: b, ours: o, theirs: t });
      }
    }
    return { document, autoMerged, conflicts };
  },
  markConflicted: (document, conflictId) => ({ ...document, conflictId }),
  subjectOf: (document) => ({ stations: [String(document['station'])], item: 'ITEM-1' }),
  writerOf: (document) => ({ staffId: String(document['editor'] ?? 'nobody') }),
};
const mergingPolicy: PushPolicy = { ...stationPolicy, merger: fieldMerger };
const origin = (at: string): PushOrigin => ({
  staffId: 'clerk-b',
  stationId: 'ST02',
  deviceId: 'tablet-b',
  at,
});

async function pullAll(store: Store, collection: string, scope = { all: true } as const, limit = 2) {
  const pulled: StoredDocument[] = [];
  let seq = 0;
  for (;;) {
    const page = await store.pull(collection, scope, seq, limit);
    pulled.push(...page.documents);
    if (page.documents.length === 0) return { pulled, seq: page.checkpointSeq };
    seq = page.checkpointSeq;
  }
}

describe.each(STORE_FACTORIES)('store contract: $name', (factory: StoreFactory) => {
  let opened: OpenedStore;
  let store: Store;

  beforeEach(async () => {
    opened = await factory.open();
    store = opened.store;
  });
  afterEach(async () => {
    await opened.dispose();
  });

  describe('pull', () => {
    it('pages through documents in seq order with the last seq as checkpoint', async () => {
      await store.push(
        'things',
        ['a', 'b', 'c', 'd', 'e'].map((id) => insert(doc(id, id))),
        stationPolicy,
      );

      const first = await store.pull('things', { all: true }, 0, 2);
      expect(first.documents.map((d) => d.id)).toEqual(['a', 'b']);
      expect(first.checkpointSeq).toBe(first.documents[1]!.seq);

      const second = await store.pull('things', { all: true }, first.checkpointSeq, 2);
      expect(second.documents.map((d) => d.id)).toEqual(['c', 'd']);
      expect(second.documents[0]!.seq).toBeGreaterThan(first.checkpointSeq);

      const third = await store.pull('things', { all: true }, second.checkpointSeq, 2);
      expect(third.documents.map((d) => d.id)).toEqual(['e']);

      const empty = await store.pull('things', { all: true }, third.checkpointSeq, 2);
      expect(empty.documents).toEqual([]);
      expect(empty.checkpointSeq).toBe(third.checkpointSeq);
    });

    it('returns documents as they were pushed, with _deleted', async () => {
      await store.push('things', [insert(doc('a', '甲', 'ST01', { _deleted: true }))], stationPolicy);
      const { documents } = await store.pull('things', { all: true }, 0, 10);
      expect(documents[0]!.document).toEqual({ id: 'a', title: '甲', station: 'ST01', _deleted: true });
    });

    it('moves an updated document behind the checkpoint so it is pulled again', async () => {
      const original = doc('a', 'v1');
      await store.push('things', [insert(original), insert(doc('b', 'v1'))], stationPolicy);
      const { seq } = await pullAll(store, 'things');

      await store.push('things', [update(original, doc('a', 'v2'))], stationPolicy);
      const after = await store.pull('things', { all: true }, seq, 10);
      expect(after.documents.map((d) => d.document['title'])).toEqual(['v2']);
    });

    it('keeps collections apart', async () => {
      await store.push('things', [insert(doc('a', 'thing'))], stationPolicy);
      await store.push('others', [insert(doc('a', 'other'))], stationPolicy);
      const { pulled } = await pullAll(store, 'others');
      expect(pulled.map((d) => d.document['title'])).toEqual(['other']);
    });

    it('hands out only documents carrying one of the scope tags', async () => {
      await store.push(
        'things',
        [insert(doc('a', 'a', 'ST01')), insert(doc('b', 'b', 'ST02')), insert(doc('c', 'c', 'ST03'))],
        stationPolicy,
      );
      const own = await store.pull('things', { tags: ['station:ST01', 'station:ST03'] }, 0, 10);
      expect(own.documents.map((d) => d.id)).toEqual(['a', 'c']);
      const none = await store.pull('things', { tags: [] }, 0, 10);
      expect(none.documents).toEqual([]);
      const all = await store.pull('things', { all: true }, 0, 10);
      expect(all.documents.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    });
  });

  describe('push', () => {
    it('returns the current master for a row whose assumed master is out of date', async () => {
      const v1 = doc('a', 'v1');
      const v2 = doc('a', 'v2');
      await store.push('things', [insert(v1)], stationPolicy);
      await store.push('things', [update(v1, v2)], stationPolicy);

      const result = await store.push('things', [update(v1, doc('a', 'v3'))], stationPolicy);
      expect(result.conflicts).toEqual([v2]);
      expect(result.written).toEqual([]);
      const { pulled } = await pullAll(store, 'things');
      expect(pulled.map((d) => d.document)).toEqual([v2]);
    });

    it('treats creating a document that already exists as a conflict', async () => {
      await store.push('things', [insert(doc('a', 'theirs'))], stationPolicy);
      const result = await store.push('things', [insert(doc('a', 'mine'))], stationPolicy);
      expect(result.conflicts).toEqual([doc('a', 'theirs')]);
    });

    it('accepts a retried push whose first attempt committed without writing again or conflicting', async () => {
      const v1 = doc('a', 'v1');
      const rows = [insert(v1), insert(doc('b', 'v1'))];
      const first = await store.push('things', rows, stationPolicy);
      expect(first.written).toHaveLength(2);
      const seqBefore = await store.latestSeq();

      const retry = await store.push('things', rows, stationPolicy);
      expect(retry).toEqual({ conflicts: [], rejected: [], written: [] });

      const updateRow = update(v1, doc('a', 'v2'));
      await store.push('things', [updateRow], stationPolicy);
      const updateRetry = await store.push('things', [updateRow], stationPolicy);
      expect(updateRetry.conflicts).toEqual([]);
      expect(updateRetry.written).toEqual([]);
      expect(await store.latestSeq()).toBe(seqBefore + 1);
      expect(await store.countDocuments('things')).toBe(2);
    });

    it('compares documents whatever order their keys are in', async () => {
      await store.push('things', [insert(doc('a', 'v1'))], stationPolicy);
      const reordered = { _deleted: false, title: 'v1', station: 'ST01', id: 'a' };
      const result = await store.push('things', [insert(reordered)], stationPolicy);
      expect(result).toEqual({ conflicts: [], rejected: [], written: [] });
    });

    it('ignores RxDB bookkeeping fields when comparing', async () => {
      const v1 = doc('a', 'v1');
      await store.push('things', [insert(v1)], stationPolicy);
      const withMeta = { ...v1, _meta: { lwt: 1 }, _rev: '1-abc' };
      const result = await store.push('things', [update(withMeta, doc('a', 'v2'))], stationPolicy);
      expect(result.conflicts).toEqual([]);
      expect(result.written.map((d) => d.document)).toEqual([doc('a', 'v2')]);
    });

    it('reports a rejected row with its reason and writes the rest of the batch', async () => {
      const policy: PushPolicy = {
        decide: ({ row }) =>
          row.newDocumentState['title'] === 'bad'
            ? { ok: false, reason: { zh: '不行', en: 'No' } }
            : { ok: true, tags: [] },
      };
      const result = await store.push('things', [insert(doc('a', 'ok')), insert(doc('b', 'bad'))], policy);
      expect(result.rejected).toEqual([{ id: 'b', reason: { zh: '不行', en: 'No' } }]);
      expect((await pullAll(store, 'things')).pulled.map((d) => d.id)).toEqual(['a']);
    });

    it('rejects a row without a document id', async () => {
      const malformed = { newDocumentState: { title: 'x' } } as unknown as PushRow;
      const result = await store.push('things', [malformed], stationPolicy);
      expect(result.rejected).toHaveLength(1);
      expect(await store.countDocuments('things')).toBe(0);
    });

    it('applies a batch in one transaction: a failure writes nothing', async () => {
      const policy: PushPolicy = {
        decide: ({ row }) => {
          if (row.newDocumentState.id === 'boom') throw new Error('policy failed');
          return { ok: true, tags: [] };
        },
      };
      await expect(
        store.push('things', [insert(doc('a', 'a')), insert(doc('boom', 'x'))], policy),
      ).rejects.toThrow('policy failed');
      expect(await store.countDocuments('things')).toBe(0);
      expect(await store.latestSeq()).toBe(0);
    });

    it('gives the policy the master and the parent the row names', async () => {
      const parent = doc('p', 'parent', 'ST07');
      await store.push('parents', [insert(parent)], stationPolicy);
      const seen: unknown[] = [];
      await store.push('children', [insert(doc('c', 'child', 'ST01', { parentId: 'p' }))], {
        ...stationPolicy,
        decide: (candidate) => {
          seen.push([candidate.master, candidate.parent?.document]);
          return { ok: true, tags: [] };
        },
      });
      expect(seen).toEqual([[undefined, parent]]);
    });

    it('gives children their parent tags, and re-sends them when the parent arrives or its tags change', async () => {
      await store.push(
        'children',
        [insert(doc('c', 'early child', 'ST01', { parentId: 'p' }))],
        stationPolicy,
      );
      expect((await store.pull('children', { tags: ['station:ST05'] }, 0, 10)).documents).toEqual([]);
      const parent = doc('p', 'parent', 'ST05');
      await store.push('parents', [insert(parent)], stationPolicy);
      const seen = await store.pull('children', { tags: ['station:ST05'] }, 0, 10);
      expect(seen.documents.map((d) => d.id)).toEqual(['c']);

      const moved = await store.push('parents', [update(parent, doc('p', 'parent', 'ST06'))], stationPolicy);
      expect(moved.written.map((d) => `${d.collection}/${d.id}`)).toEqual(['parents/p', 'children/c']);
      const afterMove = await store.pull('children', { tags: ['station:ST06'] }, seen.checkpointSeq, 10);
      expect(afterMove.documents.map((d) => d.tags)).toEqual([['station:ST06']]);
    });
  });

  it('hands every row of many concurrent pushes to a continuous puller exactly once', async () => {
    const writers = 24;
    const rowsPerPush = 5;
    const expectedIds = new Set<string>();
    const received: string[] = [];
    let pushing = true;

    const puller = (async () => {
      let seq = 0;
      for (;;) {
        const finished = !pushing;
        // A page larger than any backlog keeps the puller at the head, where a row committed late would be skipped.
        const page = await store.pull('things', { all: true }, seq, 10_000);
        received.push(...page.documents.map((d) => d.id));
        seq = page.checkpointSeq;
        if (finished && page.documents.length === 0) return;
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, writer) => {
        for (let push = 0; push < 3; push++) {
          const rows = Array.from({ length: rowsPerPush }, (_, row) => {
            const id = `w${writer}-p${push}-r${row}`;
            expectedIds.add(id);
            return insert(doc(id, id));
          });
          await store.push('things', rows, stationPolicy);
        }
      }),
    );
    pushing = false;
    await puller;

    expect(received).toHaveLength(expectedIds.size);
    expect(new Set(received)).toEqual(expectedIds);
    // A guard against a hang on a busy machine, not a speed goal.
  }, 60_000);

  describe('merging stale pushes and keeping conflicts', () => {
    const v1 = doc('a', 'v1', 'ST01', { note: 'n1', editor: 'clerk-a' } as Partial<TestDoc>);
    const masterV2 = { ...v1, note: 'n2' };

    it('writes the merge of a stale row as the new master, answers with it and records what it took', async () => {
      await store.push('things', [insert(v1)], mergingPolicy);
      await store.push('things', [update(v1, masterV2)], mergingPolicy);
      const seqBefore = await store.latestSeq();

      const result = await store.push(
        'things',
        [update(v1, { ...v1, title: 'v2' })],
        mergingPolicy,
        origin('2026-03-04T08:00:00.000Z'),
      );

      const merged = { ...masterV2, title: 'v2' };
      expect(result.conflicts).toEqual([merged]);
      expect(result.written.map((d) => [d.document, d.seq])).toEqual([[merged, seqBefore + 1]]);
      expect((await pullAll(store, 'things')).pulled.map((d) => d.document)).toEqual([merged]);
      expect(await store.listAutomaticMerges('things', 'a')).toEqual([
        {
          collection: 'things',
          documentId: 'a',
          fields: [{ path: 'title', segments: [{ field: 'title' }], theirs: 'v2', merged: 'v2' }],
          by: origin('2026-03-04T08:00:00.000Z'),
        },
      ]);
      expect(await store.listConflicts({})).toEqual([]);
    });

    it('keeps the master value of a true conflict, marks the document and files the losing row in full', async () => {
      await store.push('things', [insert(v1)], mergingPolicy);
      await store.push('things', [update(v1, masterV2)], mergingPolicy);
      const theirs = { ...v1, note: 'n3', title: 'v3' };

      const result = await store.push(
        'things',
        [update(v1, theirs)],
        mergingPolicy,
        origin('2026-03-04T08:00:00.000Z'),
      );

      const [answer] = result.conflicts;
      const conflictId = String(answer?.['conflictId']);
      expect(answer).toEqual({ ...masterV2, title: 'v3', conflictId });
      const conflict = await store.getConflict(conflictId);
      expect(conflict).toEqual({
        id: conflictId,
        collection: 'things',
        documentId: 'a',
        status: 'open',
        createdAt: '2026-03-04T08:00:00.000Z',
        item: 'ITEM-1',
        stations: ['ST01', 'ST02'],
        base: v1,
        ours: masterV2,
        theirs,
        fields: [{ path: 'note', segments: [{ field: 'note' }], base: 'n1', ours: 'n2', theirs: 'n3' }],
        oursBy: { staffId: 'clerk-a' },
        theirsBy: { staffId: 'clerk-b', stationId: 'ST02', deviceId: 'tablet-b' },
      });
      const listed = async (filter: Parameters<Store['listConflicts']>[0]) =>
        (await store.listConflicts(filter)).map((c) => c.id);
      expect(await listed({ status: 'open', station: 'ST02', item: 'ITEM-1' })).toEqual([conflictId]);
      expect(await listed({ station: 'ST09' })).toEqual([]);
      expect(await listed({ item: 'ITEM-2' })).toEqual([]);
      expect(await listed({ status: 'resolved' })).toEqual([]);
      expect(await listed({ createdBefore: '2026-03-04T08:00:00.000Z' })).toEqual([]);
      expect(await listed({ createdBefore: '2026-03-05T00:00:00.000Z' })).toEqual([conflictId]);
    });

    it('merges a create of a document that already exists against what both versions agree on', async () => {
      // The device's first push of `a` arrived but its answer did not; it kept editing and pushes `a` again as new.
      await store.push('things', [insert(v1)], mergingPolicy);
      await store.push('things', [update(v1, masterV2)], mergingPolicy);
      const again = { ...v1, title: 'v3', remark: 'r1' };

      const result = await store.push(
        'things',
        [insert(again)],
        mergingPolicy,
        origin('2026-03-04T08:00:00.000Z'),
      );

      const [answer] = result.conflicts;
      const conflictId = String(answer?.['conflictId']);
      expect(answer).toEqual({ ...masterV2, remark: 'r1', conflictId });
      expect(result.written.map((d) => d.document)).toEqual([answer]);
      const conflict = await store.getConflict(conflictId);
      // Which of the two changed `title` and `note` is unknown: both values stay, the pushed one in the record.
      expect(conflict?.base).toEqual({ id: 'a', station: 'ST01', editor: 'clerk-a', _deleted: false });
      expect(conflict?.theirs).toEqual(again);
      expect(conflict?.fields.map((field) => [field.path, field.ours, field.theirs])).toEqual([
        ['title', 'v1', 'v3'],
        ['note', 'n2', 'n1'],
      ]);
      expect((await store.listAutomaticMerges('things', 'a')).map((merge) => merge.fields)).toEqual([
        [{ path: 'remark', segments: [{ field: 'remark' }], theirs: 'r1', merged: 'r1' }],
      ]);
    });

    it('resolves a conflict once: new master, its child, the decision and the audit entry together', async () => {
      await store.push('things', [insert(v1)], mergingPolicy);
      await store.push('things', [update(v1, masterV2)], mergingPolicy);
      const [answer] = (
        await store.push(
          'things',
          [update(v1, { ...v1, note: 'n3' })],
          mergingPolicy,
          origin('2026-03-04T08:00:00.000Z'),
        )
      ).conflicts;
      const conflictId = String(answer?.['conflictId']);
      const resolution = {
        fields: [{ path: 'note', segments: [{ field: 'note' }], choice: 'theirs' as const, value: 'n3' }],
        comment: '以村站为准',
        resolvedBy: 'admin-lin',
        resolvedAt: '2026-03-05T08:00:00.000Z',
      };
      const resolver: ConflictResolver = (conflict, master) => ({
        ok: true,
        document: { ...master.document, note: 'n3', conflictId: undefined },
        children: [
          { collection: 'children', document: doc('event-1', 'resolved', 'ST01', { parentId: 'a' }) },
        ],
        resolution,
        audit: {
          id: 'audit-1',
          at: resolution.resolvedAt,
          staffId: 'admin-lin',
          action: 'conflict.resolve',
          subject: conflict.id,
          detail: { comment: resolution.comment },
        },
      });

      const outcome = await store.resolveConflict(conflictId, resolver);
      expect(outcome.outcome).toBe('resolved');
      expect((await pullAll(store, 'things')).pulled.map((d) => d.document['note'])).toEqual(['n3']);
      const children = await store.pull('children', { tags: ['station:ST01'] }, 0, 10);
      expect(children.documents.map((d) => d.id)).toEqual(['event-1']);
      expect(await store.getConflict(conflictId)).toMatchObject({ status: 'resolved', resolution });
      expect(await store.listAdminAudit(10)).toEqual([
        {
          id: 'audit-1',
          at: resolution.resolvedAt,
          staffId: 'admin-lin',
          action: 'conflict.resolve',
          subject: conflictId,
          detail: { comment: '以村站为准' },
        },
      ]);
      expect((await store.resolveConflict(conflictId, resolver)).outcome).toBe('already-resolved');
      expect((await store.resolveConflict('no-such-conflict', resolver)).outcome).toBe('not-found');
    });

    it('writes nothing when the resolver refuses', async () => {
      await store.push('things', [insert(v1)], mergingPolicy);
      await store.push('things', [update(v1, masterV2)], mergingPolicy);
      const [answer] = (await store.push('things', [update(v1, { ...v1, note: 'n3' })], mergingPolicy))
        .conflicts;
      const seq = await store.latestSeq();
      const reason = { zh: '不行', en: 'No' };
      expect(
        await store.resolveConflict(String(answer?.['conflictId']), () => ({ ok: false, reason })),
      ).toEqual({
        outcome: 'refused',
        reason,
      });
      expect(await store.latestSeq()).toBe(seq);
      expect(await store.listAdminAudit(10)).toEqual([]);
    });
  });

  describe('sync monitor', () => {
    it('keeps each device last seen, its latest pending report, its rejected rows and digest mismatches', async () => {
      const device = { deviceId: 'tablet-1', staffId: 'clerk-a', stationId: 'ST01', role: 'clerk' as const };
      await store.recordSighting({
        ...device,
        at: '2026-03-04T08:00:00.000Z',
        kind: 'pull',
        pendingPushes: 4,
      });
      await store.recordSighting({
        ...device,
        at: '2026-03-04T08:01:00.000Z',
        kind: 'push',
        rejectedRows: 2,
      });
      await store.recordSighting({
        ...device,
        at: '2026-03-04T08:02:00.000Z',
        kind: 'push',
        rejectedRows: 1,
      });
      await store.recordDigestCheck({
        deviceId: 'tablet-1',
        staffId: 'clerk-a',
        stationId: 'ST01',
        collection: 'cases',
        at: '2026-03-04T08:03:00.000Z',
        matched: false,
        deviceCount: 3,
        serverCount: 4,
      });
      await store.recordDigestCheck({
        deviceId: 'tablet-1',
        staffId: 'clerk-a',
        collection: 'case_events',
        at: '2026-03-04T08:03:00.000Z',
        matched: true,
        deviceCount: 9,
        serverCount: 9,
      });

      const monitor = await store.syncMonitor();
      expect(monitor.devices).toEqual([
        {
          ...device,
          lastSeenAt: '2026-03-04T08:02:00.000Z',
          lastPullAt: '2026-03-04T08:00:00.000Z',
          lastPushAt: '2026-03-04T08:02:00.000Z',
          pendingPushes: 4,
          pendingReportedAt: '2026-03-04T08:00:00.000Z',
          rejectedRows: 3,
        },
      ]);
      expect(monitor.digestMismatches.map((check) => [check.collection, check.deviceCount])).toEqual([
        ['cases', 3],
      ]);
      expect(monitor.openConflictStations).toEqual([]);
    });
  });

  describe('accounts and tokens', () => {
    const account = {
      staffId: 'clerk-a',
      name: '王',
      role: 'clerk' as const,
      stationId: 'ST01',
      password: { algorithm: 'pbkdf2-sha256' as const, salt: 's', iterations: 1000, hash: 'h' },
      offlineSalt: 'o',
    };

    it('stores and updates accounts', async () => {
      await store.upsertAccount(account);
      expect(await store.getAccount('clerk-a')).toEqual(account);
      await store.upsertAccount({ ...account, name: '王二' });
      expect((await store.getAccount('clerk-a'))?.name).toBe('王二');
      expect(await store.countAccounts()).toBe(1);
      expect(await store.getAccount('nobody')).toBeUndefined();
    });

    it('rotates a refresh token once and revokes access tokens with their session', async () => {
      await store.upsertAccount(account);
      await store.createSession({
        sessionId: 's1',
        staffId: 'clerk-a',
        refreshTokenHash: 'r1',
        expiresAt: 10,
      });
      expect(await store.rotateRefreshToken('s1', 'r1', 'r2', 20)).toBe(true);
      expect(await store.rotateRefreshToken('s1', 'r1', 'r3', 20)).toBe(false);
      expect(await store.getSession('s1')).toEqual({
        sessionId: 's1',
        staffId: 'clerk-a',
        refreshTokenHash: 'r2',
        expiresAt: 20,
        revoked: false,
      });

      await store.recordAccessToken({ jti: 'j1', sessionId: 's1', staffId: 'clerk-a', expiresAt: 30 });
      await store.recordAccessToken({ jti: 'j2', sessionId: 's1', staffId: 'clerk-a', expiresAt: 30 });
      expect(await store.isAccessTokenRevoked('j1')).toBe(false);
      expect(await store.isAccessTokenRevoked('never-issued')).toBe(true);

      expect(await store.revokeAccessToken('j1')).toEqual({
        jti: 'j1',
        sessionId: 's1',
        staffId: 'clerk-a',
        expiresAt: 30,
      });
      expect(await store.isAccessTokenRevoked('j1')).toBe(true);
      expect(await store.isAccessTokenRevoked('j2')).toBe(true);
      expect((await store.getSession('s1'))?.revoked).toBe(true);
      expect(await store.rotateRefreshToken('s1', 'r2', 'r4', 20)).toBe(false);
      expect(await store.revokeAccessToken('unknown')).toBeUndefined();
    });

    it('revokes a whole session', async () => {
      await store.upsertAccount(account);
      await store.createSession({
        sessionId: 's1',
        staffId: 'clerk-a',
        refreshTokenHash: 'r1',
        expiresAt: 10,
      });
      await store.recordAccessToken({ jti: 'j1', sessionId: 's1', staffId: 'clerk-a', expiresAt: 30 });
      await store.revokeSession('s1');
      expect(await store.isAccessTokenRevoked('j1')).toBe(true);
    });

    it("revokes every session of one account and their access tokens, and no one else's", async () => {
      await store.upsertAccount(account);
      await store.upsertAccount({ ...account, staffId: 'clerk-b' });
      for (const [sessionId, staffId] of [
        ['tablet', 'clerk-a'],
        ['desktop', 'clerk-a'],
        ['other', 'clerk-b'],
      ] as const) {
        await store.createSession({ sessionId, staffId, refreshTokenHash: `r-${sessionId}`, expiresAt: 10 });
        await store.recordAccessToken({ jti: `j-${sessionId}`, sessionId, staffId, expiresAt: 30 });
      }
      await store.revokeSession('desktop');

      expect(await store.revokeSessionsOf('clerk-a')).toBe(1);
      expect((await store.getSession('tablet'))?.revoked).toBe(true);
      expect(await store.isAccessTokenRevoked('j-tablet')).toBe(true);
      expect(await store.rotateRefreshToken('tablet', 'r-tablet', 'r-next', 20)).toBe(false);
      expect((await store.getSession('other'))?.revoked).toBe(false);
      expect(await store.isAccessTokenRevoked('j-other')).toBe(false);
      expect(await store.revokeSessionsOf('clerk-a')).toBe(0);
    });
  });
});
