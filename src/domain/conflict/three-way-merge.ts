import { canonicalJson } from '../canonical-json';
import { CASE_STATUSES, type Case, type CaseStatus } from '../case/case.schema';
import { checkTransition } from '../case/case-state-machine';
import { formatPath, type PathSegment } from './field-path';

/** A change of the pushed side ("theirs") that the merge took over, or a status it overtook (see statusRule). */
export interface MergedField {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly theirs: unknown;
  readonly merged: unknown;
}

/** The same field changed differently on both sides; the master keeps "ours" until an administrator decides. */
export interface ConflictingField {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly base: unknown;
  readonly ours: unknown;
  readonly theirs: unknown;
}

export interface CaseMerge {
  readonly merged: Case;
  readonly autoMerged: readonly MergedField[];
  readonly conflicts: readonly ConflictingField[];
}

interface MergeLog {
  readonly autoMerged: MergedField[];
  readonly conflicts: ConflictingField[];
}

/** Merges a value both sides changed differently, or records a conflict; never called with an unchanged side. */
type Refiner = (
  segments: readonly PathSegment[],
  base: unknown,
  ours: unknown,
  theirs: unknown,
  log: MergeLog,
) => unknown;

type JsonRecord = Record<string, unknown>;

const same = (a: unknown, b: unknown): boolean => a === b || canonicalJson(a) === canonicalJson(b);

const isRecord = (value: unknown): value is JsonRecord =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function conflict(
  segments: readonly PathSegment[],
  base: unknown,
  ours: unknown,
  theirs: unknown,
  log: MergeLog,
): unknown {
  log.conflicts.push({ path: formatPath(segments), segments, base, ours, theirs });
  return ours;
}

/** Three-way merge of one value; `undefined` stands for an absent field or list element. */
function mergeValue(
  segments: readonly PathSegment[],
  base: unknown,
  ours: unknown,
  theirs: unknown,
  log: MergeLog,
  refine: Refiner = conflict,
): unknown {
  if (same(theirs, base) || same(ours, theirs)) return ours;
  if (same(ours, base)) {
    recordTakenOver(segments, base, theirs, log, refine);
    return theirs;
  }
  return refine(segments, base, ours, theirs, log);
}

/** Refiners that descend into objects and lists, so a change they take over is recorded field by field. */
const STRUCTURAL = new WeakSet<Refiner>();

/**
 * Only theirs changed this value, so it is taken as is; the record names the finest fields that changed
 * (`applicant.phone`, not `applicant`) unless the value's shape changed (e.g. an agent added).
 */
function recordTakenOver(
  segments: readonly PathSegment[],
  base: unknown,
  theirs: unknown,
  log: MergeLog,
  refine: Refiner,
): void {
  if (STRUCTURAL.has(refine)) {
    const detail: MergeLog = { autoMerged: [], conflicts: [] };
    refine(segments, base, base, theirs, detail);
    if (detail.conflicts.length === 0) {
      log.autoMerged.push(...detail.autoMerged);
      return;
    }
  }
  log.autoMerged.push({ path: formatPath(segments), segments, theirs, merged: theirs });
}

/** An object merged key by key; keys without a rule of their own are merged as whole values. */
function recordRule(fields: Readonly<Record<string, Refiner>> = {}): Refiner {
  return structural((segments, base, ours, theirs, log) => {
    if (!isRecord(base) || !isRecord(ours) || !isRecord(theirs))
      return conflict(segments, base, ours, theirs, log);
    const merged: JsonRecord = {};
    for (const key of unionOfKeys(Object.keys(ours), Object.keys(theirs))) {
      const value = mergeValue(
        [...segments, { field: key }],
        base[key],
        ours[key],
        theirs[key],
        log,
        fields[key],
      );
      if (value !== undefined) merged[key] = value;
    }
    return merged;
  });
}

