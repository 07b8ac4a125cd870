import {
  createRevision,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  now,
} from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { filter, firstValueFrom } from 'rxjs';
import { type DataLayer, openDataLayer } from '../../../../src/data/data-layer';
import { createJinbanDatabase } from '../../../../src/data/db';
import {
  type AuthClient,
  browserOnlineSignal,
  createAuthClient,
  type OnlineSignal,
  startReplication,
} from '../../../../src/data/replication';
import type { Case } from '../../../../src/domain/case/case.schema';
import { meanUtf8JsonBytes } from '../../fixtures/realistic-cases';
import { casesAtStation, newCasesAtStation } from '../../fixtures/station-cases';
import type { JinbanSyncBench, SyncRun, SyncTiming } from '../../sync-bench-api';
import { freshDatabaseName, rawWrite } from '../raw-indexeddb';

/**
 * Runs inside headless Chromium, served by the sync server itself (same origin, as the app is in production) and
 * built in production mode: the app's data layer (openDataLayer) and its replication (startReplication), nothing
 * else. The runner (browser-sync-bench.ts) calls `window.jinbanSyncBench`.
 */

/** As the data-layer bench fills the app's database: one write's change event stays within what a tablet copes with. */
const FILL_BATCH_SIZE = 5_000;

interface Device {
  readonly layer: DataLayer;
  readonly auth: AuthClient;
  readonly online: OnlineSignal;
}

/** The app as src/main.ts opens it, in a database of its own, holding `cases` (written before any sync). */
async function openDevice(cases: readonly Case[]): Promise<Device> {
  const layer = await openDataLayer({ name: freshDatabaseName('sync') });
  for (let offset = 0; offset < cases.length; offset += FILL_BATCH_SIZE) {
    const result = await layer.db.cases.bulkInsert(cases.slice(offset, offset + FILL_BATCH_SIZE));
    if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} cases`);
  }
  // Which tab leads is settled when the app opens, not while it syncs: done before the clock starts.
  await layer.db.waitForLeadership();
  const online = browserOnlineSignal();
  return { layer, online, auth: createAuthClient({ device: layer.device, online }) };
}

async function signIn({ auth }: Device, run: SyncRun): Promise<void> {
  const signedIn = await auth.signIn(location.origin, run.staffId, run.password);
  if (!signedIn.ok) throw new Error(`sign-in of ${run.staffId} failed: ${signedIn.error.en}`);
  if (signedIn.value.mode !== 'online') throw new Error(`sign-in of ${run.staffId} did not reach the server`);
}

const countCases = (device: Device): Promise<number> => device.layer.db.cases.count().exec();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How often the page looks whether every case is stored: a count query, cheap next to the writes it watches. */
const STORED_POLL_MS = 50;

/**
 * From startReplication, as the app calls it after sign-in, until `expectedCases` are stored and until the
 * replication is in sync. Replication stops right after, so a push that was not really finished leaves the server
 * short, which the runner checks.
 */
async function timeSync(
  device: Device,
  expectedCases: number,
): Promise<Omit<SyncTiming, 'rawMs' | 'meanJsonBytes'>> {
  const startedAt = Date.now();
  const start = performance.now();
  const sync = startReplication(device.layer.db, {
    serverUrl: location.origin,
    auth: device.auth,
    online: device.online,
  });
  try {
    const stored = (async () => {
      while ((await countCases(device)) < expectedCases) await sleep(STORED_POLL_MS);
      return performance.now() - start;
    })();
    // Until every collection's first pull has answered, the run behind awaitInSync may not exist yet.
    await firstValueFrom(
      sync
        .observeSyncStatus()
        .pipe(filter((status) => status.initialSync?.every((entry) => entry.done) === true)),
    );
    await sync.awaitInSync();
    const storedMs = await stored;
    const inSyncMs = Math.max(performance.now() - start, storedMs);
    return { startedAt, storedMs, inSyncMs, casesStored: await countCases(device) };
  } finally {
    await sync.stop();
  }
}

/**
 * The least a first pull can cost under RxDB's replication (see SyncTiming.storageFloorMs): RxDB keeps, besides each
 * document, the state it assumes the server has, a full copy in its own storage. Written at the storage level, as
 * the replication writes them, into a fresh database opened as the app opens it.
 */
async function storageFloor(cases: readonly Case[]): Promise<number> {
  const db = await createJinbanDatabase({
    name: freshDatabaseName('floor'),
    storage: getRxStorageDexie(),
    multiInstance: true,
  });
  const metaSchema = getRxReplicationMetaInstanceSchema(db.cases.schema.jsonSchema, false);
  const meta = await db.storage.createStorageInstance({
    databaseInstanceToken: db.token,
    databaseName: db.name,
    collectionName: 'rx-replication-meta-floor',
    schema: metaSchema,
    options: {},
    multiInstance: true,
    devMode: false,
  });
  try {
    const lwt = now();
    const stored = cases.map((doc) => ({
      ...doc,
      _deleted: false,
      _attachments: {},
      _meta: { lwt },
      _rev: createRevision('floor'),
    }));
    const metaRows = cases.map((doc) => {
      const metaDoc = {
        id: '',
        itemId: doc.id,
        isCheckpoint: '0' as const,
        docData: { ...doc, _deleted: false, _attachments: {} },
        _deleted: false,
        _attachments: {},
        _meta: { lwt },
        _rev: createRevision('floor'),
      };
      metaDoc.id = getComposedPrimaryKeyOfDocumentData(metaSchema, metaDoc);
      return { document: metaDoc };
    });
    const start = performance.now();
    const documents = await db.cases.storageInstance.bulkWrite(
      stored.map((document) => ({ document })),
      'bench-storage-floor',
    );
    const assumed = await meta.bulkWrite(metaRows, 'bench-storage-floor');
    const elapsed = performance.now() - start;
    const refused = documents.error.length + assumed.error.length;
    if (refused > 0) throw new Error(`the storage refused ${refused} writes`);
    return elapsed;
  } finally {
    await meta.remove();
    await db.remove();
  }
}

async function measure(
  run: SyncRun,
  cases: readonly Case[],
  onDevice: readonly Case[],
  withStorageFloor: boolean,
): Promise<SyncTiming> {
  const rawMs = await rawWrite(cases);
  const storageFloorMs = withStorageFloor ? await storageFloor(cases) : undefined;
  const device = await openDevice(onDevice);
  try {
    await signIn(device, run);
    return {
      rawMs,
      ...(storageFloorMs === undefined ? {} : { storageFloorMs }),
      ...(await timeSync(device, cases.length)),
      meanJsonBytes: meanUtf8JsonBytes(cases),
    };
  } finally {
    await device.layer.db.remove();
  }
}

const bench: JinbanSyncBench = {
  firstPull(run) {
    return measure(run, casesAtStation(run.documents, run.stationId, run.seed), [], true);
  },

  push(run) {
    const cases = newCasesAtStation(run.documents, run.stationId, run.seed);
    return measure(run, cases, cases, false);
  },
};

window.jinbanSyncBench = bench;
