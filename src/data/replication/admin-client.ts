import type { PathSegment } from '../../domain/conflict/field-path';
import type { ConflictingField, MergedField } from '../../domain/conflict/three-way-merge';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { Role } from '../../domain/organisation/organisation.schema';
import type { DeviceRepository } from '../device.repository';
import type { AuthClient } from './auth-client';
import { DEVICE_HEADER } from './device-headers';
import { jsonBody, readJson } from './server-api';

/*
 * The shapes below are what the sync server's admin routes answer (replication-server/src/http/admin-routes.ts);
 * the app never imports server code, so they are restated here as the wire format.
 */

export type JsonDocument = Readonly<Record<string, unknown>>;

/** Who saved one side of a conflict; `at` is an ISO date-time. */
export interface ConflictWriter {
  readonly staffId?: string;
  readonly stationId?: string;
  readonly deviceId?: string;
  readonly at?: string;
}

export type ConflictStatus = 'open' | 'resolved';

/** One entry of the conflict queue. */
export interface ConflictSummary {
  readonly id: string;
  readonly collection: string;
  readonly documentId: string;
  readonly status: ConflictStatus;
  readonly createdAt: string;
  readonly item?: string;
  readonly stations: readonly string[];
  /** Paths of the conflicting fields, e.g. `form.phone`. */
  readonly fields: readonly string[];
  /** The master the late push met, whose values the server kept. */
  readonly oursBy: ConflictWriter;
  /** The late push, kept in full in the conflict record. */
  readonly theirsBy: ConflictWriter;
}

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

/** A conflict with both versions in full and their common base. */
export interface ConflictDetail extends Omit<ConflictSummary, 'fields'> {
  readonly base: JsonDocument;
  readonly ours: JsonDocument;
  readonly theirs: JsonDocument;
  readonly fields: readonly ConflictingField[];
  readonly resolution?: ConflictResolution;
}

export interface ConflictQuery {
  readonly status?: ConflictStatus;
  readonly station?: string;
  readonly item?: string;
  /** Only conflicts recorded at least this many days ago. */
  readonly olderThanDays?: number;
}

/** Per conflicting field: keep the server's value, take the late push's, or a value the administrator typed. */
export type FieldChoice = { readonly choose: 'ours' | 'theirs' } | { readonly value: unknown };

export interface ConflictDecision {
  /** Every conflicting field by path, and no other. */
  readonly fields: Readonly<Record<string, FieldChoice>>;
  /** Why it was decided so; it goes on the case's timeline and into the audit log. */
  readonly comment: string;
}

export interface ResolvedConflict {
  readonly conflict: ConflictDetail;
  /** The new master revision, which replicates to every station that sees the case. */
  readonly master?: JsonDocument;
}

export interface AutomaticMerge {
  readonly collection: string;
  readonly documentId: string;
  readonly fields: readonly MergedField[];
  readonly by: ConflictWriter & { readonly staffId: string; readonly deviceId: string; readonly at: string };
}

export interface AdminAuditEntry {
  readonly id: string;
  readonly at: string;
  readonly staffId: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: JsonDocument;
}

export interface StationSyncStatus {
  readonly stationId: string;
  readonly lastSeenAt?: string;
  readonly devices: number;
  /** Sum of the latest counts the station's devices reported. */
  readonly pendingPushes: number;
  readonly rejectedRows: number;
  readonly openConflicts: number;
}

export interface DeviceSyncStatus {
  readonly deviceId: string;
  readonly staffId: string;
  /** The account's name, unless the account no longer exists. */
  readonly staffName?: string;
  readonly stationId?: string;
  readonly role: Role;
  readonly lastSeenAt: string;
  readonly lastPullAt?: string;
  readonly lastPushAt?: string;
  /** Changes waiting on the device, as it last reported on a pull. */
  readonly pendingPushes?: number;
  readonly pendingReportedAt?: string;
  readonly rejectedRows: number;
}

