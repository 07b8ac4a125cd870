import { randomUUID } from 'node:crypto';
import { agreedBase } from '../../../src/domain/conflict/three-way-merge';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import { canonicalJson, canonicallyEqual } from './canonical-json';
import type {
  AdminAuditEntry,
  AutomaticMergeRecord,
  ConflictRecord,
  ConflictResolution,
  DocumentRef,
  MergeOutcome,
  PushMerger,
  PushOrigin,
  PushPolicy,
  PushResult,
  PushRow,
  ReplicatedDocument,
  StoredDocument,
} from './store';

/** What an adapter offers inside its write transaction; applyPush holds the rules both adapters share. */
export interface PushTransaction {
  get(collection: string, id: string): Promise<StoredDocument | undefined>;
  childrenOf(parent: DocumentRef): Promise<readonly StoredDocument[]>;
  nextSeq(): Promise<number>;
  write(document: StoredDocument, parent: DocumentRef | undefined): Promise<void>;
  recordMerge(merge: AutomaticMergeRecord): Promise<void>;
  recordConflict(conflict: ConflictRecord): Promise<void>;
  getConflict(id: string): Promise<ConflictRecord | undefined>;
  saveResolution(id: string, resolution: ConflictResolution): Promise<void>;
  recordAudit(entry: AdminAuditEntry): Promise<void>;
}

/** Origin of a push whose caller did not say who pushed (tests of the store alone). */
export const unknownOrigin = (): PushOrigin => ({
  staffId: 'unknown',
  deviceId: 'unknown',
  at: new Date().toISOString(),
});

const MALFORMED_ROW: LocalizedMessage = {
  zh: '推送的记录格式不正确（缺少文档或 id）',
  en: 'The pushed row is malformed (no document or id)',
};

/**
 * Applies a push row by row:
 * - a row whose new state already is the master is a no-op success — a retried push whose first attempt committed
 *   (the client saw a timeout) must neither write twice nor report a conflict;
 * - a row whose assumed master differs from the real master is a conflict and gets the real master back — unless
 *   the policy has a merger: then the row is merged (mergeStaleRow) and the merged master is the answer. A row
 *   without an assumed master (the device's first push of a document it created) over an existing master is merged
 *   too, against what both versions agree on (agreedBase): its first attempt arrived but the answer did not, and the
 *   device went on editing. Bouncing the master back would have the device adopt it and drop those edits unseen;
 * - otherwise the policy accepts (with the read tags) or rejects the row, and an accepted row gets a new seq.
 * When a document's tags change, its children (e.g. the events of a case) take the new tags and a new seq, so a
 * reader who could not see them before receives them now.
 */
export async function applyPush(
  tx: PushTransaction,
  collection: string,
  rows: readonly PushRow[],
  policy: PushPolicy,
  origin: PushOrigin,
): Promise<PushResult> {
  const conflicts: ReplicatedDocument[] = [];
  const rejected: { id: string; reason: LocalizedMessage }[] = [];
  const written: StoredDocument[] = [];

  for (const row of rows) {
    const newDocument = normaliseDocument(row?.newDocumentState);
    if (newDocument === undefined) {
      rejected.push({ id: idOf(row?.newDocumentState), reason: MALFORMED_ROW });
      continue;
    }
    const master = await tx.get(collection, newDocument.id);
    if (master !== undefined && canonicallyEqual(master.document, newDocument)) continue;

    const assumed = normaliseDocument(row.assumedMasterState ?? undefined);
    if (master !== undefined && (assumed === undefined || !canonicallyEqual(assumed, master.document))) {
      if (policy.merger === undefined) {
        conflicts.push(master.document);
        continue;
      }
      const base = assumed ?? { ...agreedBase(master.document, newDocument), id: newDocument.id };
      const merged = await mergeStaleRow(
        tx,
        collection,
        policy,
        policy.merger,
        origin,
        base as ReplicatedDocument,
        master,
        newDocument,
      );
      if (merged.ok) {
        conflicts.push(merged.answer);
        written.push(...merged.written);
      } else {
        rejected.push({ id: newDocument.id, reason: merged.reason });
      }
      continue;
    }

    const parentRef = policy.parentOf?.(newDocument);
    const parent = parentRef === undefined ? undefined : await tx.get(parentRef.collection, parentRef.id);
    const decision = policy.decide({ row: { ...row, newDocumentState: newDocument }, master, parent });
    if (!decision.ok) {
      rejected.push({ id: newDocument.id, reason: decision.reason });
      continue;
    }
    written.push(...(await writeMaster(tx, collection, newDocument, decision.tags, master, parentRef)));
  }
  return { conflicts, rejected, written };
}

type MergedRow =
  | { readonly ok: true; readonly answer: ReplicatedDocument; readonly written: readonly StoredDocument[] }
  | { readonly ok: false; readonly reason: LocalizedMessage };

