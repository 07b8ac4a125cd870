import type { LocalizedMessage } from '../../domain/localized-message';
import type { CountyReport } from '../../domain/reports/county-report';
import type { ReportPeriod } from '../../domain/reports/report-period';
import type { DeviceRepository } from '../device.repository';
import type { AuthClient } from './auth-client';
import { readJson } from './server-api';

export type CountyReportAnswer =
  | { readonly ok: true; readonly report: CountyReport }
  /** No server session on this device: the county view needs an online sign-in first. */
  | { readonly ok: false; readonly reason: LocalizedMessage };

export interface ReportsClient {
  /**
   * 县级视图 from the sync server (administrators only). Throws as AuthClient.authorizedFetch does: unreachable,
   * refused (403 for anyone but an administrator) or session ended.
   */
  countyReport(period: ReportPeriod): Promise<CountyReportAnswer>;
}

const NOT_SIGNED_IN: LocalizedMessage = {
  zh: '县级视图需要联网登录同步服务器',
  en: 'The county view needs an online sign-in to the sync server',
};

export function createReportsClient(deps: {
  readonly auth: AuthClient;
  readonly device: DeviceRepository;
}): ReportsClient {
  return {
    async countyReport(period) {
      const session = await deps.device.getSession();
      if (session === undefined) return { ok: false, reason: NOT_SIGNED_IN };
      const query = new URLSearchParams({ from: period.from, to: period.to });
      const response = await deps.auth.authorizedFetch(
        `${session.serverUrl.replace(/\/+$/, '')}/api/reports/county?${query}`,
      );
      return { ok: true, report: await readJson<CountyReport>(response) };
    },
  };
}
