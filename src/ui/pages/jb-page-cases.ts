import { consume } from '@lit/context';
import '@lit-labs/virtualizer';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { BehaviorSubject, map, switchMap } from 'rxjs';
import type { CalendarRepository } from '../../data/calendar.repository';
import type { CaseRepository } from '../../data/case.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { SyncController } from '../../data/replication';
import { WorkingDayCalendar } from '../../domain/calendar/working-day-calendar';
import { CASE_STATUSES, type CaseStatus, CHANNELS, type Channel } from '../../domain/case/case.schema';
import { STATUS_LABELS } from '../../domain/case/case-state-machine';
import { DEADLINE_LABELS } from '../../domain/case/deadline';
import { CASE_ROW_COLUMNS } from '../components/jb-case-row';
import { caseSyncIssue } from '../components/sync-text';
import {
  calendarRepositoryContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  syncControllerContext,
} from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import {
  type CaseListFilters,
  type CaseListRow,
  CatalogVersions,
  type LightFilter,
  observeCaseList,
} from './case-list-source';
import { controlStyles } from './case-styles';
import { pageStyles } from './page-styles';
import '../components/jb-case-row';
import '../components/jb-search-box';
import type { JbSearchEvent } from '../components/jb-search-box';

const PAGE_SIZE = 50;
/** Rows left below the visible ones when the next page is asked for, so scrolling rarely waits. */
const PREFETCH_ROWS = 20;
const LIGHTS: readonly LightFilter[] = ['green', 'yellow', 'red'];

interface ListRequest {
  readonly filters: CaseListFilters;
  readonly limit: number;
}

/**
 * The cases on this tablet, newest first, filtered by status, item, traffic light and channel or found by
 * applicant name, ID number or case number. Only the rows on screen are rendered and only the pages scrolled to
 * are read, so 50,000 local cases stay fast.
 */
