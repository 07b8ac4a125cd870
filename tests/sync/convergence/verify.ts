import { canonicalJson } from '../../../src/domain/canonical-json';
import { CASE_STATUSES, type CaseStatus } from '../../../src/domain/case/case.schema';
import { checkTransition } from '../../../src/domain/case/case-state-machine';
import { type StationReport, valueAt, type WrittenValue } from './protocol';

/** What the server holds at the end, read from its store. */
export interface ServerSnapshot {
  readonly cases: readonly StoredRow[];
  readonly events: readonly StoredRow[];
  readonly conflicts: readonly ConflictRow[];
  readonly automaticMerges: number;
  /** Every field an automatic merge took from a pushed row, or (a status) decided between both sides. */
  readonly mergedFields: readonly MergedFieldRow[];
}

export interface StoredRow {
  readonly id: string;
  readonly seq: number;
  readonly tags: readonly string[];
  readonly document: Record<string, unknown>;
}

export interface MergedFieldRow {
  readonly documentId: string;
  readonly path: string;
  readonly theirs: unknown;
  readonly merged: unknown;
}

export interface ConflictRow {
  readonly documentId: string;
  readonly ours: Record<string, unknown>;
  readonly theirs: Record<string, unknown>;
}

export interface Figures {
  readonly stations: number;
  readonly operations: number;
  readonly created: number;
  readonly corrections: number;
  readonly statusChanges: number;
  readonly supplements: number;
  readonly refused: number;
  readonly writesLogged: number;
  readonly conflictsRaised: number;
  readonly automaticMerges: number;
  readonly rejectedRows: number;
  readonly lostWrites: number;
  readonly faults: Record<string, number>;
}

export interface Verdict {
  readonly figures: Figures;
  /** Everything that breaks convergence; empty when the run converged without losing anything. */
  readonly problems: readonly string[];
}

/** Drops RxDB's and the server's bookkeeping (`_rev`, `_meta`, `_attachments`, `_deleted`) for comparison. */
const content = (document: Record<string, unknown>): string =>
  canonicalJson(Object.fromEntries(Object.entries(document).filter(([key]) => !key.startsWith('_'))));

const MAX_LISTED = 25;

/** The top-level fields two versions hold differently, as `field: station's → server's`, to replay a failure. */
function differences(local: Record<string, unknown>, server: Record<string, unknown>): string {
  const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? 'absent';
  return [...new Set([...Object.keys(local), ...Object.keys(server)])]
    .filter((key) => !key.startsWith('_') && canonicalJson(local[key]) !== canonicalJson(server[key]))
    .map((key) => `${key}: ${shown(local[key])} → ${shown(server[key])}`)
    .join('; ');
}

/**
 * The convergence properties of issue 5 over the server's final state and every station's report:
 * - each station's copy of cases and case events equals the server's for the station's scope (ids and content);
 * - no checkpoint is ahead of stored data: every document the server holds in scope up to a station's pull
 *   checkpoint is on the station as stored, and the checkpoint names a stored document;
 * - no case exists twice (ids, case numbers) and every case a station created is on the server;
 * - no acknowledged write is lost: every value a station wrote is in the master, in a conflict record, in an
 *   automatic merge record (a status the merge moved past: statusRule), or was replaced by a write (itself not
 *   lost) of someone whose copy held it.
 */
