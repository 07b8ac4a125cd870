/** What the sync bench page offers the runner, through `window.jinbanSyncBench`; every time is in milliseconds. */

export interface SyncRun {
  /** A demo account of the sync server that served the page. */
  readonly staffId: string;
  readonly password: string;
  /** The cases of the run: `casesAtStation` / `newCasesAtStation(documents, stationId, seed)` (station-cases.ts). */
  readonly stationId: string;
  readonly documents: number;
  readonly seed: number;
}

export interface SyncTiming {
  /** The run's cases written straight into IndexedDB, one transaction (raw-indexeddb.ts). */
  readonly rawMs: number;
  /**
   * First pulls only: the same cases written as RxDB's replication must store them, no network and no protocol: the
   * documents into the app's cases storage and their assumed-master copies into a replication bookkeeping storage,
   * one write each.
   */
  readonly storageFloorMs?: number;
  /** Date.now() when startReplication was called, signed in: where every sync time starts. */
  readonly startedAt: number;
  /** Until every case of the run was in the device's database: the pull proper (a push starts with them there). */
  readonly storedMs: number;
  /** Until awaitInSync resolved: nothing left to push or pull, as the sync indicator's 'idle' means it. */
  readonly inSyncMs: number;
  /** Cases in the device's database at the end. */
  readonly casesStored: number;
  readonly meanJsonBytes: number;
}

export interface JinbanSyncBench {
  /** A new tablet's first sync: a fresh app database pulls every case of its station. */
  firstPull(run: SyncRun): Promise<SyncTiming>;
  /** A tablet with `documents` new cases and no sync yet connects and pushes them all. */
  push(run: SyncRun): Promise<SyncTiming>;
}

declare global {
  interface Window {
    jinbanSyncBench?: JinbanSyncBench;
  }
}
