import { todayInShanghai } from '../calendar/iso-date';
import type { Case } from '../case/case.schema';
import { STATUS_LABELS } from '../case/case-state-machine';
import { EVALUATION_LABELS } from '../case/evaluation';
import { maskIdNumber } from '../identity/resident-id';
import type { LocalizedMessage } from '../localized-message';
import { type CsvCell, toCsv } from './csv';
import { isInPeriod, type ReportPeriod } from './report-period';
import { type CatalogLookup, isStationCase, type ReportChannel, reportChannelOf } from './station-report';

export type ExportLanguage = 'zh' | 'en';

export const CHANNEL_LABELS: Readonly<Record<ReportChannel, LocalizedMessage>> = {
  window: { zh: '窗口办理', en: 'At the window' },
  'door-to-door': { zh: '上门办理', en: 'Door to door' },
  routed: { zh: '跨站通办', en: 'Routed between stations' },
};

const COLUMNS: readonly LocalizedMessage[] = [
  { zh: '办件编号', en: 'Case number' },
  { zh: '事项', en: 'Item' },
  { zh: '承办部门', en: 'Department' },
  { zh: '渠道', en: 'Channel' },
  { zh: '状态', en: 'Status' },
  { zh: '申请人', en: 'Applicant' },
  { zh: '证件号码', en: 'ID number' },
  { zh: '受理日期', en: 'Accepted on' },
  { zh: '承诺办结日期', en: 'Due on' },
  { zh: '办结日期', en: 'Concluded on' },
  { zh: '出件日期', en: 'Delivered on' },
  { zh: '跑动次数', en: 'Trips' },
  { zh: '评价', en: 'Rating' },
];

const dateOf = (instant: string | undefined): string =>
  instant === undefined ? '' : todayInShanghai(new Date(instant));

/**
 * The case list behind a station report as CSV: the cases the report counts in 办件量 (accepted in the period, a
 * 一件事 once as its parent). ID numbers are masked (maskIdNumber): an export leaves the device's protection.
 */
export function caseListCsv(
  cases: Iterable<Case>,
  catalogs: CatalogLookup,
  scope: { readonly stationId?: string; readonly period: ReportPeriod },
  language: ExportLanguage,
): string {
  const rows: CsvCell[][] = [];
  for (const c of cases) {
    if (c.parentCaseId !== undefined || !isStationCase(c, scope.stationId)) continue;
    if (!isInPeriod(c.acceptedOn, scope.period)) continue;
    const catalog = catalogs(c.catalogVersion);
    const target =
      c.bundleCode !== undefined
        ? catalog?.bundles.find((bundle) => bundle.code === c.bundleCode)
        : catalog?.items.find((item) => item.code === c.itemCode);
    const department = catalog?.departments.find((candidate) => candidate.code === c.handlingDepartment);
    rows.push([
      c.caseNo ?? '',
      target === undefined ? c.itemCode : language === 'zh' ? target.name : target.nameEn,
      department === undefined
        ? c.handlingDepartment
        : language === 'zh'
          ? department.name
          : department.nameEn,
      CHANNEL_LABELS[reportChannelOf(c)][language],
      STATUS_LABELS[c.status][language],
      c.applicant.name,
      maskIdNumber(c.applicant.idNumber),
      c.acceptedOn ?? '',
      c.dueOn ?? '',
      dateOf(c.concludedAt),
      dateOf(c.deliveredAt),
      c.trips.length,
      c.evaluation === undefined ? '' : EVALUATION_LABELS[c.evaluation.level][language],
    ]);
  }
  rows.sort((a, b) => String(a[7]).localeCompare(String(b[7])) || String(a[0]).localeCompare(String(b[0])));
  return toCsv([COLUMNS.map((column) => column[language]), ...rows]);
}
