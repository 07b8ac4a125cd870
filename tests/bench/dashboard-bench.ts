import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { type Figure, figure } from './bench-report';
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
): Promise<Figure> {
  await buildDashboardBenchPage(siteDir);
  const page = await context.newPage();
  try {
    // Each run in a freshly loaded page, so each starts the worker, opens the database and reads every case, as the
    // dashboard does when a clerk opens it; a second report in the last page shows what a warm worker costs.
    const firstOpens: number[] = [];
    let last = { ms: [] as number[], volume: 0, casesRead: 0 };
    for (let run = 0; run < RUNS; run++) {
      await page.goto(new URL(PAGE_PATH, baseUrl).href);
      await page.waitForFunction(() => window.jinbanDashboardBench !== undefined);
      last = await page.evaluate(
        ([runs, station, period, today]) =>
          window.jinbanDashboardBench!.timeStationReport(runs, station, period, today),
        [run === RUNS - 1 ? 2 : 1, STATION, PERIOD, TODAY] as const,
      );
      firstOpens.push(last.ms[0] ?? Number.NaN);
    }
    return figure(
      'dashboard.station-report',
      `Station dashboard in the worker @${localCases / 1000}k`,
      'ms',
      firstOpens,
      {
        note: `${STATION}, ${PERIOD.from}–${PERIOD.to}: ${last.volume} cases in the period, ${last.casesRead} read; worker start and database open included; a second report in a warm worker took ${Math.round(last.ms[1] ?? Number.NaN)} ms`,
      },
    );
  } finally {
    await page.close();
  }
}
