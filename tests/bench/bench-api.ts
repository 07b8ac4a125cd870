/** What the bench page offers the runner, through `window.jinbanBench`; every time is in milliseconds. */

export interface WriteComparison {
  readonly documents: number;
  readonly meanJsonBytes: number;
  /** One raw IndexedDB transaction per repetition, each on a fresh database with the schema's indexes. */
  readonly rawMs: number[];
  /** How many indexes RxDB's Dexie storage keeps for the cases collection. */
  readonly storageIndexCount: number;
  /** The same raw transaction into a store with the storage's indexes, documents carrying RxDB's meta fields. */
  readonly rawWithStorageIndexesMs: number[];
  /** `db.cases.bulkInsert` of the same documents per repetition, each on a fresh database. */
  readonly bulkInsertMs: number[];
}

export interface PerDocumentWrites {
  readonly documents: number;
  /** Time for all `documents` through `CaseRepository.createCase`, one awaited call after the other. */
  readonly totalMs: number;
  readonly perDocumentMs: number[];
}

export interface LocalCases {
  readonly documents: number;
  readonly fillMs: number;
}

export interface QueryTimings {
  readonly ms: number[];
  /** How many cases each query's filter matched before the page of 50 was cut, to show the work behind it. */
  readonly matched: number[];
  readonly returned: number[];
}

export interface JinbanBench {
  compareWrites(documents: number, repetitions: number): Promise<WriteComparison>;
  writeOneByOne(documents: number): Promise<PerDocumentWrites>;
  /** Opens the app's own database (as the app does) and fills it with `documents` cases. */
  fillAppDatabase(documents: number): Promise<LocalCases>;
  /** The case list: one station, one status, newest 50; one run for every station and status pair. */
  timeListQueries(): Promise<QueryTimings>;
  /** Search by a resident ID number that exists, each run a different one. */
  timeIdSearches(runs: number): Promise<QueryTimings>;
  closeAppDatabase(): Promise<void>;
}

declare global {
  interface Window {
    jinbanBench?: JinbanBench;
    /** performance.now() when the app first showed its ready selector after a navigation; set by the runner. */
    jinbanInteractiveAt?: number;
  }
}
