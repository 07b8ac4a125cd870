import type { ReportPeriod } from '../../../../src/domain/reports/report-period';
import { computeStationReport } from '../../../../workers/analytics-worker-client';

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
): Promise<{ ms: number[]; volume: number; casesRead: number }> {
  const ms: number[] = [];
  let volume = 0;
  let casesRead = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const report = await computeStationReport({ stationId, period, today }, (progress) => {
      casesRead = progress.read;
    });
    ms.push(performance.now() - start);
    volume = report.volume.total;
  }
  return { ms, volume, casesRead };
}

const dashboardBench = { timeStationReport };

declare global {
  interface Window {
    jinbanDashboardBench?: typeof dashboardBench;
  }
}

window.jinbanDashboardBench = dashboardBench;
