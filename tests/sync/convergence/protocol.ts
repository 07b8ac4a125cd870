import type { Case } from '../../../src/domain/case/case.schema';
import type { NetworkFaults } from './faulty-network';

/** What the test tells a station (a worker thread) to do; each call gets one answer with the same id. */
export type StationCall =
  | { readonly method: 'open'; readonly config: StationConfig }
  | { readonly method: 'run'; readonly operations: number }
  | { readonly method: 'heal' }
  | { readonly method: 'settle' }
  | { readonly method: 'report' }
  | { readonly method: 'close' };

export interface StationConfig {
  readonly index: number;
  readonly baseUrl: string;
  readonly staffId: string;
  readonly seed: number;
  readonly faults: NetworkFaults;
  /** Stations a clerk may route a case's delivery to (就近办), so that cases are shared. */
  readonly deliveryStations: readonly string[];
}

export type StationRequest = StationCall & { readonly id: number };

export type StationMessage =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly progress: number; readonly station: number };

/**
 * One value a station wrote to a case and saw stored locally: a status, the applicant's phone or a form field.
 * `before` is the value the station's copy held when the command read it, so a later write that replaced a
 * value it had seen can be told from one that was lost.
 */
export interface WrittenValue {
  readonly station: number;
  readonly caseId: string;
  /** `status`, `applicant.phone` or `form.<code>`. */
  readonly path: string;
  readonly value: string;
  readonly before: string | undefined;
}

export interface OperationCounts {
  attempted: number;
  created: number;
  corrected: number;
  statusChanges: number;
  supplements: number;
  /** Commands the workflow refused on the station (e.g. the case had moved on meanwhile). */
  refused: number;
  offlinePeriods: number;
}

/**
 * Sync states of a station that is done: idle, or 'connecting' while its event stream still backs off after the
 * server's restarts (a settle round pulls without it).
 */
export const SETTLED_STATES: ReadonlySet<string> = new Set(['idle', 'connecting']);

export interface SettleResult {
  readonly pendingPushes: number;
  readonly state: string;
  readonly error?: string;
}

export interface StationReport {
  readonly index: number;
  readonly staffId: string;
  readonly cases: readonly Record<string, unknown>[];
  readonly events: readonly Record<string, unknown>[];
  readonly createdCaseIds: readonly string[];
  readonly written: readonly WrittenValue[];
  readonly counts: OperationCounts;
  /** Why the workflow refused commands, with how often. */
  readonly refusals: Record<string, number>;
  readonly faults: Record<string, number>;
  readonly rejected: readonly { readonly collection: string; readonly id: string; readonly reason: string }[];
  /** The checkpoint of each collection's latest pull. */
  readonly checkpoints: Record<string, number>;
  /** What the station sent and received per document (wire-trace.ts), to explain a document that differs. */
  readonly wire: Record<string, readonly string[]>;
}

/** The value at `status`, `applicant.phone` or `form.<code>`. */
export function valueAt(c: Partial<Case> | Record<string, unknown>, path: string): string | undefined {
  const [head, tail] = path.split('.', 2) as [string, string | undefined];
  const value = (c as Record<string, unknown>)[head];
  if (tail === undefined) return typeof value === 'string' ? value : undefined;
  const nested = value as Record<string, unknown> | undefined;
  const leaf = nested?.[tail];
  return typeof leaf === 'string' ? leaf : undefined;
}
