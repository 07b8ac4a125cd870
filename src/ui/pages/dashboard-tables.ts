import { EVALUATION_LEVELS } from '../../domain/case/case.schema';
import { EVALUATION_LABELS } from '../../domain/case/evaluation';
import { EXEMPTION_KINDS } from '../../domain/catalog/catalog.schema';
import { EXEMPTION_LABELS } from '../../domain/catalog/catalog-labels';
import type { LocalizedMessage } from '../../domain/localized-message';
import { CHANNEL_LABELS } from '../../domain/reports/case-list-export';
import type { CountyStationRow } from '../../domain/reports/county-report';
import type { CsvCell } from '../../domain/reports/csv';
import { type CountEntry, REPORT_CHANNELS, type StationReport } from '../../domain/reports/station-report';
import { share } from '../../domain/reports/statistics';
import type { MessageKey, MessageParams } from '../i18n/messages';

/** One table of the dashboard: what the page shows under a chart and what its CSV export holds. */
export interface ReportTable {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CsvCell[])[];
}

export interface TableText {
  t(key: MessageKey, params?: MessageParams): string;
  localized(message: LocalizedMessage): string;
}

const NO_VALUE = '—';

export const formatShare = (value: number | null): string =>
  value === null ? NO_VALUE : `${(value * 100).toFixed(1)}%`;

export const formatDecimal = (value: number | null, digits = 1): string =>
  value === null ? NO_VALUE : value.toFixed(digits);

function countTable(
  id: string,
  title: string,
  firstColumn: string,
  entries: readonly { readonly label: string; readonly count: number }[],
  text: TableText,
): ReportTable {
  const total = entries.reduce((sum, entry) => sum + entry.count, 0);
  return {
    id,
    title,
    columns: [firstColumn, text.t('dashboard.column.count'), text.t('dashboard.column.share')],
    rows: entries.map((entry) => [entry.label, entry.count, formatShare(share(entry.count, total))]),
  };
}

const labelled = (entries: readonly CountEntry[], text: TableText) =>
  entries.map((entry) => ({ label: text.localized(entry.label), count: entry.count }));

export const channelEntries = (report: StationReport, text: TableText) =>
  REPORT_CHANNELS.map((channel) => ({
    label: text.localized(CHANNEL_LABELS[channel]),
    count: report.volume.byChannel[channel],
  }));

export const evaluationEntries = (report: StationReport, text: TableText) =>
  EVALUATION_LEVELS.map((level) => ({
    label: text.localized(EVALUATION_LABELS[level]),
    count: report.evaluations.byLevel[level],
  }));

export const exemptionEntries = (report: StationReport, text: TableText) =>
  EXEMPTION_KINDS.map((kind) => ({
    label: text.localized(EXEMPTION_LABELS[kind]),
    count: report.materials.byExemption[kind],
  }));

/** The headline figures as rows, so the KPI tiles export and print like every other table. */
export function kpiRows(report: StationReport, text: TableText): readonly (readonly [string, string])[] {
  const { volume, deadlines, duration, trips, materials, evaluations } = report;
  return [
    [text.t('dashboard.kpi.volume'), String(volume.total)],
    [text.t('dashboard.kpi.onTime'), formatShare(deadlines.onTimeRate)],
    [text.t('dashboard.kpi.lights'), `${deadlines.yellow} / ${deadlines.red}`],
    [
      text.t('dashboard.kpi.duration'),
      `${formatDecimal(duration.meanWorkingDays)} / ${duration.p90WorkingDays ?? NO_VALUE}`,
    ],
    [text.t('dashboard.kpi.trips'), formatDecimal(trips.meanTrips, 2)],
    [text.t('dashboard.kpi.oneTrip'), formatShare(trips.atMostOneShare)],
    [text.t('dashboard.kpi.materials'), `${materials.exempted} (${formatShare(materials.cutShare)})`],
    [text.t('dashboard.kpi.satisfaction'), formatShare(evaluations.satisfactionRate)],
  ];
}

export function stationTables(report: StationReport, text: TableText): readonly ReportTable[] {
  const t = text.t.bind(text);
  return [
    {
      id: 'summary',
      title: t('dashboard.title'),
      columns: [t('dashboard.column.figure'), t('dashboard.column.value')],
      rows: kpiRows(report, text),
    },
    countTable(
      'by-item',
      t('dashboard.section.byItem'),
      t('dashboard.column.item'),
      labelled(report.volume.byItem, text),
      text,
    ),
    countTable(
      'by-department',
      t('dashboard.section.byDepartment'),
      t('dashboard.column.department'),
      labelled(report.volume.byDepartment, text),
      text,
    ),
    countTable(
      'by-channel',
      t('dashboard.section.byChannel'),
      t('dashboard.column.channel'),
      channelEntries(report, text),
      text,
    ),
    countTable(
      'evaluations',
      t('dashboard.section.evaluations'),
      t('dashboard.column.level'),
      evaluationEntries(report, text),
      text,
    ),
    countTable(
      'exemptions',
      t('dashboard.section.exemptions'),
      t('dashboard.column.kind'),
      [
        ...exemptionEntries(report, text),
        { label: t('dashboard.exemption.submitted'), count: report.materials.submitted },
      ],
      text,
    ),
    {
      id: 'follow-ups',
      title: t('dashboard.section.followUps'),
      columns: [
        t('dashboard.column.caseNo'),
        t('dashboard.column.rating'),
        t('dashboard.column.followUpDue'),
        t('dashboard.column.overdue'),
      ],
      rows: report.evaluations.openFollowUps.map((followUp) => [
        followUp.caseNo ?? followUp.caseId,
        text.localized(EVALUATION_LABELS[followUp.level]),
        followUp.followUpDue,
        followUp.overdue ? t('dashboard.overdue') : t('dashboard.notOverdue'),
      ]),
    },
  ];
}

export function countyStationTable(
  rows: readonly CountyStationRow[],
  text: TableText,
  formatTime: (iso: string) => string,
): ReportTable {
  const t = text.t.bind(text);
  return {
    id: 'stations',
    title: t('dashboard.section.stations'),
    columns: [
      t('dashboard.column.rank'),
      t('dashboard.column.station'),
      t('dashboard.column.volume'),
      t('dashboard.column.onTime'),
      t('dashboard.column.meanTrips'),
      t('dashboard.column.oneTrip'),
      t('dashboard.column.satisfaction'),
      t('dashboard.column.red'),
      t('dashboard.column.lastSync'),
    ],
    rows: rows.map((row, index) => [
      index + 1,
      text.localized(row.name),
      row.report.volume.total,
      formatShare(row.report.deadlines.onTimeRate),
      formatDecimal(row.report.trips.meanTrips, 2),
      formatShare(row.report.trips.atMostOneShare),
      formatShare(row.report.evaluations.satisfactionRate),
      row.report.deadlines.red,
      row.lastSyncAt === null ? t('dashboard.neverSynced') : formatTime(row.lastSyncAt),
    ]),
  };
}
