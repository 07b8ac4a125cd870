import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { map, of, switchMap } from 'rxjs';
import type { CalendarRepository } from '../../data/calendar.repository';
import type { CaseRepository } from '../../data/case.repository';
import type { CaseCommands } from '../../data/case-commands';
import type { CaseEventRepository } from '../../data/case-event.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { AttachmentSync, SyncController } from '../../data/replication';
import type { StationRepository } from '../../data/station.repository';
import { StorageFullError } from '../../data/storage-errors';
import { todayInShanghai } from '../../domain/calendar/iso-date';
import { MissingCalendarYearError, WorkingDayCalendar } from '../../domain/calendar/working-day-calendar';
import type { Case, CaseMaterial, Person } from '../../domain/case/case.schema';
import {
  availableActions,
  type CaseAction,
  type CaseTransition,
  isTerminal,
  STATUS_LABELS,
} from '../../domain/case/case-state-machine';
import { correctableFields, itemsOfCase, promisedDaysOf, tripSummary } from '../../domain/case/case-workflow';
import { type DeadlineState, deadlineState } from '../../domain/case/deadline';
import { EVALUATION_LABELS } from '../../domain/case/evaluation';
import { deemedAcceptanceDate } from '../../domain/case/legal-clocks';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import { EXEMPTION_LABELS } from '../../domain/catalog/catalog-labels';
import { maskIdNumber } from '../../domain/identity/resident-id';
import type { LocalizedMessage, Validation } from '../../domain/localized-message';
import { formatInstant } from '../components/case-text';
import type { JbActionConfirmEvent, JbActionDialog } from '../components/jb-action-dialog';
import type { JbCorrectionConfirmEvent, JbCorrectionDialog } from '../components/jb-correction-dialog';
import { caseSyncIssue } from '../components/sync-text';
import {
  calendarRepositoryContext,
  caseCommandsContext,
  caseEventRepositoryContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  photoSyncContext,
  stationRepositoryContext,
  syncControllerContext,
} from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { SessionController } from '../controllers/session-controller';
import { LocaleController } from '../i18n/locale-controller';
import { caseHref, casesHref, conflictHref, intakeHref } from '../routes';
import { sharedStyles } from '../theme';
import { controlStyles } from './case-styles';
import { loadPhotoThumbnail } from './material-photos';
import { detailStyles, pageStyles } from './page-styles';
import '../components/jb-action-dialog';
import '../components/jb-case-timeline';
import '../components/jb-correction-dialog';
import '../components/jb-deadline-light';

/** What the open dialog will do once confirmed. */
type PendingAction =
  | { readonly kind: 'transition'; readonly transition: CaseTransition }
  | { readonly kind: 'close-follow-up' };

/** The clock of a case as the page shows it; the calendar may lack a year, which the page reports. */
interface ClockView {
  readonly deadline: DeadlineState | undefined;
  readonly noticeDeadline: string | undefined;
  readonly missingYear: MissingCalendarYearError | undefined;
}

/**
 * One case: the applicant and agent, the form and materials under the catalog version it was accepted under, the
 * time limit with its traffic light, trips against the promise, the history, the sub-cases of a 一件事, and the
 * actions the signed-in role may take.
 */
