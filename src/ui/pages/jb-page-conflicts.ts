import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues, unsafeCSS } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BehaviorSubject, combineLatest, map, of, switchMap } from 'rxjs';
import type { CaseRepository } from '../../data/case.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { AdminClient, ConflictQuery, ConflictStatus, ConflictSummary } from '../../data/replication';
import type { StationRepository } from '../../data/station.repository';
import type { Case } from '../../domain/case/case.schema';
import { maskIdNumber } from '../../domain/identity/resident-id';
import { formatInstant } from '../components/case-text';
import {
  adminClientContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  stationRepositoryContext,
} from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { conflictHref, conflictsHref } from '../routes';
import { sharedStyles } from '../theme';
import { adminErrorText } from './admin-errors';
import { adminStyles, adminTabs, formatAge } from './admin-text';
import { controlStyles } from './case-styles';
import { fieldLabel, segmentsOfPath } from './conflict-fields';
import { pageStyles } from './page-styles';

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'done'; readonly conflicts: readonly ConflictSummary[]; readonly at: number }
  | { readonly state: 'failed'; readonly message: string };

const AGES = ['', '1', '3', '7'] as const;

const COLUMNS =
  'minmax(180px, 1.3fr) minmax(140px, 1.2fr) minmax(140px, 1fr) minmax(160px, 1.3fr) 150px 72px';

/**
 * 同步冲突: the queue of conflicts the sync server could not merge, oldest first, filtered by station, item and age
 * through the address (so the queue comes back as it was left). Each row is one large link to the conflict.
 */
