import type { Role } from '../../../src/domain/organisation/organisation.schema';
import type {
  AdminAuditEntry,
  AutomaticMergeRecord,
  ConflictFilter,
  ConflictRecord,
  ConflictResolution,
  DeviceSighting,
  DeviceStatus,
  DigestCheck,
  ReplicatedDocument,
} from './store';

/*
 * Rows and SQL of the conflict, audit and sync-monitor tables (migrations NNN-conflicts.sql) shared by both
 * adapters. `placeholder(n)` is `?` for SQLite and `$n` for PostgreSQL; timestamps are ISO strings in both.
 */

type Placeholder = (index: number) => string;

export interface ConflictRow {
  id: string;
  collection: string;
  document_id: string;
  status: string;
  created_at: string;
  item: string | null;
  stations: string;
  base: string;
  ours: string;
  theirs: string;
  fields: string;
  ours_by: string;
  theirs_by: string;
  resolution: string | null;
}

export const insertConflictSql = (placeholder: Placeholder): string =>
  `INSERT INTO conflicts (id, collection, document_id, status, created_at, item, stations, base, ours, theirs,
     fields, ours_by, theirs_by) VALUES (${placeholders(13, placeholder)})`;

export const conflictValues = (conflict: ConflictRecord): unknown[] => [
  conflict.id,
  conflict.collection,
  conflict.documentId,
  conflict.status,
  conflict.createdAt,
  conflict.item ?? null,
  JSON.stringify(conflict.stations),
  JSON.stringify(conflict.base),
  JSON.stringify(conflict.ours),
  JSON.stringify(conflict.theirs),
  JSON.stringify(conflict.fields),
  JSON.stringify(conflict.oursBy),
  JSON.stringify(conflict.theirsBy),
];

export function toConflict(row: ConflictRow): ConflictRecord {
  return {
    id: row.id,
    collection: row.collection,
    documentId: row.document_id,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    createdAt: row.created_at,
    ...(row.item === null ? {} : { item: row.item }),
    stations: JSON.parse(row.stations) as string[],
    base: JSON.parse(row.base) as ReplicatedDocument,
    ours: JSON.parse(row.ours) as ReplicatedDocument,
    theirs: JSON.parse(row.theirs) as ReplicatedDocument,
    fields: JSON.parse(row.fields) as ConflictRecord['fields'],
    oursBy: JSON.parse(row.ours_by) as ConflictRecord['oursBy'],
    theirsBy: JSON.parse(row.theirs_by) as ConflictRecord['theirsBy'],
    ...(row.resolution === null ? {} : { resolution: JSON.parse(row.resolution) as ConflictResolution }),
  };
}

export const saveResolutionSql = (placeholder: Placeholder): string =>
  `UPDATE conflicts SET status = 'resolved', resolution = ${placeholder(1)}, resolved_by = ${placeholder(2)},
     resolved_at = ${placeholder(3)} WHERE id = ${placeholder(4)}`;

export const resolutionValues = (id: string, resolution: ConflictResolution): unknown[] => [
  JSON.stringify(resolution),
  resolution.resolvedBy,
  resolution.resolvedAt,
  id,
];

/** Oldest first, as a queue is worked. `stationMatch` tests the JSON `stations` column in the adapter's dialect. */
export function listConflictsSql(
  filter: ConflictFilter,
  placeholder: Placeholder,
  stationMatch: (parameter: string) => string,
): { sql: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (parameter: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(placeholder(values.length)));
  };
  if (filter.status !== undefined) add((p) => `status = ${p}`, filter.status);
  if (filter.item !== undefined) add((p) => `item = ${p}`, filter.item);
  if (filter.createdBefore !== undefined) add((p) => `created_at < ${p}`, filter.createdBefore);
  if (filter.station !== undefined) add(stationMatch, filter.station);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  return { sql: `SELECT * FROM conflicts ${where} ORDER BY created_at, id`, values };
}

export interface AutomaticMergeRow {
  collection: string;
  document_id: string;
  fields: string;
  staff_id: string;
  station_id: string | null;
  device_id: string;
  at: string;
}

export const insertMergeSql = (placeholder: Placeholder): string =>
  `INSERT INTO automatic_merges (collection, document_id, fields, staff_id, station_id, device_id, at)
   VALUES (${placeholders(7, placeholder)})`;

export const mergeValues = (merge: AutomaticMergeRecord): unknown[] => [
  merge.collection,
  merge.documentId,
  JSON.stringify(merge.fields),
  merge.by.staffId,
  merge.by.stationId ?? null,
  merge.by.deviceId,
  merge.by.at,
];

export const toAutomaticMerge = (row: AutomaticMergeRow): AutomaticMergeRecord => ({
  collection: row.collection,
  documentId: row.document_id,
  fields: JSON.parse(row.fields) as AutomaticMergeRecord['fields'],
  by: {
    staffId: row.staff_id,
    ...(row.station_id === null ? {} : { stationId: row.station_id }),
    deviceId: row.device_id,
    at: row.at,
  },
});

