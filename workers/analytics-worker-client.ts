import { proxy, type Remote, wrap } from 'comlink';
import type { StationReport } from '../src/domain/reports/station-report';
import type {
  AnalyticsWorkerApi,
  CaseListExportRequest,
  ReportProgress,
  StationReportRequest,
} from './analytics.worker';

export type { AnalyticsWorkerApi, CaseListExportRequest, ReportProgress, StationReportRequest };

let analyticsWorker: Remote<AnalyticsWorkerApi> | undefined;

/** Starts the worker on first use, so a session that never opens the dashboard never loads it. */
export function getAnalyticsWorker(): Remote<AnalyticsWorkerApi> {
  analyticsWorker ??= wrap<AnalyticsWorkerApi>(
    new Worker(new URL('./analytics.worker.ts', import.meta.url), { type: 'module' }),
  );
  return analyticsWorker;
}

/** The station's figures, computed in the worker from the local database; progress as cases are read. */
export function computeStationReport(
  request: StationReportRequest,
  onProgress?: (progress: ReportProgress) => void,
): Promise<StationReport> {
  return getAnalyticsWorker().stationReport(
    request,
    onProgress === undefined ? undefined : proxy(onProgress),
  );
}

/** The case list behind the report as CSV text (ID numbers masked), built in the worker. */
export function exportCaseList(request: CaseListExportRequest): Promise<string> {
  return getAnalyticsWorker().caseListCsv(request);
}
