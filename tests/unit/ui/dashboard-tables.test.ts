import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../../src/domain/calendar/built-in-holiday-years';
import { toCsv } from '../../../src/domain/reports/csv';
import { catalogLookup, computeStationReport } from '../../../src/domain/reports/station-report';
import { localize, translate } from '../../../src/ui/i18n/messages';
import { formatShare, stationTables } from '../../../src/ui/pages/dashboard-tables';
import { tinyCatalog } from '../catalog/tiny-catalog';
import { aCase } from '../reports/report-cases';

const zhText = {
  t: (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate('zh-CN', key, params),
  localized: (message: { zh: string; en: string }) => localize('zh-CN', message),
};

describe('dashboard tables', () => {
  it('shows shares as percentages with one decimal and no share as a dash', () => {
    expect(formatShare(0.625)).toBe('62.5%');
    expect(formatShare(1 / 3)).toBe('33.3%');
    expect(formatShare(null)).toBe('—');
  });

  it('gives each chart its numbers as a table that exports as it shows', () => {
    // Three March cases at GTZX: two at the window, one door to door → 2/3 = 66.7%, 1/3 = 33.3%, routed 0.
    const report = computeStationReport(
      [
        aCase({ id: 'a', acceptedOn: '2026-03-02' }),
        aCase({ id: 'b', acceptedOn: '2026-03-03' }),
        aCase({ id: 'c', acceptedOn: '2026-03-04', channel: 'door-to-door' }),
      ],
      catalogLookup([tinyCatalog()]),
      {
        stationId: 'GTZX',
        period: { from: '2026-03-01', to: '2026-03-31' },
        today: '2026-03-20',
        calendar: defaultCalendar(),
      },
    );
    const byChannel = stationTables(report, zhText).find((table) => table.id === 'by-channel');
    expect(byChannel?.rows).toEqual([
      ['窗口办理', 2, '66.7%'],
      ['上门办理', 1, '33.3%'],
      ['跨站通办', 0, '0.0%'],
    ]);
    expect(toCsv([byChannel?.columns ?? [], ...(byChannel?.rows ?? [])])).toBe(
      '\uFEFF渠道,件数,占比\r\n窗口办理,2,66.7%\r\n上门办理,1,33.3%\r\n跨站通办,0,0.0%\r\n',
    );
  });
});
