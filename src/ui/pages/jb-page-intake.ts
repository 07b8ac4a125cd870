import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { firstValueFrom } from 'rxjs';
import { isUnreadableImageError, UNREADABLE_IMAGE_MESSAGE } from '../../../workers/image-errors';
import { compressPhoto } from '../../../workers/image-worker-client';
import type { CalendarRepository } from '../../data/calendar.repository';
import type { CaseRepository } from '../../data/case.repository';
import type { CaseCommands } from '../../data/case-commands';
import type { CaseEventRepository } from '../../data/case-event.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { StationRepository } from '../../data/station.repository';
import { STORAGE_FULL_MESSAGE, StorageFullError } from '../../data/storage-errors';
import { WorkingDayCalendar } from '../../domain/calendar/working-day-calendar';
import type { Case, CaseMaterial, Person } from '../../domain/case/case.schema';
import {
  checkIntake,
  type IntakeCheck,
  intakeRequirements,
  receivedOn,
  tripSummary,
} from '../../domain/case/case-workflow';
import { deemedAcceptanceDate } from '../../domain/case/legal-clocks';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import type { NoticeEntry } from '../../domain/catalog/material-resolution';
import type { LocalizedMessage, Validation } from '../../domain/localized-message';
import type { Station } from '../../domain/organisation/organisation.schema';
import { caseTarget, targetEntry } from '../components/case-target';
import type { JbFieldChangeEvent } from '../components/jb-intake-form';
import type { JbMaterialChangeEvent, JbMaterialPhotosEvent } from '../components/jb-material-checklist';
import type { JbPersonChangeEvent } from '../components/jb-person-fields';
import {
  calendarRepositoryContext,
  caseCommandsContext,
  caseEventRepositoryContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  stationRepositoryContext,
} from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { SessionController } from '../controllers/session-controller';
import { LocaleController } from '../i18n/locale-controller';
import { type MessageKey, translate } from '../i18n/messages';
import { intakeDraftsHref, receiptHref } from '../routes';
import { sharedStyles } from '../theme';
import { intakeStyles } from './intake-styles';
import { loadPhotoThumbnail, photoAttachmentIdOf, storeMaterialPhoto } from './material-photos';
import { pageStyles } from './page-styles';
import '../components/jb-intake-form';
import '../components/jb-material-checklist';
import '../components/jb-notice-sheet';
import '../components/jb-person-fields';

/** How long typing must pause before the draft is written: every few keystrokes, never every one. */
const SAVE_DELAY_MS = 300;

type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

const SAVE_STATE_MESSAGES: Readonly<Record<SaveState, MessageKey>> = {
  saved: 'intake.saved',
  pending: 'intake.unsaved',
  saving: 'intake.saving',
  failed: 'intake.saveFailed',
};

const EMPTY_AGENT: Person = { name: '', idType: 'resident-id', idNumber: '' };

/** The printed 一次性告知单 as it is shown before printing. */
interface OpenNotice {
  readonly entries: readonly NoticeEntry[];
  readonly clerkName: string;
}

/**
 * The intake (一窗受理) of one draft: applicant and agent, the application form, the material checklist with photos,
 * and the actions 一次性告知, 补齐材料 and 受理. The draft is saved as the clerk types; validation shows what is
 * missing but never stops a draft from being saved.
 */
