import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  computeStationReport,
  exportCaseList,
  type ReportProgress,
} from '../../../workers/analytics-worker-client';
import type { DeviceRepository } from '../../data/device.repository';
import { type AuthClient, createReportsClient } from '../../data/replication';
import { todayInShanghai } from '../../domain/calendar/iso-date';
import { seesCountyReport } from '../../domain/organisation/organisation.schema';
import type { CountyReport } from '../../domain/reports/county-report';
import { toCsv } from '../../domain/reports/csv';
import {
  isValidPeriod,
  PERIOD_PRESETS,
  type PeriodPreset,
  presetPeriod,
  type ReportPeriod,
} from '../../domain/reports/report-period';
import type { StationReport } from '../../domain/reports/station-report';
import type { BarEntry } from '../components/jb-bar-chart';
import { authClientContext, deviceRepositoryContext } from '../contexts';
import { SessionController } from '../controllers/session-controller';
import { downloadText } from '../download';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { controlStyles } from './case-styles';
import {
  channelEntries,
  countyStationTable,
  evaluationEntries,
  exemptionEntries,
  formatDecimal,
  formatShare,
  type ReportTable,
  stationTables,
} from './dashboard-tables';
import { pageStyles } from './page-styles';
import '../components/jb-bar-chart';

type Tab = 'station' | 'county';
type PeriodChoice = PeriodPreset | 'custom';

type Loadable<T> =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly progress?: ReportProgress }
  | { readonly state: 'done'; readonly value: T }
  | { readonly state: 'failed'; readonly message: string };

const IDLE = { state: 'idle' } as const;

const messageOf = (error: unknown): string => {
  if (typeof error === 'object' && error !== null && 'localizedMessage' in error) {
    const { localizedMessage } = error as { localizedMessage: { zh: string } };
    return localizedMessage.zh;
  }
  return error instanceof Error ? error.message : String(error);
};

/**
 * 统计: the station's figures from this device's own cases (offline too), computed in the analytics worker so the
 * page stays responsive over tens of thousands of cases; administrators also get the county view from the server.
 * Every chart has its numbers in a table beside it, and every table exports to CSV.
 */