@customElement('jb-page-cases')
export class JbPageCases extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    css`
      .filters {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: var(--jb-space-3);
        margin: var(--jb-space-3) 0;
      }

      .count {
        margin: 0 0 var(--jb-space-2);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .list {
        overflow: hidden;
      }

      .columns {
        display: grid;
        gap: var(--jb-space-3);
        padding: var(--jb-space-2) var(--jb-space-4);
        border-bottom: 1px solid var(--jb-color-border);
        background: var(--jb-color-background);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
        font-weight: 600;
      }

      lit-virtualizer {
        width: 100%;
      }

      jb-case-row {
        width: 100%;
      }
    `,
  ];

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: calendarRepositoryContext })
  private readonly _calendars!: CalendarRepository;

  @consume({ context: syncControllerContext })
  private readonly _sync!: SyncController;

  @state() private _filters: CaseListFilters = {};

  private readonly _request = new BehaviorSubject<ListRequest>({ filters: {}, limit: PAGE_SIZE });
  private _catalogVersions: CatalogVersions | undefined;

  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  private readonly _list = new ObservableController(this, () => {
    this._catalogVersions ??= new CatalogVersions(this._catalogs);
    const sources = {
      cases: this._cases,
      catalogs: this._catalogVersions,
      calendar: this._calendars
        .observeHolidayYears()
        .pipe(map((years) => WorkingDayCalendar.fromYears(years))),
    };
    return this._request.pipe(switchMap(({ filters, limit }) => observeCaseList(sources, filters, limit)));
  });
  private readonly _syncStatus = new ObservableController(this, () => this._sync.observeSyncStatus());
  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <h1>${t('cases.title')}</h1>
      <jb-search-box
        .value=${this._filters.search ?? ''}
        label=${t('cases.searchLabel')}
        placeholder=${t('cases.searchPlaceholder')}
        @jb-search=${(event: JbSearchEvent) => this._filter({ search: event.query })}
      ></jb-search-box>
      ${this._renderFilters()} ${this._renderList()}
    `;
  }

  private _renderFilters() {
    const t = this._i18n.t.bind(this._i18n);
    const i18n = this._i18n;
    const catalog = this._catalog.value;
    const entries = catalog === undefined ? [] : [...catalog.bundles, ...catalog.items];
    return html`
      <div class="filters">
        ${this._select(
          t('cases.filter.status'),
          'status',
          CASE_STATUSES.map((status) => [status, i18n.localized(STATUS_LABELS[status])]),
          (value) => this._filter({ status: value === '' ? undefined : (value as CaseStatus) }),
        )}
        ${this._select(
          t('cases.filter.item'),
          'item',
          entries.map((entry) => [entry.code, i18n.nameOf(entry)]),
          (value) => this._filter({ itemCode: value === '' ? undefined : value }),
        )}
        ${this._select(
          t('cases.filter.deadline'),
          'light',
          LIGHTS.map((light) => [light, i18n.localized(DEADLINE_LABELS[light])]),
          (value) => this._filter({ light: value === '' ? undefined : (value as LightFilter) }),
        )}
        ${this._select(
          t('cases.filter.channel'),
          'channel',
          CHANNELS.map((channel) => [channel, t(`channel.${channel}`)]),
          (value) => this._filter({ channel: value === '' ? undefined : (value as Channel) }),
        )}
      </div>
    `;
  }

  private _select(
    label: string,
    name: string,
    options: readonly (readonly [string, string])[],
    onChange: (value: string) => void,
  ) {
    return html`
      <label class="field">
        ${label}
        <select name=${name} @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}>
          <option value="">${this._i18n.t('cases.filter.all')}</option>
          ${options.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
        </select>
      </label>
    `;
  }

  private _renderList() {
    const t = this._i18n.t.bind(this._i18n);
    if (this._list.error !== undefined)
      return html`<p class="status" role="alert">${t('cases.readFailed')}</p>`;
    const page = this._list.value;
    if (page === undefined) return html`<p class="status" role="status">${t('cases.loading')}</p>`;
    const missingYear = page.missingYear;
    return html`
      ${
        missingYear === undefined
          ? nothing
          : html`<p class="banner danger" role="alert">
              ${t('calendar.missingYear', {
                year: missingYear.year,
                message: this._i18n.localized(missingYear.localizedMessage),
              })}
            </p>`
      }
      <p class="count" role="status">${t('cases.count', { count: page.total })}</p>
      ${
        page.rows.length === 0
          ? html`<p class="status">${t('cases.empty')}</p>`
          : html`
            <div class="list card">
              <div class="columns" aria-hidden="true" style="grid-template-columns: ${CASE_ROW_COLUMNS}">
                <span>${t('cases.column.caseNo')}</span>
                <span>${t('cases.column.applicant')}</span>
                <span>${t('cases.column.item')}</span>
                <span>${t('cases.column.status')}</span>
                <span>${t('cases.column.deadline')}</span>
                <span>${t('cases.column.channel')}</span>
                <span>${t('cases.column.created')}</span>
              </div>
              <lit-virtualizer
                role="list"
                aria-label=${t('cases.title')}
                .items=${page.rows}
                .keyFunction=${(row: CaseListRow) => row.case.id}
                .renderItem=${(row: CaseListRow) =>
                  html`<jb-case-row
                    role="listitem"
                    .row=${row}
                    ?syncIssue=${caseSyncIssue(this._syncStatus.value, row.case.id) !== undefined}
                  ></jb-case-row>`}
                @rangeChanged=${this._onRangeChanged}
              ></lit-virtualizer>
            </div>
          `
      }
    `;
  }

  private _filter(change: Partial<CaseListFilters>): void {
    this._filters = { ...this._filters, ...change };
    this._request.next({ filters: this._filters, limit: PAGE_SIZE });
  }

  /** Reads the next page once the clerk scrolls near the end of the rows read so far. */
  private _onRangeChanged(event: RangeChangedEvent): void {
    const page = this._list.value;
    const request = this._request.value;
    if (page === undefined || page.rows.length < request.limit || page.rows.length >= page.total) return;
    if (event.last >= page.rows.length - PREFETCH_ROWS) {
      this._request.next({ ...request, limit: request.limit + PAGE_SIZE });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-cases': JbPageCases;
  }
}