@customElement('jb-page-case')
export class JbPageCase extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    detailStyles,
    controlStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(300px, 1fr);
        gap: var(--jb-space-5);
        align-items: start;
      }

      section.card {
        padding: var(--jb-space-5);
        margin-bottom: var(--jb-space-4);
      }

      section.card h2 {
        margin-top: 0;
      }

      .case-no {
        font-family: ui-monospace, monospace;
      }

      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-2);
        margin-bottom: var(--jb-space-2);
      }

      .badge.breach,
      .badge.red {
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
        font-weight: 700;
      }

      .actions {
        display: flex;
        flex-direction: column;
        gap: var(--jb-space-2);
      }

      .muted {
        color: var(--jb-color-text-muted);
      }

      ul.materials,
      ul.links {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      ul.materials li {
        padding: var(--jb-space-3) 0;
        border-bottom: 1px solid var(--jb-color-border);
      }

      ul.materials li:last-child {
        border-bottom: none;
      }

      .material-head {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-2);
      }

      .state-missing {
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
      }

      .state-exempt {
        background: var(--jb-color-info-soft);
        color: var(--jb-color-info);
      }

      .state-brought {
        background: var(--jb-color-success-soft);
        color: var(--jb-color-success);
      }

      .photos {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-2);
        margin-top: var(--jb-space-2);
      }

      .photos img {
        width: 96px;
        height: 96px;
        object-fit: cover;
        border-radius: var(--jb-radius-small);
        border: 1px solid var(--jb-color-border);
      }

      ul.links a {
        display: flex;
        align-items: center;
        gap: var(--jb-space-2);
        min-height: 48px;
      }

      .follow-up {
        margin-top: var(--jb-space-3);
        padding: var(--jb-space-3);
        border-radius: var(--jb-radius);
        background: var(--jb-color-warning-soft);
        color: var(--jb-color-warning);
      }
    `,
  ];

  @property() caseId = '';

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: caseEventRepositoryContext })
  private readonly _events!: CaseEventRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: calendarRepositoryContext })
  private readonly _calendars!: CalendarRepository;

  @consume({ context: stationRepositoryContext })
  private readonly _stationRepository!: StationRepository;

  @consume({ context: caseCommandsContext })
  private readonly _commands!: CaseCommands;

  @consume({ context: syncControllerContext })
  private readonly _sync!: SyncController;

  @consume({ context: photoSyncContext })
  private readonly _photos: AttachmentSync | undefined;

  /** The catalog version of the shown case: undefined while loading, null when the tablet lacks it. */
  @state() private _catalog: Catalog | null | undefined;
  @state() private _pending: PendingAction | undefined;
  @state() private _actionError = '';
  @state() private _busy = false;
  /** Object URLs of material photo thumbnails by attachment id. */
  @state() private _thumbnails: ReadonlyMap<string, string> = new Map();

  @query('jb-action-dialog') private readonly _dialog!: JbActionDialog;
  @query('jb-correction-dialog') private readonly _correctionDialog!: JbCorrectionDialog;
  @state() private _correctionError = '';

  private readonly _case = new ObservableController(this, () => this._cases.observeCase(this.caseId));
  private readonly _history = new ObservableController(this, () => this._events.observeEvents(this.caseId));
  /** A 一件事 parent's sub-cases; they share its station, whose index keeps the lookup off the other cases. */
  private readonly _subCases = new ObservableController(this, () =>
    this._cases
      .observeCase(this.caseId)
      .pipe(
        switchMap((c) =>
          c === undefined || c.bundleCode === undefined || c.parentCaseId !== undefined
            ? of([])
            : this._cases.observeCases({ parentCaseId: c.id, stationId: c.acceptedAtStation, limit: 50 }),
        ),
      ),
  );
  private readonly _calendar = new ObservableController(this, () =>
    this._calendars.observeHolidayYears().pipe(map((years) => WorkingDayCalendar.fromYears(years))),
  );
  private readonly _stations = new ObservableController(this, () =>
    this._stationRepository.observeStations(),
  );
  private readonly _syncStatus = new ObservableController(this, () => this._sync.observeSyncStatus());
  private readonly _session = new SessionController(this);
  private readonly _i18n = new LocaleController(this);
  private _loadedCatalogVersion: number | undefined;
  private _loadedPhotos = new Set<string>();

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of this._thumbnails.values()) URL.revokeObjectURL(url);
    this._thumbnails = new Map();
    this._loadedPhotos = new Set();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const c = this._case.value;
    if (c === undefined) return;
    if (this._loadedCatalogVersion !== c.catalogVersion) {
      this._loadedCatalogVersion = c.catalogVersion;
      this._catalog = undefined;
      void this._catalogs.getCatalog(c.catalogVersion).then((catalog) => {
        this._catalog = catalog ?? null;
      });
    }
    void this._loadThumbnails(c);
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const back = html`<a class="back" href=${casesHref()}>← ${t('case.back')}</a>`;
    if (this._case.error !== undefined) {
      return html`${back}<p class="status" role="alert">${t('cases.readFailed')}</p>`;
    }
    if (!this._case.hasValue) return html`${back}<p class="status" role="status">${t('case.loading')}</p>`;
    const c = this._case.value;
    if (c === undefined) return html`${back}<p class="status" role="status">${t('case.notFound')}</p>`;
    const catalog = this._catalog ?? undefined;
    const clock = this._clock(c, catalog);
    const syncIssue = caseSyncIssue(this._syncStatus.value, c.id);
    return html`
      ${back} ${this._renderConflictBanner(c)}
      ${
        syncIssue === undefined
          ? nothing
          : html`<div class="banner danger" role="alert">
              <strong>${t('case.syncIssue')}</strong>：${this._i18n.localized(syncIssue.reason)}
              <br />${t('case.syncIssueHint')}
            </div>`
      }
      ${
        this._catalog === null
          ? html`<p class="banner" role="alert">${t('case.catalogMissing', { version: c.catalogVersion })}</p>`
          : nothing
      }
      ${
        clock.missingYear === undefined
          ? nothing
          : html`<p class="banner danger" role="alert">
              ${t('calendar.missingYear', {
                year: clock.missingYear.year,
                message: this._i18n.localized(clock.missingYear.localizedMessage),
              })}
            </p>`
      }
      ${this._renderSummary(c, catalog, clock)}
      <div class="layout">
        <div>
          ${this._renderPeople(c)} ${this._renderForm(c, catalog)} ${this._renderMaterials(c, catalog)}
          <section class="card">
            <h2>${t('case.timeline')}</h2>
            <jb-case-timeline .events=${this._history.value ?? []}></jb-case-timeline>
          </section>
        </div>
        <div>
          ${this._renderActions(c, catalog)} ${this._renderDeadline(c, clock)} ${this._renderTrips(c, catalog)}
          ${this._renderEvaluation(c)} ${this._renderBundle(c)}
        </div>
      </div>
      <jb-action-dialog
        .heading=${this._dialogHeading()}
        .requiresNote=${this._pending?.kind === 'close-follow-up' || this._pending?.transition.requiresNote === true}
        .asksRating=${this._pending?.kind === 'transition' && this._pending.transition.action === 'deliver'}
        .error=${this._actionError}
        .busy=${this._busy}
        @jb-action-confirm=${this._confirm}
      ></jb-action-dialog>
      ${
        catalog === undefined || !this._canCorrect(c)
          ? nothing
          : html`<jb-correction-dialog
              .fields=${correctableFields(c, catalog)}
              .form=${c.form}
              .applicantPhone=${c.applicant.phone ?? ''}
              .error=${this._correctionError}
              .busy=${this._busy}
              @jb-correction-confirm=${this._confirmCorrection}
            ></jb-correction-dialog>`
      }
    `;
  }

  /**
   * Two devices changed the same detail while apart; the server kept one value and holds the other until an
   * administrator decides. Work goes on meanwhile: the decision arrives like any other change.
   */
  private _renderConflictBanner(c: Case) {
    const ids = c.openConflictIds ?? [];
    if (ids.length === 0) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    return html`<div class="banner danger conflict" role="alert" data-banner="conflict">
      <strong>${t('case.conflict')}</strong>：${t('case.conflictHint')}
      ${
        this._session.role === 'admin'
          ? html`<br />${ids.map((id) => html`<a href=${conflictHref(id)}>${t('case.conflictResolve')} →</a> `)}`
          : nothing
      }
    </div>`;
  }

  /** Details are corrected after acceptance and until the case is concluded; a draft is edited in the intake. */
  private _canCorrect(c: Case): boolean {
    return this._session.role !== undefined && c.status !== 'draft' && !isTerminal(c.status);
  }

  private _renderSummary(c: Case, catalog: Catalog | undefined, clock: ClockView) {
    const t = this._i18n.t.bind(this._i18n);
    const i18n = this._i18n;
    return html`
      <section class="card summary">
        <div class="badges">
          <span class="badge">${i18n.localized(STATUS_LABELS[c.status])}</span>
          <span class="badge">${t(`channel.${c.channel}`)}</span>
          ${c.bundleCode === undefined ? nothing : html`<span class="badge bundle">${t('case.bundle')}</span>`}
        </div>
        <h1>${this._itemName(c, catalog)}</h1>
        <p class="meta">
          <span class="case-no">${c.caseNo ?? t('cases.noCaseNo')}</span> ·
          ${c.applicant.name} ${maskIdNumber(c.applicant.idNumber)}
        </p>
        <jb-deadline-light .state=${clock.deadline}></jb-deadline-light>
        <dl>
          <dt>${t('case.station')}</dt>
          <dd>${this._stationName(c.acceptedAtStation)}</dd>
          <dt>${t('case.department')}</dt>
          <dd>${this._departmentName(c.handlingDepartment, catalog)}</dd>
          <dt>${t('case.deliveryStation')}</dt>
          <dd>${this._stationName(c.deliveryStation)}</dd>
          <dt>${t('case.createdAt')}</dt>
          <dd>${formatInstant(c.createdAt)}</dd>
          <dt>${t('case.catalogVersion')}</dt>
          <dd>${c.catalogVersion}</dd>
        </dl>
      </section>
    `;
  }

  private _renderPeople(c: Case) {
    const t = this._i18n.t.bind(this._i18n);
    const person = (title: string, who: Person) => html`
      <h2>${title}</h2>
      <dl>
        <dt>${t('case.name')}</dt>
        <dd>${who.name}</dd>
        <dt>${t('case.idNumber')}</dt>
        <dd>${maskIdNumber(who.idNumber)}</dd>
        ${who.phone === undefined ? nothing : html`<dt>${t('case.phone')}</dt><dd>${who.phone}</dd>`}
      </dl>
    `;
    return html`
      <section class="card">
        ${person(t('case.applicant'), c.applicant)}
        ${c.agent === undefined ? nothing : person(t('case.agent'), c.agent)}
      </section>
    `;
  }

  private _renderForm(c: Case, catalog: Catalog | undefined) {
    const t = this._i18n.t.bind(this._i18n);
    const entries = Object.entries(c.form).filter(([, value]) => value.trim() !== '');
    const fields = new Map(catalog?.fields.map((field) => [field.code, field]));
    return html`
      <section class="card">
        <h2>${t('case.form')}</h2>
        ${
          entries.length === 0
            ? html`<p class="muted">${t('case.formEmpty')}</p>`
            : html`<dl>
                ${entries.map(([code, value]) => {
                  const field = fields.get(code);
                  const shown = field?.type === 'id-number' ? maskIdNumber(value) : value;
                  return html`<dt>${field === undefined ? code : this._i18n.localized({ zh: field.label, en: field.labelEn })}</dt>
                    <dd>${shown}</dd>`;
                })}
              </dl>`
        }
      </section>
    `;
  }

  private _renderMaterials(c: Case, catalog: Catalog | undefined) {
    const t = this._i18n.t.bind(this._i18n);
    const definitions = new Map(catalog?.materials.map((material) => [material.id, material]));
    return html`
      <section class="card">
        <h2>${t('case.materials')}</h2>
        ${
          c.materials.length === 0
            ? html`<p class="muted">${t('case.materialsEmpty')}</p>`
            : html`<ul class="materials">
                ${c.materials.map((material) => {
                  const definition = definitions.get(material.materialId);
                  return html`<li>
                    <div class="material-head">
                      <span>${definition === undefined ? material.materialId : this._i18n.nameOf(definition)}</span>
                      <span class="badge state-${material.state}">${t(`case.material.state.${material.state}`)}</span>
                      ${
                        material.exemption === undefined
                          ? nothing
                          : html`<span class="badge">${this._i18n.localized(EXEMPTION_LABELS[material.exemption])}</span>`
                      }
                    </div>
                    ${this._renderPhotos(material)}
                  </li>`;
                })}
              </ul>`
        }
      </section>
    `;
  }

  private _renderPhotos(material: CaseMaterial) {
    const urls = (material.attachmentIds ?? []).flatMap((id) => {
      const url = this._thumbnails.get(id);
      return url === undefined ? [] : [url];
    });
    if (urls.length === 0) return nothing;
    return html`<div class="photos" aria-label=${this._i18n.t('case.material.photos')}>
      ${urls.map((url) => html`<img src=${url} alt=${this._i18n.t('case.material.photos')} />`)}
    </div>`;
  }

  private _renderActions(c: Case, catalog: Catalog | undefined) {
    const t = this._i18n.t.bind(this._i18n);
    const role = this._session.role;
    const itemKind =
      catalog === undefined
        ? undefined
        : itemsOfCase(c, catalog).every((item) => item.kind === 'instant')
          ? ('instant' as const)
          : ('promised' as const);
    // Acceptance runs through the intake screen, which checks the materials and issues the case number.
    const actions =
      role === undefined
        ? []
        : availableActions(c.status, role, { itemKind }).filter((a) => a.action !== 'accept');
    const canAccept =
      role !== undefined && availableActions(c.status, role).some((a) => a.action === 'accept');
    return html`
      <section class="card">
        <h2>${t('case.actions')}</h2>
        <div class="actions">
          ${canAccept ? html`<a class="button primary" href=${intakeHref(c.id)}>${t('nav.newCase')}</a>` : nothing}
          ${actions.map(
            (transition) => html`
              <button
                type="button"
                class="button ${transition.action === 'reject' || transition.action === 'refuse' ? 'danger' : ''}"
                @click=${() => this._open({ kind: 'transition', transition })}
              >
                ${this._i18n.localized(transition.label)}
              </button>
            `,
          )}
          ${
            catalog !== undefined && this._canCorrect(c)
              ? html`<button type="button" class="button" @click=${this._openCorrection}>${t('case.correct')}</button>`
              : nothing
          }
          ${actions.length === 0 && !canAccept && !this._canCorrect(c) ? html`<p class="muted">${t('case.noActions')}</p>` : nothing}
        </div>
      </section>
    `;
  }

  private _renderDeadline(c: Case, clock: ClockView) {
    const t = this._i18n.t.bind(this._i18n);
    const remaining = clock.deadline?.remainingWorkingDays;
    return html`
      <section class="card">
        <h2>${t('case.deadline')}</h2>
        <jb-deadline-light .state=${clock.deadline}></jb-deadline-light>
        <dl>
          ${c.acceptedOn === undefined ? nothing : html`<dt>${t('case.acceptedOn')}</dt><dd>${c.acceptedOn}</dd>`}
          <dt>${t('case.dueOn')}</dt>
          <dd>${clock.deadline?.dueOn ?? c.dueOn ?? '–'}</dd>
          <dt>${t('case.remaining')}</dt>
          <dd>${remaining ?? '–'}</dd>
          ${
            c.clockStops.length === 0
              ? nothing
              : html`<dt>${t('case.clockStops')}</dt>
                  <dd>
                    ${c.clockStops.map(
                      (stop) =>
                        html`<div>
                          ${
                            stop.to === undefined
                              ? t('case.clockStopOpen', { from: stop.from })
                              : t('case.clockStop', { from: stop.from, to: stop.to })
                          }
                        </div>`,
                    )}
                  </dd>`
          }
          ${
            clock.noticeDeadline === undefined
              ? nothing
              : html`<dt>${t('case.noticeDeadline')}</dt><dd>${clock.noticeDeadline}</dd>`
          }
          ${
            c.noticeGivenOn === undefined
              ? nothing
              : html`<dt></dt><dd>${t('case.noticeGiven', { date: c.noticeGivenOn })}</dd>`
          }
        </dl>
      </section>
    `;
  }

  private _renderTrips(c: Case, catalog: Catalog | undefined) {
    if (catalog === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const summary = tripSummary(c, catalog);
    return html`
      <section class="card">
        <h2>${t('case.trips')}</h2>
        <p>${t('case.tripsValue', { trips: summary.trips, max: summary.maxTrips })}</p>
        ${summary.breach ? html`<p class="badge breach" role="alert">${t('case.tripsBreach')}</p>` : nothing}
      </section>
    `;
  }

  private _renderEvaluation(c: Case) {
    const evaluation = c.evaluation;
    if (evaluation === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const followUpOpen = evaluation.followUpDue !== undefined && evaluation.followUpClosedAt === undefined;
    return html`
      <section class="card">
        <h2>${t('case.evaluation')}</h2>
        <p><strong>${this._i18n.localized(EVALUATION_LABELS[evaluation.level])}</strong> · ${formatInstant(evaluation.at)}</p>
        ${evaluation.comment === undefined ? nothing : html`<p>${evaluation.comment}</p>`}
        ${
          evaluation.followUpDue === undefined
            ? nothing
            : html`<div class="follow-up">
                <strong>${t('case.followUp')}</strong>
                <p>
                  ${
                    followUpOpen
                      ? t('case.followUpDue', { date: evaluation.followUpDue })
                      : t('case.followUpClosed', {
                          date: formatInstant(evaluation.followUpClosedAt ?? ''),
                          note: evaluation.followUpNote ?? '',
                        })
                  }
                </p>
                ${
                  followUpOpen
                    ? html`<button type="button" class="button" @click=${() => this._open({ kind: 'close-follow-up' })}>
                        ${t('case.closeFollowUp')}
                      </button>`
                    : nothing
                }
              </div>`
        }
      </section>
    `;
  }

  private _renderBundle(c: Case) {
    if (c.bundleCode === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    if (c.parentCaseId !== undefined) {
      return html`
        <section class="card">
          <h2>${t('case.parentCase')}</h2>
          <ul class="links"><li><a href=${caseHref(c.parentCaseId)}>${t('case.parentCase')} →</a></li></ul>
        </section>
      `;
    }
    const subCases = this._subCases.value ?? [];
    return html`
      <section class="card">
        <h2>${t('case.subCases')}</h2>
        <ul class="links">
          ${subCases.map(
            (sub) => html`<li>
              <a href=${caseHref(sub.id)}>
                <span class="case-no">${sub.caseNo ?? sub.id}</span>
                <span class="badge">${this._i18n.localized(STATUS_LABELS[sub.status])}</span>
                <span>${this._departmentName(sub.handlingDepartment, this._catalog ?? undefined)}</span>
              </a>
            </li>`,
          )}
        </ul>
      </section>
    `;
  }

  private _clock(c: Case, catalog: Catalog | undefined): ClockView {
    const calendar = this._calendar.value;
    if (calendar === undefined)
      return { deadline: undefined, noticeDeadline: undefined, missingYear: undefined };
    let deadline: DeadlineState | undefined;
    let noticeDeadline: string | undefined;
    let missingYear: MissingCalendarYearError | undefined;
    const today = todayInShanghai(new Date());
    try {
      if (catalog !== undefined) deadline = deadlineState(c, promisedDaysOf(c, catalog), today, calendar);
      // Art. 32 matters while the application waits for acceptance: after five working days it counts as accepted.
      if (c.status === 'draft') {
        const receivedAt = c.trips.find((trip) => trip.reason === 'intake')?.at ?? c.createdAt;
        noticeDeadline = deemedAcceptanceDate(todayInShanghai(new Date(receivedAt)), calendar);
      }
    } catch (error) {
      if (!(error instanceof MissingCalendarYearError)) throw error;
      missingYear = error;
    }
    return { deadline, noticeDeadline, missingYear };
  }

  private _itemName(c: Case, catalog: Catalog | undefined): string {
    if (catalog === undefined) return c.bundleCode ?? c.itemCode;
    const entry =
      c.bundleCode !== undefined && c.parentCaseId === undefined
        ? catalog.bundles.find((bundle) => bundle.code === c.bundleCode)
        : catalog.items.find((item) => item.code === c.itemCode);
    return entry === undefined ? c.itemCode : this._i18n.nameOf(entry);
  }

  private _stationName(id: string): string {
    const station = this._stations.value?.find((candidate) => candidate.id === id);
    return station === undefined ? id : this._i18n.nameOf(station);
  }

  private _departmentName(code: string, catalog: Catalog | undefined): string {
    const department = catalog?.departments.find((candidate) => candidate.code === code);
    return department === undefined ? code : this._i18n.nameOf(department);
  }

  private _dialogHeading(): string {
    const pending = this._pending;
    if (pending === undefined) return '';
    return pending.kind === 'close-follow-up'
      ? this._i18n.t('case.closeFollowUp')
      : this._i18n.localized(pending.transition.label);
  }

  private async _open(pending: PendingAction): Promise<void> {
    this._pending = pending;
    this._actionError = '';
    await this.updateComplete;
    await this._dialog.show();
  }

  private async _confirm(event: JbActionConfirmEvent): Promise<void> {
    const pending = this._pending;
    if (pending === undefined || this._busy) return;
    this._busy = true;
    try {
      const result = await this._run(pending, event);
      if (result.ok) {
        this._dialog.close();
        this._pending = undefined;
      } else {
        this._actionError = this._i18n.localized(result.error);
      }
    } catch (error) {
      const message: LocalizedMessage | undefined =
        error instanceof StorageFullError ? error.userMessage : undefined;
      this._actionError =
        message === undefined ? this._i18n.t('action.failed') : this._i18n.localized(message);
    } finally {
      this._busy = false;
    }
  }

  private async _openCorrection(): Promise<void> {
    this._correctionError = '';
    await this.updateComplete;
    await this._correctionDialog.show();
  }

  private async _confirmCorrection(event: JbCorrectionConfirmEvent): Promise<void> {
    if (this._busy) return;
    this._busy = true;
    try {
      const result = await this._commands.correctDetails(this.caseId, event.correction);
      if (result.ok) this._correctionDialog.close();
      else this._correctionError = this._i18n.localized(result.error);
    } catch (error) {
      const message: LocalizedMessage | undefined =
        error instanceof StorageFullError ? error.userMessage : undefined;
      this._correctionError =
        message === undefined ? this._i18n.t('action.failed') : this._i18n.localized(message);
    } finally {
      this._busy = false;
    }
  }

  private _run(pending: PendingAction, event: JbActionConfirmEvent): Promise<Validation<unknown>> {
    if (pending.kind === 'close-follow-up') return this._commands.closeFollowUp(this.caseId, event.note);
    const action: CaseAction = pending.transition.action;
    return this._commands.perform(this.caseId, action, {
      note: event.note,
      ...(event.evaluation === undefined ? {} : { evaluation: event.evaluation }),
    });
  }

  private async _loadThumbnails(c: Case): Promise<void> {
    const wanted = c.materials.flatMap((material) => material.attachmentIds ?? []);
    const missing = wanted.filter((id) => !this._loadedPhotos.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this._loadedPhotos.add(id);
    // A photo taken on another device is fetched from the sync server the first time it is shown.
    const fetched = (id: string) => this._photos?.getPhoto(c.id, id).catch(() => undefined);
    const loaded = await Promise.all(
      missing.map(
        async (id) => [id, (await loadPhotoThumbnail(this._cases, c.id, id)) ?? (await fetched(id))] as const,
      ),
    );
    const next = new Map(this._thumbnails);
    for (const [id, blob] of loaded) {
      if (blob !== undefined) next.set(id, URL.createObjectURL(blob));
      // Not here and not fetched (offline, not uploaded yet): tried again when the case next changes.
      else this._loadedPhotos.delete(id);
    }
    this._thumbnails = next;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-case': JbPageCase;
  }
}
