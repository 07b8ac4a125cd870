import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import './bench-api';
import { launchBenchBrowser } from './bench-browser';
import { type Figure, figure, formatTable, recordMachine, summarize, writeReport } from './bench-report';
import { BENCH_PAGE_PATH, buildApp, buildBenchPage, PROJECT_ROOT, serveStatic } from './bench-site';
import { measureStationDashboard } from './dashboard-bench';

/**
 * The station app's speed goals, measured in one headless Chromium run. Targets are reported as PASS/FAIL in the
 * table and in bench-results/station-app.json; the run itself only fails if it cannot measure. Quick mode shrinks
 * every size for a smoke run of the harness; its figures say nothing about the targets.
 */

const sizes = (quick: boolean) => ({
  WRITE_DOCUMENTS: quick ? 1_000 : 10_000,
  WRITE_REPETITIONS: quick ? 2 : 5,
  ONE_BY_ONE_DOCUMENTS: quick ? 200 : 2_000,
  LOCAL_CASES: quick ? 5_000 : 50_000,
  START_RUNS: quick ? 3 : 10,
});
const ID_SEARCH_RUNS = 40;

/**
 * The app is opened at the catalog, which every clerk may see before choosing a staff profile, and counts as
 * interactive once a catalog entry shows, wherever it sits in the shadow trees.
 */
const START_ROUTE = '#/catalog';
const READY_SELECTOR = 'jb-catalog-entry';
const RESULT_PATH = join(PROJECT_ROOT, 'bench-results', 'station-app.json');

/**
 * Installed before any page script: records performance.now() — milliseconds since the navigation started — in the
 * first animation frame in which the ready selector is in the document, looking through every shadow root. The bench
 * page itself is left alone. Plain JavaScript text, because tsx would add helpers to a compiled function that the page
 * does not have.
 */
const markInteractive = (selector: string): string => `
  if (!location.pathname.startsWith('/bench/')) {
    const find = (root) =>
      root.querySelector(${JSON.stringify(selector)}) !== null ||
      [...root.querySelectorAll('*')].some((element) => element.shadowRoot !== null && find(element.shadowRoot));
    const check = () => {
      if (find(document)) window.jinbanInteractiveAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }
`;

async function timeToInteractive(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => window.jinbanInteractiveAt, undefined, { timeout: 60_000 });
  return (await handle.jsonValue()) as number;
}

/** Whether a service worker controls the page after the first visit, i.e. whether the app can start offline. */
async function waitForServiceWorker(page: Page): Promise<boolean> {
  const registered = await page.evaluate(async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      if ((await navigator.serviceWorker.getRegistrations()).length > 0) {
        await navigator.serviceWorker.ready;
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  });
  if (!registered) return false;
  await page.reload();
  await timeToInteractive(page);
  return page.evaluate(() => navigator.serviceWorker.controller !== null);
}

/** How many cases the app's own database holds, read straight from IndexedDB (RxDB's Dexie store is 'docs'). */
const countStoredCases = (page: Page): Promise<number> =>
  page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((info) => info.name ?? '');
    const name = names.find((candidate) => /^rxdb-dexie-jinban--\d+--cases$/.test(candidate));
    if (name === undefined) return 0;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const count = await new Promise<number>((resolve, reject) => {
      const request = db.transaction('docs').objectStore('docs').count();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return count;
  });

interface AppStart {
  readonly ms: number[];
  readonly offline: boolean;
  readonly casesOnDevice: number;
}

/** First visit online (the service worker installs), then reloads with the network off, each timed. */
async function measureAppStart(
  context: BrowserContext,
  page: Page,
  baseUrl: string,
  startRuns: number,
): Promise<AppStart> {
  await page.goto(new URL(START_ROUTE, baseUrl).href);
  await timeToInteractive(page);
  const offline = await waitForServiceWorker(page);
  await context.setOffline(offline);
  const ms: number[] = [];
  for (let run = 0; run < startRuns; run++) {
    await page.reload({ waitUntil: 'commit' });
    ms.push(await timeToInteractive(page));
  }
  const casesOnDevice = await countStoredCases(page);
  await context.setOffline(false);
  return { ms, offline, casesOnDevice };
}

const notMeasured: AppStart = { ms: [], offline: false, casesOnDevice: Number.NaN };

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

const thousands = (count: number): string => `${count / 1000}k`;

