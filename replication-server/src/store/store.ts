import type { PathSegment } from '../../../src/domain/conflict/field-path';
import type { ConflictingField, MergedField } from '../../../src/domain/conflict/three-way-merge';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import type { Role } from '../../../src/domain/organisation/organisation.schema';
import type { AttachmentStore } from './attachment-store';

/** A replicated document as RxDB sends and receives it: the document's own fields plus `_deleted`. */
export type JsonObject = { [key: string]: unknown };
export type ReplicatedDocument = JsonObject & { id: string; _deleted: boolean };

/** The server's copy of a document. `seq` is handed out by the server on every write, never taken from a client. */
export interface StoredDocument {
  readonly collection: string;
  readonly id: string;
  readonly seq: number;
  readonly document: ReplicatedDocument;
  /** Who may read the document, e.g. `station:GTZX`, `department:rsj`; children inherit their parent's tags. */
  readonly tags: readonly string[];
}

export interface DocumentRef {
  readonly collection: string;
  readonly id: string;
}

/** What a reader may see: everything in the collection, or the documents carrying at least one of `tags`. */
export type Scope = { readonly all: true } | { readonly all?: false; readonly tags: readonly string[] };

export interface PushRow {
  readonly assumedMasterState?: ReplicatedDocument | null;
  readonly newDocumentState: ReplicatedDocument;
}

export interface PushCandidate {
  readonly row: PushRow;
  /** The current master, if the document exists. */
  readonly master: StoredDocument | undefined;
  /** The current parent (see PushPolicy.parentOf), if the document names one and it exists. */
  readonly parent: StoredDocument | undefined;
}

export type PushDecision =
  | { readonly ok: true; readonly tags: readonly string[] }
  | { readonly ok: false; readonly reason: LocalizedMessage };

/**
 * How a push treats a collection's rows. `decide` runs inside the write transaction, after the conflict check, so
 * it sees the master the row will replace; it must be synchronous and pure. With a `merger`, a row whose assumed
 * master is out of date is merged instead of bounced (see applyPush); without one, the master is the answer.
 */
export interface PushPolicy {
  parentOf?(document: ReplicatedDocument): DocumentRef | undefined;
  decide(candidate: PushCandidate): PushDecision;
  readonly merger?: PushMerger;
}

export interface MergeOutcome {
  /** The new master, before any conflict mark. */
  readonly document: ReplicatedDocument;
  readonly autoMerged: readonly MergedField[];
  readonly conflicts: readonly ConflictingField[];
}

/** A collection's three-way merge and the facts the conflict queue files a conflict under; pure. */
export interface PushMerger {
  /**
   * `cautious` asks for a merge that decides nothing by rule where both sides changed a value (e.g. which of two
   * status moves came later): applyPush asks again this way when the policy refuses the first merge's outcome.
   */
  merge(
    base: ReplicatedDocument,
    master: ReplicatedDocument,
    pushed: ReplicatedDocument,
    options?: { readonly cautious?: boolean },
  ): MergeOutcome;
  /** The document marked as having the open conflict `conflictId`, so every reader sees it is disputed. */
  markConflicted(document: ReplicatedDocument, conflictId: string): ReplicatedDocument;
  subjectOf(document: ReplicatedDocument): ConflictSubject;
  /** Who saved the document last, as the document itself says. */
  writerOf(document: ReplicatedDocument): Writer;
}

export interface ConflictSubject {
  readonly stations: readonly string[];
  readonly item?: string;
}

/** Who made a change; `at` is an ISO date-time. */
export interface Writer {
  readonly staffId?: string;
  readonly stationId?: string;
  readonly deviceId?: string;
  readonly at?: string;
}

/** Who is pushing, from the token and the `x-jinban-device` header; `at` is the server's clock. */
export interface PushOrigin {
  readonly staffId: string;
  readonly stationId?: string;
  readonly deviceId: string;
  readonly at: string;
}

export interface AutomaticMergeRecord {
  readonly collection: string;
  readonly documentId: string;
  readonly fields: readonly MergedField[];
  readonly by: PushOrigin;
}