@customElement('jb-page-intake')
export class JbPageIntake extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    intakeStyles,
    css`
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: var(--jb-space-2) var(--jb-space-4);
        margin-bottom: var(--jb-space-4);
      }

      .title h1 {
        margin: 0;
      }

      .save-state {
        margin-left: auto;
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .save-state.failed {
        color: var(--jb-color-accent);
        font-weight: 600;
      }

      .agent-toggle {
        margin-top: var(--jb-space-4);
      }

      .delivery {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-2) var(--jb-space-3);
        margin-bottom: var(--jb-space-4);
        font-weight: 600;
      }

      .delivery select {
        min-height: 48px;
        padding: 0 var(--jb-space-3);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        font: inherit;
      }

      .delivery .hint {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
        font-weight: normal;
      }

      .agent-head {
        display: flex;
        align-items: center;
        gap: var(--jb-space-3);
        margin: var(--jb-space-5) 0 var(--jb-space-3);
        padding-top: var(--jb-space-4);
        border-top: 1px dashed var(--jb-color-border);
      }

      .agent-head h3 {
        flex: 1;
        margin: 0;
        font-size: var(--jb-font-size-large);
      }

      .material-count {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .material-errors {
        margin: var(--jb-space-3) var(--jb-space-5);
      }

      .actions {
        position: sticky;
        bottom: 0;
        z-index: 1;
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-3);
        margin: 0 calc(-1 * var(--jb-space-5));
        padding: var(--jb-space-3) var(--jb-space-5);
        border-top: 1px solid var(--jb-color-border);
        background: rgb(255 255 255 / 0.96);
        box-shadow: 0 -2px 6px rgb(0 0 0 / 0.08);
      }

      .summary {
        flex: 1;
        min-width: 240px;
      }

      .summary strong {
        display: block;
        font-size: var(--jb-font-size-large);
      }

      .summary strong.ready {
        color: var(--jb-color-success);
      }

      .summary strong.missing {
        color: var(--jb-color-accent);
      }

      .summary span {
        display: block;
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .link-button {
        padding: 0;
        border: none;
        background: none;
        color: var(--jb-color-primary);
        font: inherit;
        font-size: var(--jb-font-size-small);
        text-decoration: underline;
        cursor: pointer;
      }

      .overlay {
        position: fixed;
        inset: 0;
        z-index: 10;
        overflow: auto;
        padding: var(--jb-space-5);
        background: rgb(31 41 51 / 0.6);
      }

      .overlay .toolbar {
        display: flex;
        justify-content: center;
        gap: var(--jb-space-3);
        margin-bottom: var(--jb-space-4);
      }

      @media print {
        .screen-only {
          display: none !important;
        }

        .overlay {
          position: static;
          overflow: visible;
          padding: 0;
          background: none;
        }
      }
    `,
  ];

  @property() draftId = '';

  @consume({ context: caseCommandsContext })
  private readonly _commands!: CaseCommands;

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: caseEventRepositoryContext })
  private readonly _caseEvents!: CaseEventRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: stationRepositoryContext })
  private readonly _stations!: StationRepository;

  @consume({ context: calendarRepositoryContext })
  private readonly _calendars!: CalendarRepository;

  @state() private _loading = true;
  @state() private _draft: Case | undefined;
  @state() private _catalog: Catalog | undefined;
  @state() private _station: Station | undefined;
  @state() private _saveState: SaveState = 'saved';
  @state() private _error: LocalizedMessage | undefined;
  @state() private _info: MessageKey | undefined;
  @state() private _busy = false;
  @state() private _showAllErrors = false;
  @state() private _notice: OpenNotice | undefined;
  @state() private _thumbnails: ReadonlyMap<string, string> = new Map();
  @state() private _compressing: ReadonlyMap<string, number> = new Map();

  private readonly _session = new SessionController(this);
  private readonly _holidayYears = new ObservableController(this, () =>
    this._calendars.observeHolidayYears(),
  );
  private readonly _stationList = new ObservableController(this, () => this._stations.observeStations());
  private readonly _i18n = new LocaleController(this);
  private _saveTimer: ReturnType<typeof setTimeout> | undefined;
  private _saving: Promise<void> = Promise.resolve();
  /** Increases with every load, so a slow load of a previous draft never overwrites the current one. */
  private _loadGeneration = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('draftId')) void this._load(this.draftId);
  }

  override disconnectedCallback(): void {
    // Leaving the page must not lose the last keystrokes.
    if (this._saveTimer !== undefined) void this._flush();
    this._releaseThumbnails();
    super.disconnectedCallback();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const draft = this._draft;
    const catalog = this._catalog;
    if (this._loading) return html`<p class="status" role="status">${t('intake.loading')}</p>`;
    if (draft === undefined || catalog === undefined) {
      return html`<a class="back" href=${intakeDraftsHref()}>← ${t('intake.backToDrafts')}</a>
        <p class="status" role="alert">${t('intake.notFound', { id: this.draftId })}</p>`;
    }
    if (draft.status !== 'draft') {
      return html`<p class="status" role="status">
        ${t('intake.alreadyAccepted')} <a href=${receiptHref(draft.id)}>${t('intake.viewReceipt')}</a>
      </p>`;
    }
    const check = checkIntake(draft, catalog);
    return html`
      <div class=${this._notice === undefined ? '' : 'screen-only'} ?inert=${this._notice !== undefined}>
        ${this._renderIntake(draft, catalog, check)}
      </div>
      ${this._notice === undefined ? nothing : this._renderNotice(draft, catalog, this._notice)}
    `;
  }

  private _renderIntake(draft: Case, catalog: Catalog, check: IntakeCheck) {
    const t = this._i18n.t.bind(this._i18n);
    const entry = targetEntry(catalog, caseTarget(draft));
    const requirements = intakeRequirements(draft, catalog);
    return html`
      <a class="back" href=${intakeDraftsHref()}>← ${t('intake.backToDrafts')}</a>
      <div class="title">
        <h1>${entry === undefined ? caseTarget(draft).code : this._i18n.nameOf(entry)}</h1>
        <span class="badge">${t(`intake.channel.${draft.channel}`)}</span>
        ${entry !== undefined && !('kind' in entry) ? html`<span class="badge bundle">${t('catalog.bundleBadge')}</span>` : nothing}
        ${this._renderSaveState()}
      </div>
      ${this._error === undefined ? nothing : html`<p class="banner" role="alert">${this._i18n.localized(this._error)}</p>`}
      ${this._info === undefined ? nothing : html`<p class="banner info" role="status">${t(this._info)}</p>`}
      ${this._renderDeliveryStation(draft)}

      <section class="card" aria-labelledby="applicant-heading">
        <header><span class="step">1</span><h2 id="applicant-heading">${t('intake.section.applicant')}</h2></header>
        <div class="section-body">
          <jb-person-fields
            data-role="applicant"
            .person=${draft.applicant}
            .errors=${check.applicantErrors}
            ?showAllErrors=${this._showAllErrors}
            @jb-person-change=${(event: JbPersonChangeEvent) => this._edit({ ...draft, applicant: event.person })}
          ></jb-person-fields>
          ${this._renderAgent(draft, check)}
        </div>
      </section>

      <section class="card" aria-labelledby="form-heading">
        <header><span class="step">2</span><h2 id="form-heading">${t('intake.section.form')}</h2></header>
        <div class="section-body">
          <jb-intake-form
            .fields=${requirements.fields}
            .values=${draft.form}
            .errors=${check.fieldErrors}
            ?showAllErrors=${this._showAllErrors}
            @jb-field-change=${(event: JbFieldChangeEvent) => this._editField(event.code, event.value)}
          ></jb-intake-form>
        </div>
      </section>

      <section class="card" aria-labelledby="materials-heading">
        <header>
          <span class="step">3</span><h2 id="materials-heading">${t('intake.section.materials')}</h2>
          <span class="material-count">${this._materialCount(draft)}</span>
        </header>
        ${
          check.materialErrors.length === 0
            ? nothing
            : html`<div class="banner material-errors" role="alert">
                <ul>${check.materialErrors.map((error) => html`<li>${this._i18n.localized(error)}</li>`)}</ul>
              </div>`
        }
        <jb-material-checklist
          .materials=${requirements.materials}
          .recorded=${draft.materials}
          .thumbnails=${this._thumbnails}
          .compressing=${this._compressing}
          @jb-material-change=${(event: JbMaterialChangeEvent) => this._editMaterial(event.materialId, event.material)}
          @jb-material-photos=${(event: JbMaterialPhotosEvent) => void this._addPhotos(event.materialId, event.files)}
        ></jb-material-checklist>
      </section>

      ${this._renderActions(draft, catalog, check)}
    `;
  }

  /** 就近办: the result may be handed over at another station, nearer to where the applicant lives. */
  private _renderDeliveryStation(draft: Case) {
    const t = this._i18n.t.bind(this._i18n);
    return html`<label class="delivery">
      ${t('intake.deliveryStation')}
      <select
        @change=${(event: Event) =>
          this._edit({ ...draft, deliveryStation: (event.target as HTMLSelectElement).value })}
      >
        ${(this._stationList.value ?? []).map(
          (station) =>
            html`<option value=${station.id} ?selected=${station.id === draft.deliveryStation}>
              ${this._i18n.nameOf(station)}
            </option>`,
        )}
      </select>
      <span class="hint">${t('intake.deliveryStationHint')}</span>
    </label>`;
  }

  private _renderSaveState() {
    return html`<span class="save-state ${this._saveState}" role="status">
      ${this._i18n.t(SAVE_STATE_MESSAGES[this._saveState])}
    </span>`;
  }

  private _renderAgent(draft: Case, check: IntakeCheck) {
    const t = this._i18n.t.bind(this._i18n);
    if (draft.agent === undefined) {
      return html`<div class="agent-toggle">
        <button type="button" class="button small" @click=${() => this._edit({ ...draft, agent: EMPTY_AGENT })}>
          + ${t('intake.agent.add')}
        </button>
        <span class="hint">${t('intake.agent.hint')}</span>
      </div>`;
    }
    const { agent: _agent, ...withoutAgent } = draft;
    return html`
      <div class="agent-head">
        <h3>${t('intake.section.agent')}</h3>
        <button type="button" class="button small" @click=${() => this._edit(withoutAgent)}>
          ${t('intake.agent.remove')}
        </button>
      </div>
      <jb-person-fields
        data-role="agent"
        .person=${draft.agent}
        .errors=${check.agentErrors}
        ?showAllErrors=${this._showAllErrors}
        @jb-person-change=${(event: JbPersonChangeEvent) => this._edit({ ...draft, agent: event.person })}
      ></jb-person-fields>
    `;
  }

  private _renderActions(draft: Case, catalog: Catalog, check: IntakeCheck) {
    const t = this._i18n.t.bind(this._i18n);
    const problems =
      Object.keys(check.applicantErrors).length +
      Object.keys(check.agentErrors).length +
      Object.keys(check.fieldErrors).length +
      check.materialErrors.length;
    const idle = !this._busy;
    const noticeGiven = draft.noticeGivenOn !== undefined;
    const trips = tripSummary(draft, catalog);
    return html`
      <div class="actions" role="region" aria-label=${t('intake.action.accept')}>
        <div class="summary" role="status">
          ${
            check.canAccept
              ? html`<strong class="ready">${t('intake.status.ready')}</strong>`
              : html`
                  ${check.missing.length > 0 ? html`<strong class="missing">${t('intake.status.missing', { count: check.missing.length })}</strong>` : nothing}
                  ${
                    problems > 0
                      ? html`<span>
                          ${t('intake.status.problems', { count: problems })}
                          <button type="button" class="link-button" @click=${() => this._revealProblems()}>
                            ${t('intake.status.show')}
                          </button>
                        </span>`
                      : nothing
                  }
                `
          }
          ${
            noticeGiven
              ? html`<span>
                  ${t('intake.status.noticeGiven', { date: draft.noticeGivenOn ?? '' })} ·
                  ${t('intake.status.trips', { trips: trips.trips, max: trips.maxTrips })}
                </span>`
              : nothing
          }
        </div>
        ${
          noticeGiven
            ? html`
                <button type="button" class="button" ?disabled=${!idle} @click=${() => this._reprintNotice(draft, catalog)}>
                  ${t('intake.action.printNotice')}
                </button>
                <button type="button" class="button" ?disabled=${!idle} @click=${() => this._recordReturnVisit()}>
                  ${t('intake.action.returnVisit')}
                </button>
              `
            : html`<button
                type="button"
                class="button"
                ?disabled=${!idle || check.missing.length === 0}
                @click=${() => this._giveNotice()}
              >
                ${t('intake.action.notice')}
              </button>`
        }
        <button
          type="button"
          class="button accept"
          ?disabled=${!idle || !check.canAccept}
          @click=${() => this._accept()}
        >
          ${this._busy ? t('intake.action.working') : t('intake.action.accept')}
        </button>
      </div>
    `;
  }

  private _renderNotice(draft: Case, catalog: Catalog, notice: OpenNotice) {
    const t = this._i18n.t.bind(this._i18n);
    const received = receivedOn(draft);
    return html`
      <div class="overlay" role="dialog" aria-modal="true" aria-label=${t('notice.title')}>
        <div class="toolbar screen-only">
          <button type="button" class="button primary" @click=${() => window.print()}>${t('intake.print')}</button>
          <button type="button" class="button" @click=${() => this._closeNotice()}>${t('intake.close')}</button>
        </div>
        <jb-notice-sheet
          .entries=${notice.entries}
          .target=${targetEntry(catalog, caseTarget(draft))}
          applicantName=${draft.applicant.name}
          reference=${draft.id.slice(0, 8).toUpperCase()}
          .station=${this._station}
          noticeDate=${draft.noticeGivenOn ?? ''}
          receivedOn=${received}
          deadline=${this._noticeDeadline(received)}
          clerkName=${notice.clerkName}
        ></jb-notice-sheet>
      </div>
    `;
  }

  private _materialCount(draft: Case): string {
    const count = (state: CaseMaterial['state']) => draft.materials.filter((m) => m.state === state).length;
    return this._i18n.t('intake.material.summary', {
      brought: count('brought'),
      exempt: count('exempt'),
      missing: count('missing'),
    });
  }

  private async _load(id: string): Promise<void> {
    const generation = ++this._loadGeneration;
    this._loading = true;
    this._resetView();
    const draft = await this._cases.getCase(id);
    const catalog = draft === undefined ? undefined : await this._catalogs.getCatalog(draft.catalogVersion);
    const station =
      draft === undefined ? undefined : await this._stations.getStation(draft.acceptedAtStation);
    if (generation !== this._loadGeneration) return;
    this._draft = draft;
    this._catalog = catalog;
    this._station = station;
    this._saveState = 'saved';
    this._loading = false;
    if (draft !== undefined) await this._loadThumbnails(draft, generation);
  }

  private _resetView(): void {
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    this._releaseThumbnails();
    this._error = undefined;
    this._info = undefined;
    this._showAllErrors = false;
    this._notice = undefined;
    this._compressing = new Map();
  }

  private async _loadThumbnails(draft: Case, generation: number): Promise<void> {
    const attachmentIds = draft.materials.flatMap((material) => material.attachmentIds ?? []);
    const loaded = await Promise.all(
      attachmentIds.map(async (attachmentId) => {
        const blob = await loadPhotoThumbnail(this._cases, draft.id, attachmentId);
        return [attachmentId, blob] as const;
      }),
    );
    if (generation !== this._loadGeneration) return;
    const thumbnails = new Map(this._thumbnails);
    for (const [attachmentId, blob] of loaded) {
      if (blob !== undefined) thumbnails.set(attachmentId, URL.createObjectURL(blob));
    }
    this._thumbnails = thumbnails;
  }

  private _releaseThumbnails(): void {
    for (const url of this._thumbnails.values()) URL.revokeObjectURL(url);
    this._thumbnails = new Map();
  }

  /** Every change the clerk makes goes through here: shown at once, saved shortly after. */
  private _edit(next: Case): void {
    this._draft = next;
    this._info = undefined;
    this._saveState = 'pending';
    clearTimeout(this._saveTimer);
    this._saveTimer = setTimeout(() => void this._flush(), SAVE_DELAY_MS);
  }

  private _editField(code: string, value: string): void {
    const draft = this._draft;
    if (draft === undefined) return;
    const { [code]: _previous, ...others } = draft.form;
    this._edit({ ...draft, form: value === '' ? others : { ...others, [code]: value } });
  }

  private _editMaterial(materialId: string, material: CaseMaterial | undefined): void {
    const draft = this._draft;
    const catalog = this._catalog;
    if (draft === undefined || catalog === undefined) return;
    const others = draft.materials.filter((candidate) => candidate.materialId !== materialId);
    const recorded = material === undefined ? others : [...others, material];
    // Kept in the catalog's order, so the stored case reads like the checklist.
    const order = intakeRequirements(draft, catalog).materials.map((requirement) => requirement.materialId);
    recorded.sort((a, b) => order.indexOf(a.materialId) - order.indexOf(b.materialId));
    this._edit({ ...draft, materials: recorded });
  }

  /** Writes the pending change now, after any save already under way. */
  private _flush(): Promise<void> {
    clearTimeout(this._saveTimer);
    this._saveTimer = undefined;
    this._saving = this._saving.then(() => this._save());
    return this._saving;
  }

  private async _save(): Promise<void> {
    const draft = this._draft;
    if (draft === undefined || draft.status !== 'draft') return;
    this._saveState = 'saving';
    try {
      const saved = await this._commands.saveDraft(draft);
      if (!saved.ok) {
        this._error = saved.error;
        this._saveState = 'failed';
        return;
      }
      if (this._error === STORAGE_FULL_MESSAGE) this._error = undefined;
      this._saveState = this._draft === draft ? 'saved' : 'pending';
    } catch (error) {
      this._saveState = 'failed';
      this._error =
        error instanceof StorageFullError ? error.userMessage : this._message('intake.saveFailed');
      if (!(error instanceof StorageFullError)) console.error('Saving the draft failed', error);
    }
  }

  private _revealProblems(): void {
    this._showAllErrors = true;
  }

  /** Runs a command on the stored draft once the last edit is saved; adopts the case it returns. */
  private async _run<T extends { readonly case: Case }>(
    command: (draftId: string) => Promise<Validation<T>>,
  ): Promise<T | undefined> {
    const draft = this._draft;
    if (draft === undefined || this._busy) return undefined;
    this._busy = true;
    this._error = undefined;
    this._info = undefined;
    try {
      await this._flush();
      if (this._saveState === 'failed') return undefined;
      const result = await command(draft.id);
      if (!result.ok) {
        this._error = result.error;
        this._showAllErrors = true;
        return undefined;
      }
      const edited = this._draft;
      if (edited === draft || edited === undefined) {
        this._draft = result.value.case;
      } else {
        // The clerk kept typing while the command ran: keep what they typed on top of what the command recorded.
        this._edit(withClerkEntries(result.value.case, edited));
      }
      return result.value;
    } catch (error) {
      if (error instanceof StorageFullError) {
        this._error = error.userMessage;
        return undefined;
      }
      this._error = this._message('intake.actionFailed');
      console.error('An intake action failed', error);
      return undefined;
    } finally {
      this._busy = false;
    }
  }

  private async _giveNotice(): Promise<void> {
    const given = await this._run((id) => this._commands.giveNotice(id));
    if (given === undefined) return;
    this._notice = { entries: given.missing, clerkName: given.event.actorName };
  }

  /** The notice again, as printed: it lists what is still missing now. */
  private async _reprintNotice(draft: Case, catalog: Catalog): Promise<void> {
    const events = await firstValueFrom(this._caseEvents.observeEvents(draft.id));
    const given = events.find((event) => event.type === 'case.notice-given');
    this._notice = {
      entries: checkIntake(draft, catalog).missing,
      clerkName: given?.actorName ?? this._session.profile?.name ?? '',
    };
  }

  private _closeNotice(): void {
    this._notice = undefined;
  }

  private async _recordReturnVisit(): Promise<void> {
    const recorded = await this._run((id) => this._commands.recordReturnVisit(id));
    if (recorded !== undefined) this._info = 'intake.returnVisitRecorded';
  }

  private async _accept(): Promise<void> {
    const accepted = await this._run(async (id) => {
      const result = await this._commands.acceptIntake(id);
      if (!result.ok) return result;
      const [parent] = result.value.cases;
      if (parent === undefined) throw new Error(`Accepting ${id} returned no case`);
      return { ok: true as const, value: { case: parent } };
    });
    if (accepted !== undefined) location.hash = receiptHref(accepted.case.id);
  }

  private async _addPhotos(materialId: string, files: readonly File[]): Promise<void> {
    const caseId = this._draft?.id;
    if (caseId === undefined) return;
    for (const file of files) {
      this._countCompressing(materialId, +1);
      try {
        const photo = await compressPhoto(file);
        const attachmentId = await photoAttachmentIdOf(photo);
        await storeMaterialPhoto(this._cases, caseId, attachmentId, photo);
        // The clerk may have moved on to another draft while the photo was compressed.
        if (this._draft?.id !== caseId) return;
        this._thumbnails = new Map([
          ...this._thumbnails,
          [attachmentId, URL.createObjectURL(photo.thumbnail)],
        ]);
        const current = this._draft.materials.find((material) => material.materialId === materialId);
        if (current !== undefined) {
          this._editMaterial(materialId, {
            ...current,
            // The same picture twice is one photo: its id is its content hash.
            attachmentIds: [...new Set([...(current.attachmentIds ?? []), attachmentId])],
          });
        }
      } catch (error) {
        if (error instanceof StorageFullError) this._error = error.userMessage;
        else if (isUnreadableImageError(error)) this._error = UNREADABLE_IMAGE_MESSAGE;
        else {
          this._error = this._message('intake.photoFailed');
          console.error('Storing a material photo failed', error);
        }
      } finally {
        this._countCompressing(materialId, -1);
      }
    }
  }

  private _countCompressing(materialId: string, change: number): void {
    const compressing = new Map(this._compressing);
    const count = (compressing.get(materialId) ?? 0) + change;
    if (count > 0) compressing.set(materialId, count);
    else compressing.delete(materialId);
    this._compressing = compressing;
  }

  /** The last day for the one-time notice; empty when the device lacks that year's holiday arrangement. */
  private _noticeDeadline(received: string): string {
    const years = this._holidayYears.value;
    if (years === undefined) return '';
    try {
      return deemedAcceptanceDate(received, WorkingDayCalendar.fromYears(years));
    } catch {
      return '';
    }
  }

  private _message(key: MessageKey): LocalizedMessage {
    return { zh: translate('zh-CN', key), en: translate('en', key) };
  }
}

/** The command's case with the applicant, agent, form, materials and delivery station as on screen. */
function withClerkEntries(recorded: Case, onScreen: Case): Case {
  const { agent: _agent, ...rest } = recorded;
  const entries = {
    applicant: onScreen.applicant,
    form: onScreen.form,
    materials: onScreen.materials,
    deliveryStation: onScreen.deliveryStation,
  };
  return onScreen.agent === undefined
    ? { ...rest, ...entries }
    : { ...rest, ...entries, agent: onScreen.agent };
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-intake': JbPageIntake;
  }
}
