import type { ReportPeriod } from '../../../../src/domain/reports/report-period';
import { computeStationReport } from '../../../../workers/analytics-worker-client';
import { requestDone } from '../raw-indexeddb';

/**
 * Times the station dashboard as the app computes it: through the analytics worker client, the worker reading the
 * app's own database on this origin. `runs` reports back to back in this page: the first also starts the worker and
 * opens the database there; later ones find RxDB's query cache warm.
 */
async function timeStationReport(
  runs: number,
  stationId: string,
  period: ReportPeriod,
  today: string,
): Promise<{ ms: number[]; firstPageMs: number[]; volume: number; casesRead: number }> {
  const ms: number[] = [];
  const firstPageMs: number[] = [];
  let volume = 0;
  let casesRead = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    let firstPageAt: number | undefined;
    const report = await computeStationReport({ stationId, period, today }, (progress) => {
      if (progress.read > 0) firstPageAt ??= performance.now();
      casesRead = progress.read;
    });
    ms.push(performance.now() - start);
    firstPageMs.push((firstPageAt ?? Number.NaN) - start);
    volume = report.volume.total;
  }
  return { ms, firstPageMs, volume, casesRead };
}

/** The worker's read pages (analytics.worker.ts). */
const RAW_PAGE_SIZE = 2_000;

/**
 * The floor of any report over the device's cases: every stored case read straight from RxDB's IndexedDB store on
 * this page, in the worker's page size, nothing computed. How many it read, and how long it took.
 */
async function timeRawRead(): Promise<{ ms: number; cases: number }> {
  const names = (await indexedDB.databases()).map((info) => info.name ?? '');
  const name = names.find((candidate) => /^rxdb-dexie-jinban--\d+--cases$/.test(candidate));
  if (name === undefined) throw new Error('the app database holds no cases store');
  const start = performance.now();
  const db = await requestDone(indexedDB.open(name));
  let cases = 0;
  let after: IDBValidKey | undefined;
  try {
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const store = db.transaction('docs', 'readonly').objectStore('docs');
      const [page, keys] = await Promise.all([
        requestDone(store.getAll(range, RAW_PAGE_SIZE)),
        requestDone(store.getAllKeys(range, RAW_PAGE_SIZE)),
      ]);
      cases += page.length;
      if (page.length < RAW_PAGE_SIZE) break;
      after = keys[keys.length - 1];
    }
  } finally {
    db.close();
  }
  return { ms: performance.now() - start, cases };
}

const dashboardBench = { timeStationReport, timeRawRead };

declare global {
  interface Window {
    jinbanDashboardBench?: typeof dashboardBench;
  }
}

window.jinbanDashboardBench = dashboardBench;