export async function runStationAppBench(quick: boolean): Promise<void> {
  const { WRITE_DOCUMENTS, WRITE_REPETITIONS, ONE_BY_ONE_DOCUMENTS, LOCAL_CASES, START_RUNS } = sizes(quick);
  const machine = recordMachine(quick);
  const workDir = await mkdtemp(join(tmpdir(), 'jinban-bench-'));
  const siteDir = join(workDir, 'site');
  try {
    console.log('Building the app and the bench page (production mode)…');
    // The data-layer figures do not need the app: a broken app build costs only the start-time figure.
    const appBuildError = await buildApp(siteDir).then(() => undefined, firstLine);
    await buildBenchPage(siteDir);
    const server = await serveStatic(siteDir);
    const context = await launchBenchBrowser(join(workDir, 'profile'));
    try {
      await context.addInitScript({ content: markInteractive(READY_SELECTOR) });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (error) => console.error(`Page error: ${error.message}`));
      await page.goto(new URL(BENCH_PAGE_PATH, server.url).href);
      await page.waitForFunction(() => window.jinbanBench !== undefined);
      const chromiumVersion = await page.evaluate(() => navigator.userAgent);

      console.log(
        `Writing ${WRITE_DOCUMENTS} cases, ${WRITE_REPETITIONS}× raw IndexedDB and ${WRITE_REPETITIONS}× bulkInsert…`,
      );
      const writes = await page.evaluate(
        ([count, repetitions]) => window.jinbanBench!.compareWrites(count, repetitions),
        [WRITE_DOCUMENTS, WRITE_REPETITIONS] as const,
      );
      console.log(`Writing ${ONE_BY_ONE_DOCUMENTS} cases one by one through createCase…`);
      const oneByOne = await page.evaluate(
        (count) => window.jinbanBench!.writeOneByOne(count),
        ONE_BY_ONE_DOCUMENTS,
      );
      console.log(`Filling the app's database with ${LOCAL_CASES} cases…`);
      const local = await page.evaluate((count) => window.jinbanBench!.fillAppDatabase(count), LOCAL_CASES);
      console.log('Timing case-list queries and ID searches…');
      const list = await page.evaluate(() => window.jinbanBench!.timeListQueries());
      const search = await page.evaluate((runs) => window.jinbanBench!.timeIdSearches(runs), ID_SEARCH_RUNS);
      await page.evaluate(() => window.jinbanBench!.closeAppDatabase());
      const dashboard = await measureStationDashboard(context, siteDir, server.url, LOCAL_CASES);
      console.log(
        appBuildError === undefined ? 'Timing app starts…' : `The app did not build: ${appBuildError}`,
      );
      let appStartError = appBuildError === undefined ? undefined : `the app build failed (${appBuildError})`;
      const start =
        appStartError === undefined
          ? await measureAppStart(context, page, server.url, START_RUNS).catch((error: unknown) => {
              appStartError = `the app did not show <${READY_SELECTOR}> at ${START_ROUTE} (${firstLine(error)})`;
              return notMeasured;
            })
          : notMeasured;

      const ratios = writes.rawMs.map((raw, index) => writes.bulkInsertMs[index]! / raw);
      const rawMedian = summarize(writes.rawMs).median;
      const size = thousands(LOCAL_CASES);
      const figures: Figure[] = [
        figure(
          'write.raw-indexeddb',
          `Raw IndexedDB, ${thousands(WRITE_DOCUMENTS)} cases, 1 tx`,
          'ms',
          writes.rawMs,
        ),
        figure(
          'write.raw-indexeddb-storage-indexes',
          `Raw IndexedDB, RxDB's ${writes.storageIndexCount} storage indexes`,
          'ms',
          writes.rawWithStorageIndexesMs,
          { note: 'diagnostic: the part of the gap that is index upkeep, not RxDB code' },
        ),
        figure(
          'write.bulk-insert',
          `db.cases.bulkInsert, ${thousands(WRITE_DOCUMENTS)} cases`,
          'ms',
          writes.bulkInsertMs,
        ),
        figure('write.ratio', 'bulkInsert / raw (paired runs)', 'ratio', ratios, {
          target: { comparison: '<=', value: 1.7, statistic: 'median' },
        }),
        figure(
          'write.create-case',
          'createCase, one awaited call per case',
          'ms/doc',
          oneByOne.perDocumentMs,
          {
            note: `${oneByOne.documents} cases took ${Math.round(oneByOne.totalMs)} ms: ${(
              ((oneByOne.totalMs / oneByOne.documents) * WRITE_DOCUMENTS) / rawMedian
            ).toFixed(1)}× raw for ${WRITE_DOCUMENTS} at that rate`,
          },
        ),
        figure('fill.app-database', `Fill app database, ${size} cases (bulkInsert)`, 'ms', [local.fillMs]),
        figure('query.case-list', `Case list (station+status, newest 50) @${size}`, 'ms', list.ms, {
          target: { comparison: '<', value: 20, statistic: 'median' },
          note: `matched per query: median ${summarize(list.matched).median}, max ${Math.max(...list.matched)}`,
        }),
        figure('query.id-search', `Search by ID number @${size}`, 'ms', search.ms, {
          note: `results per search: max ${Math.max(...search.returned)}`,
        }),
        figure(
          'start.to-interactive',
          `App start to catalog rendered @${size}, ${start.offline ? 'offline' : 'ONLINE (no service worker)'}`,
          'ms',
          start.ms,
          { target: { comparison: '<', value: 1500, statistic: 'median' } },
        ),
        ...dashboard,
      ];
      const report = {
        machine: machine.finish({ chromium: chromiumVersion }),
        fixtures: {
          meanCaseJsonBytesUtf8: Math.round(writes.meanJsonBytes),
          localCases: LOCAL_CASES,
          casesSeenInAppDatabase: start.casesOnDevice,
        },
        figures,
        notes: [
          'Production builds: RxDB without dev-mode and without schema validation, Dexie storage, IndexedDB default durability on both sides.',
          'The raw baseline is one readwrite transaction into a store with the cases schema primary key and indexes.',
          'Each list query and ID search differs from the ones before it, so no query is answered from RxDB’s query cache.',
          `App start: performance.now() in the first animation frame showing <${READY_SELECTOR}>, measured from navigation start.`,
          ...(appStartError !== undefined
            ? [`App start not measured: ${appStartError}.`]
            : start.offline
              ? []
              : [
                  'No service worker controlled the page, so the app could not start offline: start times were measured online.',
                ]),
        ],
      };
      await writeReport(RESULT_PATH, report);
      console.log(`\n${formatTable(report)}\n\nWritten to ${RESULT_PATH}`);
    } finally {
      await context.close();
      await server.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
