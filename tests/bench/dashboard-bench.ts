import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { type Figure, figure, summarize } from './bench-report';
import { PROJECT_ROOT } from './bench-site';

/**
 * The station dashboard over the cases already in the app's database (run-bench fills it): one station's report
 * computed in the analytics worker, timed from the request to the report back on the page.
 */

const PAGE_PATH = '/bench-dashboard/index.html';
const RUNS = 5;
const STATION = 'GTZX';
/** The realistic cases run up to 2026-06-01: the dashboard as seen that day, over the year before it. */
const TODAY = '2026-06-01';
const PERIOD = { from: '2025-06-01', to: '2026-05-31' };

async function buildDashboardBenchPage(siteDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve(PROJECT_ROOT, 'tests/bench/pages/dashboard'),
    base: '/bench-dashboard/',
    mode: 'production',
    logLevel: 'error',
    // The worker bundle splits like the app's (vite.config.ts): ES module workers.
    worker: { format: 'es' },
    build: { outDir: join(siteDir, 'bench-dashboard'), emptyOutDir: true, sourcemap: false },
  });
}

export async function measureStationDashboard(
  context: BrowserContext,
  siteDir: string,
  baseUrl: string,
  localCases: number,
): Promise<Figure[]> {
  await buildDashboardBenchPage(siteDir);
  const page = await context.newPage();
  try {
    // Each run in a freshly loaded page, so each starts the worker, opens the database and reads every case, as the
    // dashboard does when a clerk opens it; a second report in the last page shows what a warm worker costs. The raw
    // read of the same cases goes first in every other run, so neither always finds the other's reads cached.
    const firstOpens: number[] = [];
    const firstPages: number[] = [];
    const rawReads: number[] = [];
    let last = { ms: [] as number[], volume: 0, casesRead: 0 };
    let rawCases = 0;
    for (let run = 0; run < RUNS; run++) {
      await page.goto(new URL(PAGE_PATH, baseUrl).href);
      await page.waitForFunction(() => window.jinbanDashboardBench !== undefined);
      const rawRead = () => page.evaluate(() => window.jinbanDashboardBench!.timeRawRead());
      const raw = run % 2 === 0 ? await rawRead() : undefined;
      const report = await page.evaluate(
        ([runs, station, period, today]) =>
          window.jinbanDashboardBench!.timeStationReport(runs, station, period, today),
        [run === RUNS - 1 ? 2 : 1, STATION, PERIOD, TODAY] as const,
      );
      const { ms: rawMs, cases } = raw ?? (await rawRead());
      rawReads.push(rawMs);
      rawCases = cases;
      last = report;
      firstOpens.push(report.ms[0] ?? Number.NaN);
      firstPages.push(report.firstPageMs[0] ?? Number.NaN);
    }
    const size = `@${localCases / 1000}k`;
    return [
      figure('dashboard.station-report', `Station dashboard in the worker ${size}`, 'ms', firstOpens, {
        note: `${STATION}, ${PERIOD.from}–${PERIOD.to}: ${last.volume} cases in the period, ${last.casesRead} read; worker start and database open included (first page of cases after a median ${Math.round(summarize(firstPages).median)} ms); a second report in a warm worker took ${Math.round(last.ms[1] ?? Number.NaN)} ms`,
      }),
      figure('dashboard.raw-read', `Raw IndexedDB read of every case ${size}`, 'ms', rawReads, {
        note: `${rawCases} cases from RxDB's store on the page, pages of 2,000, nothing computed: the floor`,
      }),
      figure(
        'dashboard.ratio',
        'Station dashboard / raw read, paired',
        'ratio',
        firstOpens.map((ms, index) => ms / rawReads[index]!),
      ),
    ];
  } finally {
    await page.close();
  }
}