/** A list of objects merged element by element, matched on `keyField`; elements keep ours' order, then theirs'. */
function keyedListRule(keyField: string, element: Refiner): Refiner {
  return structural((segments, base, ours, theirs, log) => {
    const baseByKey = byKey(base, keyField);
    const oursByKey = byKey(ours, keyField);
    const theirsByKey = byKey(theirs, keyField);
    if (baseByKey === undefined || oursByKey === undefined || theirsByKey === undefined) {
      return conflict(segments, base, ours, theirs, log);
    }
    const merged: unknown[] = [];
    for (const key of unionOfKeys([...oursByKey.keys()], [...theirsByKey.keys()])) {
      const value = mergeValue(
        [...segments, { item: key, keyField }],
        baseByKey.get(key),
        oursByKey.get(key),
        theirsByKey.get(key),
        log,
        element,
      );
      if (value !== undefined) merged.push(value);
    }
    return merged;
  });
}

function structural(refine: Refiner): Refiner {
  STRUCTURAL.add(refine);
  return refine;
}

/** An absent list counts as empty; a list whose elements lack a unique string key cannot be merged by key. */
function byKey(list: unknown, keyField: string): Map<string, unknown> | undefined {
  if (list === undefined) return new Map();
  if (!Array.isArray(list)) return undefined;
  const elements = new Map<string, unknown>();
  for (const element of list) {
    const key = isRecord(element) ? element[keyField] : undefined;
    if (typeof key !== 'string' || elements.has(key)) return undefined;
    elements.set(key, element);
  }
  return elements;
}

function unionOfKeys(first: readonly string[], second: readonly string[]): string[] {
  const seen = new Set(first);
  return [...first, ...second.filter((key) => !seen.has(key))];
}

const isStatus = (value: unknown): value is CaseStatus =>
  (CASE_STATUSES as readonly unknown[]).includes(value);

/** Whether the workflow has a move from `from` straight to `to` (for any role). */
const canFollow = (from: unknown, to: unknown): boolean =>
  isStatus(from) && isStatus(to) && checkTransition(from, to, 'admin').ok;

/**
 * Both sides moved the status. When exactly one of the two statuses is a single workflow step away from the other,
 * the two moves happened one after the other and the later one wins: base accepted, ours in-review, theirs
 * awaiting-supplement → awaiting-supplement (review asked for more materials); base in-review, ours
 * awaiting-supplement, theirs withdrawn → withdrawn. When neither follows the other (approved here, withdrawn
 * there; accepted here, refused there) or each follows the other, the order is unknowable: a conflict.
 */
const statusRule: Refiner = (segments, base, ours, theirs, log) => {
  const theirsFollows = canFollow(ours, theirs);
  if (theirsFollows === canFollow(theirs, ours)) return conflict(segments, base, ours, theirs, log);
  const merged = theirsFollows ? theirs : ours;
  log.autoMerged.push({ path: formatPath(segments), segments, theirs, merged });
  return merged;
};

/** Options of mergeCase. */
export interface CaseMergeOptions {
  /**
   * 'order' (the default) lets the later of two status moves win (statusRule); 'conflict' makes every status both
   * sides moved differently a conflict, for when the order's outcome is a move the pusher may not make.
   */
  readonly statusMoves?: 'order' | 'conflict';
}

const caseRule = (statusMoves: CaseMergeOptions['statusMoves']) =>
  recordRule({
    status: statusMoves === 'conflict' ? conflict : statusRule,
    applicant: recordRule(),
    agent: recordRule(),
    evaluation: recordRule(),
    form: recordRule(),
    materials: keyedListRule('materialId', recordRule()),
    trips: keyedListRule('id', recordRule()),
    clockStops: keyedListRule('from', recordRule()),
  });

const CASE_RULES = { order: caseRule('order'), conflict: caseRule('conflict') } as const;

/** Who saved last; taken together from the later side, so the stamp names one real save. */
const STAMP_FIELDS = ['updatedAt', 'updatedBy', 'deviceId'] as const;
/** Written only by the sync server, so the master's value stands. */
const SERVER_FIELDS = ['openConflictIds'] as const;
const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([...STAMP_FIELDS, ...SERVER_FIELDS]);

function pick(document: Case, fields: readonly string[]): JsonRecord {
  const source = document as unknown as JsonRecord;
  return Object.fromEntries(
    fields.filter((field) => source[field] !== undefined).map((field) => [field, source[field]]),
  );
}

function withoutBookkeeping(document: Case): JsonRecord {
  return Object.fromEntries(Object.entries(document).filter(([field]) => !BOOKKEEPING_FIELDS.has(field)));
}