export function verifyConvergence(
  server: ServerSnapshot,
  reports: readonly StationReport[],
  scopeOf: (report: StationReport) => string,
): Verdict {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_LISTED) problems.push(text);
    else if (problems.length === MAX_LISTED) problems.push('… (more)');
  };

  const liveCases = server.cases.filter((row) => row.document['_deleted'] !== true);
  const casesById = new Map(server.cases.map((row) => [row.id, row]));

  for (const report of reports) {
    const tag = scopeOf(report);
    for (const [collection, rows, local] of [
      ['cases', server.cases, report.cases],
      ['case_events', server.events, report.events],
    ] as const) {
      const inScope = rows.filter((row) => row.tags.includes(tag) && row.document['_deleted'] !== true);
      const localById = new Map(local.map((doc) => [String(doc['id']), doc]));
      for (const row of inScope) {
        const mine = localById.get(row.id);
        if (mine === undefined) problem(`station ${report.index}: ${collection} ${row.id} missing`);
        else if (content(mine) !== content(row.document))
          problem(
            `station ${report.index}: ${collection} ${row.id} differs from the server's: ${differences(mine, row.document)}`,
          );
        localById.delete(row.id);
      }
      for (const id of localById.keys())
        problem(`station ${report.index}: ${collection} ${id} is not on the server in its scope`);
      const checkpoint = report.checkpoints[collection] ?? 0;
      const maxSeq = Math.max(0, ...inScope.map((row) => row.seq));
      const allInScopeSeqs = new Set(rows.filter((row) => row.tags.includes(tag)).map((row) => row.seq));
      if (checkpoint > maxSeq && !allInScopeSeqs.has(checkpoint))
        problem(
          `station ${report.index}: ${collection} checkpoint ${checkpoint} is ahead of its data (${maxSeq})`,
        );
    }
  }

  const caseNumbers = new Map<string, string>();
  for (const row of liveCases) {
    const caseNo = row.document['caseNo'];
    if (typeof caseNo !== 'string') continue;
    const other = caseNumbers.get(caseNo);
    if (other !== undefined) problem(`case number ${caseNo} used twice: ${other} and ${row.id}`);
    caseNumbers.set(caseNo, row.id);
  }
  for (const report of reports) {
    for (const id of report.createdCaseIds) {
      if (casesById.get(id)?.document['_deleted'] !== false)
        problem(`station ${report.index}: created case ${id} is not on the server`);
    }
  }

  const written = reports.flatMap((report) => report.written);
  const lost = lostWrites(written, server);
  for (const write of lost) {
    const master = casesById.get(write.caseId)?.document;
    problem(
      `lost write: station ${write.station} set ${write.path} of ${write.caseId} to ${write.value} (over ${write.before}); master has ${master === undefined ? 'no case' : valueAt(master, write.path)}`,
    );
  }

  const sum = (pick: (report: StationReport) => number) =>
    reports.reduce((total, report) => total + pick(report), 0);
  const faults: Record<string, number> = {};
  for (const report of reports)
    for (const [kind, count] of Object.entries(report.faults)) faults[kind] = (faults[kind] ?? 0) + count;
  const rejectedRows = sum((report) => report.rejected.length);
  for (const report of reports)
    for (const rejected of report.rejected.slice(0, 3))
      problem(`station ${report.index}: ${rejected.collection} ${rejected.id} rejected: ${rejected.reason}`);

  return {
    figures: {
      stations: reports.length,
      operations: sum((report) => report.counts.attempted),
      created: sum((report) => report.counts.created),
      corrections: sum((report) => report.counts.corrected),
      statusChanges: sum((report) => report.counts.statusChanges),
      supplements: sum((report) => report.counts.supplements),
      refused: sum((report) => report.counts.refused),
      writesLogged: written.length,
      conflictsRaised: server.conflicts.length,
      automaticMerges: server.automaticMerges,
      rejectedRows,
      lostWrites: lost.length,
      faults,
    },
    problems,
  };
}

/**
 * Writes whose value is neither in the master nor in a conflict or merge record, and was not replaced by a
 * surviving write of someone who had it on screen (`before`).
 */
export function lostWrites(written: readonly WrittenValue[], server: ServerSnapshot): WrittenValue[] {
  const masters = new Map(server.cases.map((row) => [row.id, row.document]));
  const key = (caseId: string, path: string, value: string | undefined) =>
    `${caseId}\u0000${path}\u0000${value}`;
  const recorded = new Set<string>();
  for (const conflict of server.conflicts) {
    for (const side of [conflict.ours, conflict.theirs]) {
      for (const path of new Set(written.map((write) => write.path))) {
        recorded.add(key(conflict.documentId, path, valueAt(side, path)));
      }
    }
  }
  const movedPast = (write: WrittenValue): boolean =>
    write.path === 'status' &&
    server.mergedFields.some(
      (field) =>
        field.documentId === write.caseId &&
        field.path === 'status' &&
        isStatus(write.value) &&
        isStatus(field.merged) &&
        checkTransition(write.value, field.merged, 'admin').ok,
    );
  for (const field of server.mergedFields) {
    if (typeof field.theirs === 'string' && field.merged !== field.theirs)
      recorded.add(key(field.documentId, field.path, field.theirs));
  }
  const keptDirectly = (write: WrittenValue): boolean => {
    const master = masters.get(write.caseId);
    return (
      (master !== undefined && valueAt(master, write.path) === write.value) ||
      recorded.has(key(write.caseId, write.path, write.value)) ||
      movedPast(write)
    );
  };
  // A kept write keeps every other write of the value it replaced, and so on back along the chain. Values recur
  // (accepted → awaiting-supplement → accepted), so the chains form cycles: walk them from the kept end.
  const writesOf = new Map<string, WrittenValue[]>();
  for (const write of written) {
    const here = key(write.caseId, write.path, write.value);
    writesOf.set(here, [...(writesOf.get(here) ?? []), write]);
  }
  const kept = new Set(written.filter(keptDirectly));
  const toVisit = [...kept];
  for (let write = toVisit.pop(); write !== undefined; write = toVisit.pop()) {
    for (const replaced of writesOf.get(key(write.caseId, write.path, write.before)) ?? []) {
      if (replaced === write || kept.has(replaced)) continue;
      kept.add(replaced);
      toVisit.push(replaced);
    }
  }
  return written.filter((write) => !kept.has(write));
}

const isStatus = (value: unknown): value is CaseStatus =>
  (CASE_STATUSES as readonly unknown[]).includes(value);