@customElement('jb-page-dashboard')
export class JbPageDashboard extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    css`
      .tabs {
        display: flex;
        gap: var(--jb-space-2);
        margin-bottom: var(--jb-space-4);
        border-bottom: 1px solid var(--jb-color-border);
      }

      .tabs button {
        min-height: 48px;
        padding: 0 var(--jb-space-5);
        border: none;
        border-bottom: 3px solid transparent;
        background: none;
        color: var(--jb-color-text-muted);
        font: inherit;
        cursor: pointer;
      }

      .tabs button[aria-selected='true'] {
        border-bottom-color: var(--jb-color-primary);
        color: var(--jb-color-primary-strong);
        font-weight: 700;
      }

      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: var(--jb-space-3);
        margin-bottom: var(--jb-space-4);
      }

.spacer {
        flex: 1;
      }

      .range {
        color: var(--jb-color-text-muted);
        align-self: center;
      }

      .note {
        margin: 0 0 var(--jb-space-4);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
        gap: var(--jb-space-3);
        margin: 0 0 var(--jb-space-5);
        padding: 0;
        list-style: none;
      }

      .tile {
        padding: var(--jb-space-4);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
      }

      .tile .label {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .tile .value {
        display: block;
        margin: var(--jb-space-1) 0;
        font-size: 28px;
        font-weight: 700;
        color: var(--jb-color-primary-strong);
      }

      .tile .detail {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .yellow {
        color: var(--jb-color-warning);
      }

      .red {
        color: var(--jb-color-accent);
      }

      section {
        margin-bottom: var(--jb-space-5);
        break-inside: avoid;
      }

      section header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: var(--jb-space-3);
      }

      .figure {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
        gap: var(--jb-space-4);
        align-items: start;
      }

      @media (max-width: 900px) {
        .figure {
          grid-template-columns: 1fr;
        }
      }

      table {
        width: 100%;
        border-collapse: collapse;
        background: var(--jb-color-surface);
      }

      th,
      td {
        padding: var(--jb-space-2) var(--jb-space-3);
        border-bottom: 1px solid var(--jb-color-border);
        text-align: left;
      }

      th {
        background: var(--jb-color-primary-soft);
        color: var(--jb-color-primary-strong);
        font-size: var(--jb-font-size-small);
      }

      td.number {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }

      progress {
        width: 100%;
        height: 12px;
      }

      @media print {
        .tabs,
        .toolbar,
        .export {
          display: none;
        }

        .figure {
          grid-template-columns: 1fr 1fr;
        }

        section,
        .tile,
        tr {
          break-inside: avoid;
        }
      }
    `,
  ];

  @consume({ context: authClientContext })
  private readonly _auth!: AuthClient;

  @consume({ context: deviceRepositoryContext })
  private readonly _device!: DeviceRepository;

  @state() private _tab: Tab = 'station';
  @state() private _choice: PeriodChoice = 'this-month';
  @state() private _customFrom = '';
  @state() private _customTo = '';
  @state() private _period: ReportPeriod = presetPeriod('this-month', todayInShanghai(new Date()));
  @state() private _station: Loadable<StationReport> = IDLE;
  @state() private _county: Loadable<CountyReport> = IDLE;
  @state() private _exporting = false;

  private readonly _session = new SessionController(this);
  private readonly _i18n = new LocaleController(this);
  /** What the shown station report was asked for; a newer request makes older answers stale. */
  private _stationKey = '';
  private _countyKey = '';

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const stationId = this._session.profile?.stationId;
    const key = `${stationId ?? ''}|${this._period.from}|${this._period.to}`;
    if (stationId !== undefined && key !== this._stationKey) {
      this._stationKey = key;
      void this._loadStation(stationId, key);
    }
    if (this._shownTab() === 'county') {
      const countyKey = `${this._period.from}|${this._period.to}`;
      const retry = changed.has('_tab') && this._county.state === 'failed';
      if (countyKey !== this._countyKey || retry) this._loadCountyIfOnline(countyKey);
    }
  }

  /**
   * The station tab for whoever works at a station, the county tab for administrators and supervisors; a
   * supervisor, bound to no station, sees the county alone.
   */
  private _shownTab(): Tab {
    const role = this._session.role;
    if (role === undefined || !seesCountyReport(role)) return 'station';
    return this._session.profile?.stationId === undefined ? 'county' : this._tab;
  }

  override render() {
    const role = this._session.role;
    const bothTabs =
      role !== undefined && seesCountyReport(role) && this._session.profile?.stationId !== undefined;
    const tab = this._shownTab();
    return html`
      <h1>${this._i18n.t('dashboard.title')}</h1>
      ${
        bothTabs
          ? html`<div class="tabs" role="tablist">
              ${this._renderTab('station', 'dashboard.tab.station')} ${this._renderTab('county', 'dashboard.tab.county')}
            </div>`
          : nothing
      }
      ${this._renderPeriodPicker(tab)}
      ${tab === 'station' ? this._renderStation() : this._renderCounty()}
    `;
  }

  private _renderTab(tab: Tab, label: 'dashboard.tab.station' | 'dashboard.tab.county') {
    return html`<button
      type="button"
      role="tab"
      aria-selected=${this._tab === tab ? 'true' : 'false'}
      @click=${() => {
        this._tab = tab;
      }}
    >
      ${this._i18n.t(label)}
    </button>`;
  }

  private _renderPeriodPicker(tab: Tab) {
    const t = this._i18n.t.bind(this._i18n);
    const invalidCustom =
      this._choice === 'custom' && !isValidPeriod({ from: this._customFrom, to: this._customTo });
    return html`
      <div class="toolbar">
        <label class="field">
          ${t('dashboard.period')}
          <select @change=${this._choosePeriod}>
            ${[...PERIOD_PRESETS, 'custom' as const].map(
              (choice) =>
                html`<option value=${choice} ?selected=${this._choice === choice}>
                  ${t(`dashboard.period.${choice}`)}
                </option>`,
            )}
          </select>
        </label>
        ${
          this._choice === 'custom'
            ? html`
                <label class="field">
                  ${t('dashboard.period.from')}
                  <input type="date" .value=${this._customFrom} @change=${(event: Event) => {
                    this._customFrom = (event.target as HTMLInputElement).value;
                  }} />
                </label>
                <label class="field">
                  ${t('dashboard.period.to')}
                  <input type="date" .value=${this._customTo} @change=${(event: Event) => {
                    this._customTo = (event.target as HTMLInputElement).value;
                  }} />
                </label>
                <button class="button primary" type="button" ?disabled=${invalidCustom} @click=${this._applyCustom}>
                  ${t('dashboard.period.apply')}
                </button>
              `
            : nothing
        }
        <span class="range">${t('dashboard.period.range', { from: this._period.from, to: this._period.to })}</span>
        <span class="spacer"></span>
        ${
          tab === 'station'
            ? html`<button class="button export" type="button" ?disabled=${this._exporting} @click=${this._exportCases}>
                ${this._exporting ? t('dashboard.export.exporting') : t('dashboard.export.cases')}
              </button>`
            : nothing
        }
        <button class="button export" type="button" @click=${() => window.print()}>${t('dashboard.print')}</button>
      </div>
      ${invalidCustom && this._customFrom !== '' && this._customTo !== '' ? html`<p class="error">${t('dashboard.period.invalid')}</p>` : nothing}
    `;
  }

  private _renderStation() {
    const t = this._i18n.t.bind(this._i18n);
    if (this._session.profile?.stationId === undefined)
      return html`<p class="status">${t('dashboard.noStation')}</p>`;
    const loaded = this._station;
    if (loaded.state === 'failed') {
      return html`<p class="status" role="alert">${t('dashboard.failed', { message: loaded.message })}</p>`;
    }
    if (loaded.state !== 'done')
      return this._renderProgress(loaded.state === 'loading' ? loaded.progress : undefined);
    const report = loaded.value;
    const { missingCatalog, missingCalendarYear } = report.notCounted;
    return html`
      <p class="note">${t('dashboard.offlineNote')}</p>
      ${
        missingCatalog + missingCalendarYear > 0
          ? html`<p class="note">${t('dashboard.notCounted', { catalog: missingCatalog, calendar: missingCalendarYear })}</p>`
          : nothing
      }
      ${this._renderTiles(report)} ${this._renderStationSections(report)}
    `;
  }

  private _renderProgress(progress: ReportProgress | undefined) {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <div class="status" role="status" aria-busy="true">
        <p>${t('dashboard.computing')}</p>
        ${
          progress === undefined || progress.total === 0
            ? html`<progress></progress>`
            : html`<progress max=${progress.total} value=${progress.read}></progress>
                <p>${t('dashboard.progress', { read: progress.read, total: progress.total })}</p>`
        }
      </div>
    `;
  }

  private _renderTiles(report: StationReport) {
    const t = this._i18n.t.bind(this._i18n);
    const { volume, deadlines, duration, trips, materials, evaluations } = report;
    const tile = (label: string, value: unknown, detail: unknown, testId: string) =>
      html`<li class="tile" data-kpi=${testId}>
        <span class="label">${label}</span><span class="value">${value}</span><span class="detail">${detail}</span>
      </li>`;
    return html`<ul class="tiles">
      ${tile(t('dashboard.kpi.volume'), volume.total, t('dashboard.period.range', { from: report.period.from, to: report.period.to }), 'volume')}
      ${tile(
        t('dashboard.kpi.onTime'),
        formatShare(deadlines.onTimeRate),
        t('dashboard.kpi.onTimeDetail', { onTime: deadlines.onTime, concluded: deadlines.concluded }),
        'on-time',
      )}
      ${tile(
        t('dashboard.kpi.lights'),
        html`<span class="yellow">${deadlines.yellow}</span> / <span class="red">${deadlines.red}</span>`,
        t('dashboard.kpi.lightsDetail'),
        'lights',
      )}
      ${tile(
        t('dashboard.kpi.duration'),
        `${formatDecimal(duration.meanWorkingDays)} / ${duration.p90WorkingDays ?? t('dashboard.none')}`,
        t('dashboard.kpi.durationDetail', { count: duration.concluded }),
        'duration',
      )}
      ${tile(
        t('dashboard.kpi.trips'),
        formatDecimal(trips.meanTrips, 2),
        t('dashboard.kpi.tripsDetail', { count: trips.delivered }),
        'trips',
      )}
      ${tile(
        t('dashboard.kpi.oneTrip'),
        formatShare(trips.atMostOneShare),
        t('dashboard.kpi.oneTripDetail', { count: trips.atMostOne, breaches: trips.breaches }),
        'one-trip',
      )}
      ${tile(
        t('dashboard.kpi.materials'),
        materials.exempted,
        t('dashboard.kpi.materialsDetail', { share: formatShare(materials.cutShare) }),
        'materials',
      )}
      ${tile(
        t('dashboard.kpi.satisfaction'),
        formatShare(evaluations.satisfactionRate),
        t('dashboard.kpi.satisfactionDetail', { count: evaluations.rated }),
        'satisfaction',
      )}
    </ul>`;
  }

  private _renderStationSections(report: StationReport) {
    const text = this._i18n;
    const tables = new Map(stationTables(report, text).map((table) => [table.id, table]));
    const charts: ReadonlyMap<string, { entries: BarEntry[]; vertical?: boolean }> = new Map([
      [
        'by-item',
        { entries: report.volume.byItem.map((e) => ({ label: text.localized(e.label), value: e.count })) },
      ],
      [
        'by-department',
        {
          entries: report.volume.byDepartment.map((e) => ({
            label: text.localized(e.label),
            value: e.count,
          })),
        },
      ],
      [
        'by-channel',
        { entries: channelEntries(report, text).map(({ label, count }) => ({ label, value: count })) },
      ],
      [
        'evaluations',
        {
          entries: evaluationEntries(report, text).map(({ label, count }) => ({ label, value: count })),
          vertical: true,
        },
      ],
      [
        'exemptions',
        { entries: exemptionEntries(report, text).map(({ label, count }) => ({ label, value: count })) },
      ],
    ]);
    return html`${[...tables.values()]
      .filter((table) => table.id !== 'summary')
      .map((table) => this._renderSection(table, charts.get(table.id)))}`;
  }

  private _renderSection(table: ReportTable, chart?: { entries: BarEntry[]; vertical?: boolean }) {
    const t = this._i18n.t.bind(this._i18n);
    const body =
      table.rows.length === 0
        ? html`<p class="note">${table.id === 'follow-ups' ? t('dashboard.noFollowUps') : t('dashboard.empty')}</p>`
        : this._renderTable(table);
    return html`<section data-table=${table.id}>
      <header>
        <h2>${table.title}</h2>
        <button class="button export" type="button" @click=${() => this._exportTable(table)}>
          ${t('dashboard.export.table')}
        </button>
      </header>
      ${
        chart === undefined || chart.entries.every((entry) => entry.value === 0)
          ? body
          : html`<div class="figure">
              <jb-bar-chart
                .entries=${chart.entries}
                .name=${table.title}
                .loadingText=${t('dashboard.chartLoading')}
                ?vertical=${chart.vertical === true}
              ></jb-bar-chart>
              ${body}
            </div>`
      }
    </section>`;
  }

  private _renderTable(table: ReportTable) {
    return html`<table>
      <thead>
        <tr>
          ${table.columns.map((column) => html`<th scope="col">${column}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${table.rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell) => html`<td class=${typeof cell === 'number' ? 'number' : ''}>${cell ?? ''}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private _renderCounty() {
    const t = this._i18n.t.bind(this._i18n);
    const loaded = this._county;
    if (loaded.state === 'failed') {
      return html`<p class="status" role="alert">${t('dashboard.county.failed', { message: loaded.message })}</p>`;
    }
    if (loaded.state !== 'done')
      return html`<p class="status" role="status">${t('dashboard.county.loading')}</p>`;
    const report = loaded.value;
    const formatTime = (iso: string) =>
      new Date(iso).toLocaleString(this._i18n.locale, { timeZone: 'Asia/Shanghai' });
    const ranking = countyStationTable(report.stations, this._i18n, formatTime);
    return html`
      ${this._renderSection(ranking, {
        entries: report.stations.map((row) => ({
          label: this._i18n.localized(row.name),
          value: Math.round((row.report.deadlines.onTimeRate ?? 0) * 1000) / 10,
        })),
      })}
      <h2>${t('dashboard.section.county')}</h2>
      ${this._renderTiles(report.county)} ${this._renderStationSections(report.county)}
    `;
  }

  private _choosePeriod(event: Event): void {
    const choice = (event.target as HTMLSelectElement).value as PeriodChoice;
    this._choice = choice;
    if (choice === 'custom') {
      this._customFrom ||= this._period.from;
      this._customTo ||= this._period.to;
      return;
    }
    this._period = presetPeriod(choice, todayInShanghai(new Date()));
  }

  private _applyCustom(): void {
    const period = { from: this._customFrom, to: this._customTo };
    if (isValidPeriod(period)) this._period = period;
  }

  private async _loadStation(stationId: string, key: string): Promise<void> {
    this._station = { state: 'loading' };
    try {
      const report = await computeStationReport(
        { stationId, period: this._period, today: todayInShanghai(new Date()) },
        (progress) => {
          if (this._stationKey === key) this._station = { state: 'loading', progress };
        },
      );
      if (this._stationKey === key) this._station = { state: 'done', value: report };
    } catch (error) {
      if (this._stationKey === key) this._station = { state: 'failed', message: messageOf(error) };
    }
  }

  private _loadCountyIfOnline(key: string): void {
    this._countyKey = key;
    if (!navigator.onLine) {
      this._county = { state: 'failed', message: this._i18n.t('dashboard.county.offline') };
      return;
    }
    void this._loadCounty(key);
  }

  private async _loadCounty(key: string): Promise<void> {
    this._county = { state: 'loading' };
    try {
      const answer = await createReportsClient({ auth: this._auth, device: this._device }).countyReport(
        this._period,
      );
      if (this._countyKey !== key) return;
      this._county = answer.ok
        ? { state: 'done', value: answer.report }
        : { state: 'failed', message: this._i18n.localized(answer.reason) };
    } catch (error) {
      if (this._countyKey === key) this._county = { state: 'failed', message: messageOf(error) };
    }
  }

  private _exportTable(table: ReportTable): void {
    const csv = toCsv([table.columns, ...table.rows]);
    downloadText(`${table.title}-${this._period.from}-${this._period.to}.csv`, csv);
  }

  private async _exportCases(): Promise<void> {
    const stationId = this._session.profile?.stationId;
    if (stationId === undefined) return;
    this._exporting = true;
    try {
      const csv = await exportCaseList({
        stationId,
        period: this._period,
        language: this._i18n.locale === 'en' ? 'en' : 'zh',
      });
      downloadText(
        `${this._i18n.t('dashboard.export.cases')}-${stationId}-${this._period.from}-${this._period.to}.csv`,
        csv,
      );
    } finally {
      this._exporting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-dashboard': JbPageDashboard;
  }
}
