import { join, resolve } from 'node:path';
import { build } from 'vite';
import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from '../../src/data/replication/replication';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import { launchBenchBrowser } from './bench-browser';
import { type Figure, figure, summarize } from './bench-report';
import { startDeployment } from './bench-servers';
import { PROJECT_ROOT } from './bench-site';
import { casesAtStation } from './fixtures/station-cases';
import type { SyncRun, SyncTiming } from './sync-bench-api';
import { pushCases, serverCounter, signIn, watchCounter } from './sync-http';

/**
 * Issue 4's browser figures: a new tablet's first full pull of its station's cases, and a tablet pushing cases it
 * wrote before its first sync, each through the app's own data layer and replication in headless Chromium against
 * a real SQLite server process, each as a ratio to a raw IndexedDB write of the same cases in the same repetition.
 */

export interface BrowserSyncSizes {
  readonly documents: number;
  readonly repetitions: number;
}

export interface BrowserSyncResult {
  readonly figures: readonly Figure[];
  readonly chromium: string;
  readonly meanCaseJsonBytes: number;
}

const PULL_STATION = 'GTZX';
const PULL_SEED = 20260601;
const PUSH_SEED = 30_000;
/** Each push repetition from another station, so no tablet pulls the cases an earlier repetition pushed. */
const PUSH_CLERKS = demoOrganisation.staff.filter(
  (staff) => staff.role === 'clerk' && staff.stationId !== PULL_STATION,
);
const PULL_CLERK = demoOrganisation.staff.find(
  (staff) => staff.role === 'clerk' && staff.stationId === PULL_STATION,
)!;
const passwords: Readonly<Record<string, string>> = demoOrganisation.demoPasswords;
/** A push the server accepts (its limit is MAX_PUSH_ROWS), for seeding; the tablets push PUSH_BATCH_SIZE rows. */
const SEED_BATCH_SIZE = 200;
const RUN_TIMEOUT_MS = 10 * 60_000;