/** The latest comparison of a device's copy of a collection with the server's that did not match. */
export interface DigestMismatch {
  readonly deviceId: string;
  readonly staffId: string;
  readonly staffName?: string;
  readonly stationId?: string;
  readonly collection: string;
  readonly at: string;
  readonly matched: boolean;
  readonly deviceCount: number;
  readonly serverCount: number;
}

export interface SyncMonitorReport {
  readonly stations: readonly StationSyncStatus[];
  readonly devices: readonly DeviceSyncStatus[];
  readonly openConflicts: number;
  readonly digestMismatches: readonly DigestMismatch[];
}

/**
 * The administrator's console at the sync server: the conflict queue and its resolution, automatic merges, the
 * audit log and the sync monitor. Every call needs an online session of an administrator: without a session it
 * throws NoServerSessionError; otherwise it throws as AuthClient.authorizedFetch does (unreachable, refused — 403
 * for anyone but an administrator, 409 for a conflict already resolved — or session ended).
 */
export interface AdminClient {
  listConflicts(query?: ConflictQuery): Promise<readonly ConflictSummary[]>;
  getConflict(id: string): Promise<ConflictDetail>;
  resolveConflict(id: string, decision: ConflictDecision): Promise<ResolvedConflict>;
  listMerges(documentId: string, collection?: string): Promise<readonly AutomaticMerge[]>;
  auditLog(): Promise<readonly AdminAuditEntry[]>;
  syncMonitor(): Promise<SyncMonitorReport>;
}

/** Signed in offline, or not at all: the console works only against the server. */
export class NoServerSessionError extends Error {
  override readonly name = 'NoServerSessionError';
  readonly localizedMessage: LocalizedMessage = {
    zh: '管理功能需要联网登录同步服务器',
    en: 'The admin console needs an online sign-in to the sync server',
  };
}

export function createAdminClient(deps: {
  readonly auth: AuthClient;
  readonly device: DeviceRepository;
}): AdminClient {
  const serverUrl = async (): Promise<string> => {
    const session = await deps.device.getSession();
    if (session === undefined) throw new NoServerSessionError();
    return session.serverUrl.replace(/\/+$/, '');
  };

  const get = async <T>(path: string, query?: URLSearchParams): Promise<T> => {
    const search = query === undefined || query.toString() === '' ? '' : `?${query}`;
    return readJson<T>(await deps.auth.authorizedFetch(`${await serverUrl()}${path}${search}`));
  };

  return {
    async listConflicts(query = {}) {
      const params = new URLSearchParams();
      if (query.status !== undefined) params.set('status', query.status);
      if (query.station !== undefined) params.set('station', query.station);
      if (query.item !== undefined) params.set('item', query.item);
      if (query.olderThanDays !== undefined) params.set('olderThanDays', String(query.olderThanDays));
      return (await get<{ conflicts: ConflictSummary[] }>('/api/admin/conflicts', params)).conflicts;
    },

    async getConflict(id) {
      return (await get<{ conflict: ConflictDetail }>(`/api/admin/conflicts/${encodeURIComponent(id)}`))
        .conflict;
    },

    async resolveConflict(id, decision) {
      const url = `${await serverUrl()}/api/admin/conflicts/${encodeURIComponent(id)}/resolve`;
      const body = jsonBody(decision);
      const headers = new Headers(body.headers);
      // The resolution's timeline event and audit entry name the device it was decided on.
      headers.set(DEVICE_HEADER, (await deps.device.getIdentity()).deviceId);
      const response = await deps.auth.authorizedFetch(url, { method: 'POST', body: body.body, headers });
      return readJson<ResolvedConflict>(response);
    },

    async listMerges(documentId, collection = 'cases') {
      const params = new URLSearchParams({ collection, documentId });
      return (await get<{ merges: AutomaticMerge[] }>('/api/admin/merges', params)).merges;
    },

    async auditLog() {
      return (await get<{ entries: AdminAuditEntry[] }>('/api/admin/audit')).entries;
    },

    syncMonitor: () => get<SyncMonitorReport>('/api/admin/sync-monitor'),
  };
}