/**
 * A stale row merged three-way against the master it assumed. The merged document passes the policy as if the
 * caller had pushed it over the current master, becomes the new master (new seq) and is the answer the device
 * adopts. Every field taken from the row is recorded as an automatic merge; fields changed differently on both
 * sides keep the master's value, and the row is kept in full in a conflict record while the document carries the
 * conflict's mark. A row that adds nothing the master lacks writes nothing and gets the master back.
 */
async function mergeStaleRow(
  tx: PushTransaction,
  collection: string,
  policy: PushPolicy,
  merger: PushMerger,
  origin: PushOrigin,
  base: ReplicatedDocument,
  master: StoredDocument,
  pushed: ReplicatedDocument,
): Promise<MergedRow> {
  const decideOn = async (merged: MergeOutcome) => {
    const parentRef = policy.parentOf?.(merged.document);
    const parent = parentRef === undefined ? undefined : await tx.get(parentRef.collection, parentRef.id);
    const decision = policy.decide({
      row: { assumedMasterState: master.document, newDocumentState: merged.document },
      master,
      parent,
    });
    return { decision, parentRef };
  };
  let outcome = merger.merge(base, master.document, pushed);
  if (outcome.autoMerged.length === 0 && outcome.conflicts.length === 0) {
    return { ok: true, answer: master.document, written: [] };
  }
  let { decision, parentRef } = await decideOn(outcome);
  if (!decision.ok) {
    // A merge can combine two permitted moves into one the pusher may not make (approved over a case the clerk
    // took back to accepted reads as accepted → approved, a clerk's "conclude"). Refusing it would drop the row,
    // so the disputed values become a conflict for an administrator instead, if that passes the policy.
    const cautious = merger.merge(base, master.document, pushed, { cautious: true });
    const retried = await decideOn(cautious);
    if (retried.decision.ok) {
      outcome = cautious;
      ({ decision, parentRef } = retried);
    }
  }
  if (!decision.ok) return { ok: false, reason: decision.reason };

  const conflictId = outcome.conflicts.length === 0 ? undefined : randomUUID();
  const document =
    conflictId === undefined ? outcome.document : merger.markConflicted(outcome.document, conflictId);
  const written = await writeMaster(tx, collection, document, decision.tags, master, parentRef);
  if (outcome.autoMerged.length > 0) {
    await tx.recordMerge({ collection, documentId: document.id, fields: outcome.autoMerged, by: origin });
  }
  if (conflictId !== undefined) {
    const pushedBy = merger.writerOf(pushed);
    const subject = merger.subjectOf(master.document);
    const stations = [...subject.stations, ...(origin.stationId === undefined ? [] : [origin.stationId])];
    await tx.recordConflict({
      id: conflictId,
      collection,
      documentId: document.id,
      status: 'open',
      createdAt: origin.at,
      ...(subject.item === undefined ? {} : { item: subject.item }),
      stations: [...new Set(stations)].sort(),
      base,
      ours: master.document,
      theirs: pushed,
      fields: outcome.conflicts,
      oursBy: merger.writerOf(master.document),
      theirsBy: {
        staffId: origin.staffId,
        ...(origin.stationId === undefined ? {} : { stationId: origin.stationId }),
        deviceId: origin.deviceId,
        ...(pushedBy.at === undefined ? {} : { at: pushedBy.at }),
      },
    });
  }
  return { ok: true, answer: document, written };
}

/** Writes a new master revision and re-stamps its children when its read tags changed. */
export async function writeMaster(
  tx: PushTransaction,
  collection: string,
  document: ReplicatedDocument,
  tags: readonly string[],
  master: StoredDocument | undefined,
  parentRef: DocumentRef | undefined,
): Promise<StoredDocument[]> {
  const stored: StoredDocument = {
    collection,
    id: document.id,
    seq: await tx.nextSeq(),
    document,
    tags: [...new Set(tags)].sort(),
  };
  await tx.write(stored, parentRef);
  const written = [stored];
  if (master === undefined || canonicalJson(master.tags) !== canonicalJson(stored.tags)) {
    for (const child of await tx.childrenOf({ collection, id: stored.id })) {
      const restamped: StoredDocument = { ...child, seq: await tx.nextSeq(), tags: stored.tags };
      await tx.write(restamped, { collection, id: stored.id });
      written.push(restamped);
    }
  }
  return written;
}

/** Drops RxDB's local bookkeeping (`_meta`, `_rev`) and makes `_deleted` explicit; undefined if not a document. */
export function normaliseDocument(value: unknown): ReplicatedDocument | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { _meta, _rev, ...fields } = value as Record<string, unknown>;
  if (typeof fields['id'] !== 'string' || fields['id'].length === 0) return undefined;
  return { ...fields, id: fields['id'], _deleted: fields['_deleted'] === true };
}

function idOf(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  return '';
}

/** Splits a stored document into the body column (without `_deleted`) and the deleted flag. */
export function documentBody(document: ReplicatedDocument): { body: string; deleted: boolean } {
  const { _deleted, ...fields } = document;
  return { body: canonicalJson(fields), deleted: _deleted };
}

export function documentFromBody(body: string, deleted: boolean): ReplicatedDocument {
  return { ...(JSON.parse(body) as ReplicatedDocument), _deleted: deleted };
}