/** A value an administrator chose for one conflicting field. */
export interface ResolvedField {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly choice: 'ours' | 'theirs' | 'value';
  readonly value: unknown;
}

export interface ConflictResolution {
  readonly fields: readonly ResolvedField[];
  readonly comment: string;
  readonly resolvedBy: string;
  readonly resolvedAt: string;
}

/** A merge that could not be completed: nothing of it is thrown away. */
export interface ConflictRecord {
  readonly id: string;
  readonly collection: string;
  readonly documentId: string;
  readonly status: 'open' | 'resolved';
  readonly createdAt: string;
  readonly item?: string;
  readonly stations: readonly string[];
  readonly base: ReplicatedDocument;
  /** The master the pushed row met; the master kept its values. */
  readonly ours: ReplicatedDocument;
  /** The pushed row, in full. */
  readonly theirs: ReplicatedDocument;
  readonly fields: readonly ConflictingField[];
  readonly oursBy: Writer;
  readonly theirsBy: Writer;
  readonly resolution?: ConflictResolution;
}

export interface ConflictFilter {
  readonly status?: 'open' | 'resolved';
  readonly station?: string;
  readonly item?: string;
  /** ISO date-time: only conflicts recorded before it. */
  readonly createdBefore?: string;
}

export interface AdminAuditEntry {
  readonly id: string;
  readonly at: string;
  readonly staffId: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: JsonObject;
}

/** What a conflict resolution writes, all or nothing; see applyResolution. */
export type ResolutionPlan =
  | { readonly ok: false; readonly reason: LocalizedMessage }
  | {
      readonly ok: true;
      /** The new master revision of the disputed document (it keeps its read tags). */
      readonly document: ReplicatedDocument;
      /** Documents that belong to it, e.g. the case event recording the resolution. */
      readonly children: readonly { readonly collection: string; readonly document: ReplicatedDocument }[];
      readonly resolution: ConflictResolution;
      readonly audit: AdminAuditEntry;
    };

/** Decides a resolution from the conflict and the current master; synchronous and pure, like PushPolicy.decide. */
export type ConflictResolver = (conflict: ConflictRecord, master: StoredDocument) => ResolutionPlan;

export type ResolveOutcome =
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'already-resolved' }
  | { readonly outcome: 'refused'; readonly reason: LocalizedMessage }
  | {
      readonly outcome: 'resolved';
      readonly conflict: ConflictRecord;
      readonly written: readonly StoredDocument[];
    };

/** One request from a device; `pendingPushes` only when the device reported it, `rejectedRows` of a push. */
export interface DeviceSighting {
  readonly deviceId: string;
  readonly staffId: string;
  readonly stationId?: string;
  readonly role: Role;
  readonly at: string;
  readonly kind: 'pull' | 'push' | 'digest';
  readonly pendingPushes?: number;
  readonly rejectedRows?: number;
}

export interface DeviceStatus {
  readonly deviceId: string;
  readonly staffId: string;
  readonly stationId?: string;
  readonly role: Role;
  readonly lastSeenAt: string;
  readonly lastPullAt?: string;
  readonly lastPushAt?: string;
  readonly pendingPushes?: number;
  readonly pendingReportedAt?: string;
  /** Rows of this device's pushes the server refused, in total. */
  readonly rejectedRows: number;
}

/** The latest comparison of a device's copy of a collection with the server's. */
export interface DigestCheck {
  readonly deviceId: string;
  readonly staffId: string;
  readonly stationId?: string;
  readonly collection: string;
  readonly at: string;
  readonly matched: boolean;
  readonly deviceCount: number;
  readonly serverCount: number;
}

export interface SyncMonitorData {
  readonly devices: readonly DeviceStatus[];
  readonly digestMismatches: readonly DigestCheck[];
  /** The stations of every open conflict, one list per conflict. */
  readonly openConflictStations: readonly (readonly string[])[];
}