async function buildSyncBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve(PROJECT_ROOT, 'tests/bench/pages/sync'),
    base: '/',
    mode: 'production',
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  });
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${RUN_TIMEOUT_MS / 60_000} min`)),
      RUN_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const CASES = 'collection="cases"';
const PULLED = 'jinban_replication_pulled_documents_total';
const WRITTEN = 'jinban_replication_written_documents_total';
const REJECTED = 'jinban_replication_rejected_rows_total';

/** A push repetition: the page's timing, and when the server had written every case (its counter). */
interface PushTiming extends SyncTiming {
  readonly acknowledgedMs: number;
}

export async function measureBrowserSync(
  workDir: string,
  sizes: BrowserSyncSizes,
): Promise<BrowserSyncResult> {
  const { documents, repetitions } = sizes;
  if (repetitions > PUSH_CLERKS.length) throw new RangeError(`at most ${PUSH_CLERKS.length} repetitions`);
  const siteDir = join(workDir, 'sync-site');
  await buildSyncBenchPage(siteDir);
  // The server serves the page, so it talks to the server from the same origin, as the app does.
  const deployment = await startDeployment('sqlite', 1, { DIST_DIR: siteDir });
  try {
    const { baseUrl } = deployment.instances[0]!;
    const seeded = await pushCases(
      await signIn(baseUrl, 'admin-lin'),
      casesAtStation(documents, PULL_STATION, PULL_SEED),
      SEED_BATCH_SIZE,
    );
    if (seeded.rejected + seeded.conflicts > 0) throw new Error(`seeding refused: ${JSON.stringify(seeded)}`);

    const context = await launchBenchBrowser(join(workDir, 'sync-profile'));
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => console.error(`Page error: ${error.message}`));
      await page.goto(`${baseUrl}/index.html`);
      await page.waitForFunction(() => window.jinbanSyncBench !== undefined);
      const chromium = await page.evaluate(() => navigator.userAgent);

      const pulls: SyncTiming[] = [];
      const pushes: PushTiming[] = [];
      const served: number[] = [];
      for (let repetition = 0; repetition < repetitions; repetition++) {
        console.log(`  first pull of ${documents} cases, repetition ${repetition + 1}…`);
        const pullRun: SyncRun = {
          staffId: PULL_CLERK.id,
          password: passwords[PULL_CLERK.id]!,
          stationId: PULL_STATION,
          documents,
          seed: PULL_SEED,
        };
        const servedBefore = await serverCounter(baseUrl, PULLED, CASES);
        const pull = await withTimeout(
          page.evaluate((run) => window.jinbanSyncBench!.firstPull(run), pullRun),
          'a first pull',
        );
        if (pull.casesStored !== documents) throw new Error(`the pull stored ${pull.casesStored} cases`);
        served.push((await serverCounter(baseUrl, PULLED, CASES)) - servedBefore);
        pulls.push(pull);

        const clerk = PUSH_CLERKS[repetition]!;
        console.log(`  push of ${documents} cases from ${clerk.stationId}, repetition ${repetition + 1}…`);
        const writtenBefore = await serverCounter(baseUrl, WRITTEN, CASES);
        const rejectedBefore = await serverCounter(baseUrl, REJECTED, CASES);
        const acknowledged = watchCounter(baseUrl, WRITTEN, CASES, writtenBefore + documents);
        const push = await withTimeout(
          page.evaluate((run) => window.jinbanSyncBench!.push(run), {
            staffId: clerk.id,
            password: passwords[clerk.id]!,
            stationId: clerk.stationId!,
            documents,
            seed: PUSH_SEED + repetition,
          } satisfies SyncRun),
          'a push',
        ).finally(() => acknowledged.stop());
        const acknowledgedAt = await acknowledged.reachedAt;
        const written = (await serverCounter(baseUrl, WRITTEN, CASES)) - writtenBefore;
        const rejected = (await serverCounter(baseUrl, REJECTED, CASES)) - rejectedBefore;
        if (acknowledgedAt === undefined || written !== documents || rejected !== 0) {
          throw new Error(
            `the push ended with ${written} cases written and ${rejected} refused at the server`,
          );
        }
        pushes.push({ ...push, acknowledgedMs: acknowledgedAt - push.startedAt });
      }
      return {
        figures: figuresOf(documents, pulls, pushes, served),
        chromium,
        meanCaseJsonBytes: pulls[0]!.meanJsonBytes,
      };
    } finally {
      await context.close();
    }
  } finally {
    await deployment.close();
  }
}

function figuresOf(
  documents: number,
  pulls: readonly SyncTiming[],
  pushes: readonly PushTiming[],
  served: readonly number[],
): Figure[] {
  const size = `${documents / 1000}k`;
  const ratios = <T extends SyncTiming>(timings: readonly T[], ms: (timing: T) => number) =>
    timings.map((timing) => ms(timing) / timing.rawMs);
  const target = { comparison: '<=', value: 2, statistic: 'median' } as const;
  const stored = (timing: SyncTiming) => timing.storedMs;
  const acknowledged = (timing: PushTiming) => timing.acknowledgedMs;
  const inSync = (timing: SyncTiming) => timing.inSyncMs;
  return [
    figure('sync.raw-indexeddb', `Raw IndexedDB, ${size} cases, 1 tx (pull and push runs)`, 'ms', [
      ...pulls.map((timing) => timing.rawMs),
      ...pushes.map((timing) => timing.rawMs),
    ]),
    figure('sync.first-pull', `First pull, ${size} cases, until all stored`, 'ms', pulls.map(stored), {
      note: `fresh app database, pages of ${PULL_BATCH_SIZE}; the page counts its cases every 50 ms`,
    }),
    figure('sync.first-pull.ratio', 'First pull (all stored) / raw, paired', 'ratio', ratios(pulls, stored), {
      target,
    }),
    figure(
      'sync.storage-floor',
      `RxDB's storage floor of a pull, ${size} cases`,
      'ms',
      pulls.map((timing) => timing.storageFloorMs ?? Number.NaN),
      {
        note: "the cases written into the app's cases storage and their assumed-master copies into a replication bookkeeping storage, one write each, no network: what RxDB's replication must store",
      },
    ),
    figure(
      'sync.storage-floor.ratio',
      'Storage floor / raw, paired',
      'ratio',
      ratios(pulls, (timing) => timing.storageFloorMs ?? Number.NaN),
    ),
    figure(
      'sync.first-pull.over-floor',
      'First pull (all stored) / storage floor, paired',
      'ratio',
      pulls.map((timing) => timing.storedMs / (timing.storageFloorMs ?? Number.NaN)),
    ),
    figure('sync.first-pull.in-sync', 'First pull, until in sync (awaitInSync)', 'ms', pulls.map(inSync), {
      note: `includes the integrity check that follows a first pull and anything it pulls again; cases the server handed out per first pull: median ${summarize(served).median}, max ${Math.max(...served)}`,
    }),
    figure(
      'sync.first-pull.in-sync.ratio',
      'First pull (in sync) / raw, paired',
      'ratio',
      ratios(pulls, inSync),
      {
        target,
      },
    ),
    figure(
      'sync.push',
      `Push, ${size} cases from one tablet, until all written`,
      'ms',
      pushes.map(acknowledged),
      {
        note: `batches of ${PUSH_BATCH_SIZE}; until the server's written-documents counter had every case (polled every 50 ms); none refused`,
      },
    ),
    figure('sync.push.ratio', 'Push (all written) / raw, paired', 'ratio', ratios(pushes, acknowledged), {
      target,
    }),
    figure('sync.push.in-sync', 'Push, until in sync (awaitInSync)', 'ms', pushes.map(inSync), {
      note: 'includes pulling the pushed cases back, which the replication does once the server announces them',
    }),
    figure('sync.push.in-sync.ratio', 'Push (in sync) / raw, paired', 'ratio', ratios(pushes, inSync), {
      target,
    }),
  ];
}
