import { fillWithDefaultSettings } from 'rxdb';
import { getDexieStoreSchema, getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { type CaseListQuery, createCaseRepository } from '../../../src/data/case.repository';
import { createCaseEventRepository } from '../../../src/data/case-event.repository';
import { type DataLayer, openDataLayer } from '../../../src/data/data-layer';
import { createJinbanDatabase, type JinbanDatabase } from '../../../src/data/db';
import { casesSchema } from '../../../src/data/schemas/cases.schema';
import { CASE_STATUSES, type Case } from '../../../src/domain/case/case.schema';
import demoOrganisation from '../../../src/domain/demo/demo-organisation.json';
import type { JinbanBench, QueryTimings } from '../bench-api';
import { meanUtf8JsonBytes, realisticCases } from '../fixtures/realistic-cases';
import { freshDatabaseName, type KeyPath, rawWrite, SCHEMA_INDEXES } from './raw-indexeddb';

/**
 * Runs inside headless Chromium, built in production mode like the app: RxDB without dev-mode and without schema
 * validation, over the Dexie storage on the browser's IndexedDB. The runner (run-bench.ts) calls `window.jinbanBench`.
 */

/** Filling in batches keeps one write's change event, and the page's memory, within what a tablet copes with. */
const FILL_BATCH_SIZE = 5_000;

/**
 * The indexes RxDB's Dexie storage really keeps for the collection: every schema index behind `_deleted` and before
 * the primary key, plus its own for replication and cleanup. Only to show how much of the gap is index upkeep.
 */
const STORAGE_INDEXES: KeyPath[] = getDexieStoreSchema(fillWithDefaultSettings(casesSchema))
  .split(',')
  .slice(1)
  .map((entry) => entry.trim())
  .map((entry) => (entry.startsWith('[') ? entry.slice(1, -1).split('+') : entry));

/** Opened as the app opens it (data-layer.ts): Dexie storage, several tabs allowed. */
const openFreshJinbanDatabase = (): Promise<JinbanDatabase> =>
  createJinbanDatabase({
    name: freshDatabaseName('rxdb'),
    storage: getRxStorageDexie(),
    multiInstance: true,
  });

async function bulkInsertWrite(docs: readonly Case[]): Promise<number> {
  const db = await openFreshJinbanDatabase();
  try {
    const start = performance.now();
    const result = await db.cases.bulkInsert([...docs]);
    const elapsed = performance.now() - start;
    if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} documents`);
    return elapsed;
  } finally {
    await db.remove();
  }
}

let appLayer: DataLayer | undefined;
let appCases: Case[] = [];

const openAppLayer = (): DataLayer => {
  if (appLayer === undefined) throw new Error('fillAppDatabase must run first');
  return appLayer;
};

async function timeQueries(queries: readonly CaseListQuery[]): Promise<QueryTimings> {
  const repository = openAppLayer().cases;
  // The first query of a collection pays for setting up its query machinery; a clerk pays that once per start.
  await firstValueFrom(repository.observeCases({ limit: 1 }));
  const timings: QueryTimings = { ms: [], matched: [], returned: [] };
  for (const query of queries) {
    // Every query differs from the ones before, so RxDB's query cache cannot answer it without the storage.
    const start = performance.now();
    const page = await firstValueFrom(repository.observeCases(query));
    timings.ms.push(performance.now() - start);
    timings.returned.push(page.length);
    timings.matched.push(await repository.countCases(query));
  }
  return timings;
}

/** The documents as the Dexie storage stores them: with RxDB's meta fields, booleans in indexes as '0'/'1'. */
const asStored = (docs: readonly Case[]): object[] =>
  docs.map((doc, index) => ({
    ...doc,
    _deleted: '0',
    _meta: { lwt: 1_780_000_000_000 + index },
    _rev: '1-benchrevision',
    _attachments: {},
  }));

const bench: JinbanBench = {
  async compareWrites(documents, repetitions) {
    const docs = realisticCases(documents);
    const storedDocs = asStored(docs);
    const rawMs: number[] = [];
    const rawWithStorageIndexesMs: number[] = [];
    const bulkInsertMs: number[] = [];
    // Alternating keeps a slow moment of the machine from landing on one side only.
    for (let run = 0; run < repetitions; run++) {
      rawMs.push(await rawWrite(docs, SCHEMA_INDEXES));
      bulkInsertMs.push(await bulkInsertWrite(docs));
      rawWithStorageIndexesMs.push(await rawWrite(storedDocs, STORAGE_INDEXES));
    }
    return {
      documents,
      meanJsonBytes: meanUtf8JsonBytes(docs),
      storageIndexCount: STORAGE_INDEXES.length,
      rawMs,
      rawWithStorageIndexesMs,
      bulkInsertMs,
    };
  },

  async writeOneByOne(documents) {
    const docs = realisticCases(documents);
    const db = await openFreshJinbanDatabase();
    try {
      const repository = createCaseRepository(db, createCaseEventRepository(db));
      const perDocumentMs: number[] = [];
      const start = performance.now();
      for (const doc of docs) {
        const before = performance.now();
        await repository.createCase(doc);
        perDocumentMs.push(performance.now() - before);
      }
      return { documents, totalMs: performance.now() - start, perDocumentMs };
    } finally {
      await db.remove();
    }
  },

  async fillAppDatabase(documents) {
    appLayer = await openDataLayer();
    appCases = realisticCases(documents);
    const start = performance.now();
    for (let offset = 0; offset < appCases.length; offset += FILL_BATCH_SIZE) {
      const result = await appLayer.db.cases.bulkInsert(appCases.slice(offset, offset + FILL_BATCH_SIZE));
      if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} documents`);
    }
    return { documents, fillMs: performance.now() - start };
  },

  timeListQueries() {
    return timeQueries(
      demoOrganisation.stations.flatMap((station) =>
        CASE_STATUSES.map((status): CaseListQuery => ({ stationId: station.id, status })),
      ),
    );
  },

  timeIdSearches(runs) {
    const step = Math.floor(appCases.length / runs);
    return timeQueries(
      Array.from(
        { length: runs },
        (_, run): CaseListQuery => ({ search: appCases[run * step]!.applicant.idNumber }),
      ),
    );
  },

  async closeAppDatabase() {
    await appLayer?.db.close();
    appLayer = undefined;
    appCases = [];
  },
};

window.jinbanBench = bench;