/**
 * What two versions of a document agree on, to stand in for their common base when it is unknown: values equal on
 * both sides, and objects that differ reduced, key by key, to what they share (lists only when equal). Merged
 * against it, every value the two versions hold differently is a conflict, a value only one side holds is taken,
 * and nothing either side holds is dropped. The sync server needs it when a device pushes a document it created
 * without an assumed master state although the server has one: the device's first push arrived but its answer did
 * not, so the device cannot say which of its own versions the server holds or what others changed since.
 */
export function agreedBase<T extends object>(ours: T, theirs: T): Partial<T> {
  return (shared(ours, theirs) ?? {}) as Partial<T>;
}

function shared(ours: unknown, theirs: unknown): unknown {
  if (same(ours, theirs)) return ours;
  if (!isRecord(ours) || !isRecord(theirs)) return undefined;
  const agreed: JsonRecord = {};
  for (const key of Object.keys(ours)) {
    const value = shared(ours[key], theirs[key]);
    if (value !== undefined) agreed[key] = value;
  }
  return agreed;
}

/**
 * Three-way merge of a case on the sync server: `base` is the master the pushing device last saw (its assumed
 * master state), `ours` the current master, `theirs` the pushed state.
 *
 * Granularity: top-level fields; applicant, agent and evaluation per sub-field; the form per field code; materials
 * (by materialId), trips (by id) and clock stops (by from) per element and, when both sides changed the same
 * element, per property. An element removed on one side and changed on the other is a conflict. Status: see
 * statusRule (or options.statusMoves). `updatedAt`/`updatedBy`/`deviceId` come from the side saved later (the other writer is named in the
 * merge record); `openConflictIds` is the server's and stays as in ours. Any other key (e.g. `_deleted`) merges as
 * a whole value. Changes to different fields merge; where both changed the same field differently the merged
 * document keeps ours and the field is listed in `conflicts`, so every value theirs changed ends up in `merged`,
 * in `conflicts`, or (a status the other side moved past) in `autoMerged`.
 */
export function mergeCase(base: Case, ours: Case, theirs: Case, options: CaseMergeOptions = {}): CaseMerge {
  if (same(theirs, base)) return { merged: ours, autoMerged: [], conflicts: [] };
  const log: MergeLog = { autoMerged: [], conflicts: [] };
  const content = CASE_RULES[options.statusMoves ?? 'order'](
    [],
    withoutBookkeeping(base),
    withoutBookkeeping(ours),
    withoutBookkeeping(theirs),
    log,
  ) as JsonRecord;
  const latest = theirs.updatedAt > ours.updatedAt ? theirs : ours;
  const merged = {
    ...content,
    ...pick(latest, STAMP_FIELDS),
    ...pick(ours, SERVER_FIELDS),
  } as unknown as Case;
  return { merged, autoMerged: log.autoMerged, conflicts: log.conflicts };
}

/** A command's change replayed onto a newer stored case (rebaseCase). */
export interface CaseRebase {
  readonly rebased: Case;
  /** Fields the command and the stored case both changed, differently; `rebased` holds the command's value. */
  readonly conflicts: readonly ConflictingField[];
}

/**
 * A change this device made from `base` (`next`, e.g. a correction or a status move the clerk just saved), replayed
 * onto `current`: the version stored meanwhile, typically a change of someone else that replication brought in
 * while the command ran. Writing `next` as it is would silently undo that change here and, once pushed, on the
 * server, with nothing left to show it ever existed. Fields only `current` changed are kept; fields only `next`
 * changed are taken; where both changed the same field the command's value is in `rebased` and the field is listed
 * in `conflicts`, so the caller can refuse the command instead. A status both moved is such a conflict too: the
 * server records an automatic status merge, but a device has nowhere to, so the command that moved the case
 * unaware of the other move is refused rather than silently overtaken. `openConflictIds` stays as the server last
 * wrote it.
 */
export function rebaseCase(base: Case, current: Case, next: Case): CaseRebase {
  const { merged, conflicts } = mergeCase(base, next, current, { statusMoves: 'conflict' });
  const { openConflictIds: _own, ...rest } = merged;
  const rebased =
    current.openConflictIds === undefined
      ? (rest as Case)
      : ({ ...rest, openConflictIds: current.openConflictIds } as Case);
  return { rebased, conflicts };
}