@customElement('jb-page-conflicts')
export class JbPageConflicts extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    adminStyles,
    css`
      .list {
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        overflow: hidden;
        background: var(--jb-color-surface);
      }

      .head,
      .list a {
        display: grid;
        grid-template-columns: ${unsafeCSS(COLUMNS)};
        align-items: center;
        gap: var(--jb-space-3);
        padding: var(--jb-space-2) var(--jb-space-4);
      }

      .head {
        min-height: 40px;
        background: var(--jb-color-primary-soft);
        color: var(--jb-color-primary-strong);
        font-size: var(--jb-font-size-small);
        font-weight: 600;
      }

      .list a {
        min-height: 72px;
        border-top: 1px solid var(--jb-color-border);
        color: var(--jb-color-text);
        text-decoration: none;
      }

      .list a:hover {
        background: var(--jb-color-primary-soft);
      }

      .list a:focus-visible {
        outline: none;
        box-shadow: inset var(--jb-focus-ring);
      }

      .stack {
        display: flex;
        flex-direction: column;
        min-width: 0;
      }

      .case-no {
        font-family: ui-monospace, monospace;
        font-size: var(--jb-font-size-small);
        overflow-wrap: anywhere;
      }

      .name {
        font-weight: 600;
      }

      .fields {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-1);
      }

      .field-chip {
        padding: 0 var(--jb-space-2);
        border-radius: var(--jb-radius-small);
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
        font-size: var(--jb-font-size-small);
        font-weight: 600;
      }

      .resolved .field-chip {
        background: var(--jb-color-success-soft);
        color: var(--jb-color-success);
      }

      .go {
        justify-self: end;
        color: var(--jb-color-primary);
        font-weight: 600;
        white-space: nowrap;
      }

      .empty {
        padding: var(--jb-space-6) var(--jb-space-4);
        text-align: center;
        color: var(--jb-color-text-muted);
      }

      .toolbar select {
        max-width: 300px;
      }

      .count {
        align-self: flex-end;
        padding-bottom: var(--jb-space-3);
        color: var(--jb-color-text-muted);
      }
    `,
  ];

  /** The query of the address: status, station, item and age (olderThanDays). */
  @property({ attribute: false }) search = new URLSearchParams();

  @consume({ context: adminClientContext })
  private readonly _admin!: AdminClient;

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: stationRepositoryContext })
  private readonly _stationRepository!: StationRepository;

  @state() private _loaded: Loaded = { state: 'loading' };

  private readonly _i18n = new LocaleController(this);
  private readonly _stations = new ObservableController(this, () =>
    this._stationRepository.observeStations(),
  );
  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  /**
   * The listed cases as this device holds them (an administrator's tablet replicates every case), by id; a case
   * still on its way shows by its id until it arrives.
   */
  private readonly _listed$ = new BehaviorSubject<readonly string[]>([]);
  private readonly _localCases = new ObservableController(this, () =>
    this._listed$.pipe(
      switchMap((ids) =>
        ids.length === 0
          ? of(new Map<string, Case>())
          : combineLatest(ids.map((id) => this._cases.observeCase(id))).pipe(
              map((cases) => new Map(cases.flatMap((c) => (c === undefined ? [] : [[c.id, c] as const])))),
            ),
      ),
    ),
  );
  /** Which load the page shows; an answer to an older one is dropped. */
  private _loadKey = '';

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('search')) void this._load();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const loaded = this._loaded;
    const query = this._query;
    const unfiltered =
      query.status === 'open' &&
      query.station === undefined &&
      query.item === undefined &&
      query.olderThanDays === undefined;
    const openCount = loaded.state === 'done' && unfiltered ? loaded.conflicts.length : undefined;
    return html`
      ${adminTabs('conflicts', this._i18n, openCount)}
      <h1>${t('admin.conflicts.title')}</h1>
      <p class="intro">${t('admin.conflicts.intro')}</p>
      ${this._renderFilters()}
      ${
        loaded.state === 'loading'
          ? html`<p class="status" role="status">${t('admin.conflicts.loading')}</p>`
          : loaded.state === 'failed'
            ? html`<p class="status" role="alert">${loaded.message}</p>`
            : this._renderList(loaded.conflicts, loaded.at)
      }
    `;
  }

  private get _status(): ConflictStatus {
    return this.search.get('status') === 'resolved' ? 'resolved' : 'open';
  }

  private get _query(): ConflictQuery {
    const station = this.search.get('station') ?? '';
    const item = this.search.get('item') ?? '';
    const age = Number(this.search.get('age') ?? '');
    return {
      status: this._status,
      ...(station === '' ? {} : { station }),
      ...(item === '' ? {} : { item }),
      ...(Number.isFinite(age) && age > 0 ? { olderThanDays: age } : {}),
    };
  }

  private _renderFilters() {
    const t = this._i18n.t.bind(this._i18n);
    const stations = this._stations.value ?? [];
    const items = this._catalog.value?.items ?? [];
    const station = this.search.get('station') ?? '';
    const item = this.search.get('item') ?? '';
    const age = this.search.get('age') ?? '';
    const count = this._loaded.state === 'done' ? this._loaded.conflicts.length : undefined;
    return html`
      <div class="toolbar">
        <label class="field">
          ${t('admin.filter.status')}
          <select @change=${(event: Event) => this._filter('status', event)}>
            <option value="open" ?selected=${this._status === 'open'}>${t('admin.status.open')}</option>
            <option value="resolved" ?selected=${this._status === 'resolved'}>${t('admin.status.resolved')}</option>
          </select>
        </label>
        <label class="field">
          ${t('admin.filter.station')}
          <select @change=${(event: Event) => this._filter('station', event)}>
            <option value="" ?selected=${station === ''}>${t('cases.filter.all')}</option>
            ${stations.map(
              (candidate) =>
                html`<option value=${candidate.id} ?selected=${candidate.id === station}>
                  ${this._i18n.nameOf(candidate)}
                </option>`,
            )}
          </select>
        </label>
        <label class="field">
          ${t('admin.filter.item')}
          <select @change=${(event: Event) => this._filter('item', event)}>
            <option value="" ?selected=${item === ''}>${t('cases.filter.all')}</option>
            ${items.map(
              (candidate) =>
                html`<option value=${candidate.code} ?selected=${candidate.code === item}>
                  ${this._i18n.nameOf(candidate)}
                </option>`,
            )}
          </select>
        </label>
        <label class="field">
          ${t('admin.filter.age')}
          <select @change=${(event: Event) => this._filter('age', event)}>
            ${AGES.map(
              (days) =>
                html`<option value=${days} ?selected=${days === age}>
                  ${days === '' ? t('admin.filter.anyAge') : t('admin.filter.olderThan', { days })}
                </option>`,
            )}
          </select>
        </label>
        ${count === undefined ? nothing : html`<span class="count">${t('admin.conflicts.count', { count })}</span>`}
        <span class="spacer"></span>
        <button class="button" type="button" @click=${() => void this._load()}>${t('admin.refresh')}</button>
      </div>
    `;
  }

  private _renderList(conflicts: readonly ConflictSummary[], now: number) {
    const t = this._i18n.t.bind(this._i18n);
    if (conflicts.length === 0) {
      return html`<div class="list">
        <p class="empty">${this._status === 'open' ? t('admin.conflicts.none') : t('admin.conflicts.noneResolved')}</p>
      </div>`;
    }
    return html`
      <div class="list ${this._status}" role="list" aria-label=${t('admin.conflicts.title')}>
        <div class="head" aria-hidden="true">
          <span>${t('admin.column.case')}</span>
          <span>${t('admin.column.item')}</span>
          <span>${t('admin.column.stations')}</span>
          <span>${t('admin.column.fields')}</span>
          <span>${t('admin.column.raisedAt')}</span>
          <span></span>
        </div>
        ${conflicts.map((conflict) => this._renderRow(conflict, this._localCases.value?.get(conflict.documentId), now))}
      </div>
    `;
  }

  private _renderRow(conflict: ConflictSummary, c: Case | undefined, now: number) {
    const t = this._i18n.t.bind(this._i18n);
    const lookups = { catalog: this._catalog.value, stationName: (id: string) => this._stationName(id) };
    const item = this._catalog.value?.items.find((candidate) => candidate.code === conflict.item);
    return html`
      <a href=${conflictHref(conflict.id)} role="listitem" data-conflict=${conflict.id}>
        <span class="stack">
          <span class="case-no">${c?.caseNo ?? conflict.documentId}</span>
          ${
            c === undefined
              ? nothing
              : html`<span class="name">${c.applicant.name}</span>
                  <span class="muted small">${maskIdNumber(c.applicant.idNumber)}</span>`
          }
        </span>
        <span>${item === undefined ? (conflict.item ?? '—') : this._i18n.nameOf(item)}</span>
        <span>${conflict.stations.map((id) => this._stationName(id)).join(t('list.separator'))}</span>
        <span class="fields">
          ${conflict.fields.map(
            (path) =>
              html`<span class="field-chip">${fieldLabel(segmentsOfPath(path), this._i18n, lookups)}</span>`,
          )}
        </span>
        <span class="stack">
          <span>${formatAge(conflict.createdAt, now, this._i18n)}</span>
          <span class="muted small">${formatInstant(conflict.createdAt)}</span>
        </span>
        <span class="go">${this._status === 'open' ? t('admin.conflicts.open') : t('admin.conflicts.view')} →</span>
      </a>
    `;
  }

  private _stationName(id: string): string {
    const station = this._stations.value?.find((candidate) => candidate.id === id);
    return station === undefined ? id : this._i18n.nameOf(station);
  }

  private _filter(name: 'status' | 'station' | 'item' | 'age', event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    const filters = Object.fromEntries(this.search.entries());
    location.replace(conflictsHref({ ...filters, [name]: value }));
  }

  private async _load(): Promise<void> {
    const key = `${this.search}|${Date.now()}`;
    this._loadKey = key;
    this._loaded = { state: 'loading' };
    try {
      // Oldest first: the conflict that has waited longest is decided first.
      const conflicts = [...(await this._admin.listConflicts(this._query))].sort((a, b) =>
        a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
      );
      if (this._loadKey !== key) return;
      this._listed$.next(conflicts.map((conflict) => conflict.documentId));
      this._loaded = { state: 'done', conflicts, at: Date.now() };
    } catch (error) {
      if (this._loadKey === key)
        this._loaded = { state: 'failed', message: adminErrorText(error, this._i18n) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-conflicts': JbPageConflicts;
  }
}