export interface AuditRow {
  id: string;
  at: string;
  staff_id: string;
  action: string;
  subject: string;
  detail: string;
}

export const insertAuditSql = (placeholder: Placeholder): string =>
  `INSERT INTO admin_audit (id, at, staff_id, action, subject, detail) VALUES (${placeholders(6, placeholder)})`;

export const auditValues = (entry: AdminAuditEntry): unknown[] => [
  entry.id,
  entry.at,
  entry.staffId,
  entry.action,
  entry.subject,
  JSON.stringify(entry.detail),
];

export const toAuditEntry = (row: AuditRow): AdminAuditEntry => ({
  id: row.id,
  at: row.at,
  staffId: row.staff_id,
  action: row.action,
  subject: row.subject,
  detail: JSON.parse(row.detail) as AdminAuditEntry['detail'],
});

/** Last seen is kept per device and staff member; rejected rows add up, pending pushes are the latest report. */
export const upsertSightingSql = (placeholder: Placeholder): string =>
  `INSERT INTO device_sightings (device_id, staff_id, station_id, role, last_seen_at, last_pull_at, last_push_at,
     pending_pushes, pending_reported_at, rejected_rows) VALUES (${placeholders(10, placeholder)})
   ON CONFLICT (device_id, staff_id) DO UPDATE SET station_id = excluded.station_id, role = excluded.role,
     last_seen_at = excluded.last_seen_at,
     last_pull_at = COALESCE(excluded.last_pull_at, device_sightings.last_pull_at),
     last_push_at = COALESCE(excluded.last_push_at, device_sightings.last_push_at),
     pending_pushes = COALESCE(excluded.pending_pushes, device_sightings.pending_pushes),
     pending_reported_at = COALESCE(excluded.pending_reported_at, device_sightings.pending_reported_at),
     rejected_rows = device_sightings.rejected_rows + excluded.rejected_rows`;

export const sightingValues = (sighting: DeviceSighting): unknown[] => [
  sighting.deviceId,
  sighting.staffId,
  sighting.stationId ?? null,
  sighting.role,
  sighting.at,
  sighting.kind === 'pull' ? sighting.at : null,
  sighting.kind === 'push' ? sighting.at : null,
  sighting.pendingPushes ?? null,
  sighting.pendingPushes === undefined ? null : sighting.at,
  sighting.rejectedRows ?? 0,
];

export interface SightingRow {
  device_id: string;
  staff_id: string;
  station_id: string | null;
  role: string;
  last_seen_at: string;
  last_pull_at: string | null;
  last_push_at: string | null;
  pending_pushes: number | string | null;
  pending_reported_at: string | null;
  rejected_rows: number | string;
}

export const toDeviceStatus = (row: SightingRow): DeviceStatus => ({
  deviceId: row.device_id,
  staffId: row.staff_id,
  ...(row.station_id === null ? {} : { stationId: row.station_id }),
  role: row.role as Role,
  lastSeenAt: row.last_seen_at,
  ...(row.last_pull_at === null ? {} : { lastPullAt: row.last_pull_at }),
  ...(row.last_push_at === null ? {} : { lastPushAt: row.last_push_at }),
  ...(row.pending_pushes === null ? {} : { pendingPushes: Number(row.pending_pushes) }),
  ...(row.pending_reported_at === null ? {} : { pendingReportedAt: row.pending_reported_at }),
  rejectedRows: Number(row.rejected_rows),
});

export const upsertDigestCheckSql = (placeholder: Placeholder): string =>
  `INSERT INTO digest_checks (device_id, staff_id, collection, station_id, at, matched, device_count, server_count)
   VALUES (${placeholders(8, placeholder)})
   ON CONFLICT (device_id, staff_id, collection) DO UPDATE SET station_id = excluded.station_id, at = excluded.at,
     matched = excluded.matched, device_count = excluded.device_count, server_count = excluded.server_count`;

export const digestCheckValues = (check: DigestCheck, matched: unknown): unknown[] => [
  check.deviceId,
  check.staffId,
  check.collection,
  check.stationId ?? null,
  check.at,
  matched,
  check.deviceCount,
  check.serverCount,
];

export interface DigestCheckRow {
  device_id: string;
  staff_id: string;
  collection: string;
  station_id: string | null;
  at: string;
  matched: number | boolean;
  device_count: number | string;
  server_count: number | string;
}

export const toDigestCheck = (row: DigestCheckRow): DigestCheck => ({
  deviceId: row.device_id,
  staffId: row.staff_id,
  ...(row.station_id === null ? {} : { stationId: row.station_id }),
  collection: row.collection,
  at: row.at,
  matched: row.matched === true || row.matched === 1,
  deviceCount: Number(row.device_count),
  serverCount: Number(row.server_count),
});

function placeholders(count: number, placeholder: Placeholder): string {
  return Array.from({ length: count }, (_, index) => placeholder(index + 1)).join(', ');
}