export interface PushResult {
  /** Current master of every row whose assumedMasterState was out of date. */
  readonly conflicts: readonly ReplicatedDocument[];
  readonly rejected: readonly { readonly id: string; readonly reason: LocalizedMessage }[];
  /** Documents this push wrote, including children re-stamped because their parent's tags changed. */
  readonly written: readonly StoredDocument[];
}

export interface PullResult {
  readonly documents: readonly StoredDocument[];
  /** The seq to pass as `afterSeq` next time: the last returned document's, or `afterSeq` when none. */
  readonly checkpointSeq: number;
}

export interface Account {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
  readonly stationId?: string;
  readonly departmentCode?: string;
  readonly password: PasswordHash;
  /** Salt the client uses to derive its own offline verifier; never the server's password salt. */
  readonly offlineSalt: string;
}

export interface PasswordHash {
  readonly algorithm: 'pbkdf2-sha256';
  readonly salt: string;
  readonly iterations: number;
  readonly hash: string;
}

export interface Session {
  readonly sessionId: string;
  readonly staffId: string;
  readonly refreshTokenHash: string;
  readonly expiresAt: number;
  readonly revoked: boolean;
}

export interface AccessTokenRecord {
  readonly jti: string;
  readonly sessionId: string;
  readonly staffId: string;
  readonly expiresAt: number;
}

/** The one storage port of the sync server; see sqlite/ and postgres/ for the adapters. */
export interface Store {
  /** Material photo bytes, content-addressed (attachment-store.ts). */
  readonly attachments: AttachmentStore;
  pull(collection: string, scope: Scope, afterSeq: number, limit: number): Promise<PullResult>;
  /**
   * Applies all rows in one transaction; a row is a conflict, a rejection, a no-op or a write. `origin` is who
   * pushes, for the merge and conflict records.
   */
  push(
    collection: string,
    rows: readonly PushRow[],
    policy: PushPolicy,
    origin?: PushOrigin,
  ): Promise<PushResult>;
  /** Highest seq written so far. */
  latestSeq(): Promise<number>;
  countDocuments(collection: string): Promise<number>;

  upsertAccount(account: Account): Promise<void>;
  getAccount(staffId: string): Promise<Account | undefined>;
  countAccounts(): Promise<number>;

  createSession(session: Omit<Session, 'revoked'>): Promise<void>;
  getSession(sessionId: string): Promise<Session | undefined>;
  /** Replaces the refresh token only if `expectedHash` is still current, so a refresh token works once. */
  rotateRefreshToken(
    sessionId: string,
    expectedHash: string,
    nextHash: string,
    expiresAt: number,
  ): Promise<boolean>;
  revokeSession(sessionId: string): Promise<void>;
  /** Revokes every live session of the account and their access tokens (a password reset); how many sessions. */
  revokeSessionsOf(staffId: string): Promise<number>;
  recordAccessToken(token: AccessTokenRecord): Promise<void>;
  /** Revokes the access token and the session it belongs to; false when no such token was issued. */
  revokeAccessToken(jti: string): Promise<AccessTokenRecord | undefined>;
  /** True when the token was revoked, its session was, or it was never issued here. */
  isAccessTokenRevoked(jti: string): Promise<boolean>;

  listConflicts(filter: ConflictFilter): Promise<readonly ConflictRecord[]>;
  getConflict(id: string): Promise<ConflictRecord | undefined>;
  /** In one transaction: the new master, its children, the resolved conflict and the audit entry. */
  resolveConflict(id: string, resolver: ConflictResolver): Promise<ResolveOutcome>;
  listAutomaticMerges(collection: string, documentId: string): Promise<readonly AutomaticMergeRecord[]>;
  /** Newest first. */
  listAdminAudit(limit: number): Promise<readonly AdminAuditEntry[]>;

  recordSighting(sighting: DeviceSighting): Promise<void>;
  recordDigestCheck(check: DigestCheck): Promise<void>;
  syncMonitor(): Promise<SyncMonitorData>;

  close(): Promise<void>;
}
