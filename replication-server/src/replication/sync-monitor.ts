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

export interface SyncMonitorReport {
  readonly stations: readonly StationSyncStatus[];
  readonly devices: readonly DeviceStatus[];
  readonly openConflicts: number;
  readonly digestMismatches: readonly DigestCheck[];
}

/** The admin's sync monitor: per station what its devices reported and how many conflicts concern it. */
export function syncMonitorReport(data: SyncMonitorData): SyncMonitorReport {
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
    devices: data.devices,
    openConflicts: data.openConflictStations.length,
    digestMismatches: data.digestMismatches,
  };
}
