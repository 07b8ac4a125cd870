import type { DeviceStatus, DigestCheck, SyncMonitorData } from '../store/store';

export interface StationSyncStatus {
  readonly stationId: string;
  readonly lastSeenAt?: string;
  readonly devices: number;
  /** Sum of the latest counts the station's devices reported. */
  readonly pendingPushes: number;
  readonly rejectedRows: number;
  readonly openConflicts: number;
}

/** The account's name beside its id, when the account still exists. */
type WithStaffName<T> = T & { readonly staffName?: string };

export interface SyncMonitorReport {
  readonly stations: readonly StationSyncStatus[];
  readonly devices: readonly WithStaffName<DeviceStatus>[];
  readonly openConflicts: number;
  readonly digestMismatches: readonly WithStaffName<DigestCheck>[];
}

/**
 * The admin's sync monitor: per station what its devices reported and how many conflicts concern it; devices and
 * digest checks carry their staff's names from `staffNames` (staff id → name), so the admin reads who, not an id.
 */
export function syncMonitorReport(
  data: SyncMonitorData,
  staffNames: ReadonlyMap<string, string> = new Map(),
): SyncMonitorReport {
  const named = <T extends { readonly staffId: string }>(row: T): WithStaffName<T> => {
    const staffName = staffNames.get(row.staffId);
    return staffName === undefined ? row : { ...row, staffName };
  };
  const stations = new Map<
    string,
    {
      lastSeenAt?: string;
      devices: number;
      pendingPushes: number;
      rejectedRows: number;
      openConflicts: number;
    }
  >();
  const stationOf = (stationId: string) => {
    let entry = stations.get(stationId);
    if (entry === undefined) {
      entry = { devices: 0, pendingPushes: 0, rejectedRows: 0, openConflicts: 0 };
      stations.set(stationId, entry);
    }
    return entry;
  };
  for (const device of data.devices) {
    if (device.stationId === undefined) continue;
    const entry = stationOf(device.stationId);
    entry.devices += 1;
    entry.pendingPushes += device.pendingPushes ?? 0;
    entry.rejectedRows += device.rejectedRows;
    if (entry.lastSeenAt === undefined || device.lastSeenAt > entry.lastSeenAt)
      entry.lastSeenAt = device.lastSeenAt;
  }
  for (const conflictStations of data.openConflictStations) {
    for (const stationId of conflictStations) stationOf(stationId).openConflicts += 1;
  }
  return {
    stations: [...stations.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([stationId, entry]) => ({ stationId, ...entry })),
    devices: data.devices.map(named),
    openConflicts: data.openConflictStations.length,
    digestMismatches: data.digestMismatches.map(named),
  };
}

/** The names of the staff a sync monitor's rows mention, read from their accounts. */
export async function staffNamesOf(
  data: SyncMonitorData,
  getAccount: (staffId: string) => Promise<{ readonly name: string } | undefined>,
): Promise<ReadonlyMap<string, string>> {
  const ids = new Set([...data.devices, ...data.digestMismatches].map((row) => row.staffId));
  const names = new Map<string, string>();
  for (const id of ids) {
    const account = await getAccount(id);
    if (account !== undefined) names.set(id, account.name);
  }
  return names;
}
