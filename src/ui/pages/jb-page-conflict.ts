import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BehaviorSubject, map, of, switchMap } from 'rxjs';
import type { CaseEventRepository } from '../../data/case-event.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { AdminClient, ConflictDetail, ConflictWriter, FieldChoice } from '../../data/replication';
import type { StationRepository } from '../../data/station.repository';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import { validateMobile } from '../../domain/identity/phone';
import { maskIdNumber } from '../../domain/identity/resident-id';
import { formatInstant } from '../components/case-text';
import {
  adminClientContext,
  caseEventRepositoryContext,
  catalogRepositoryContext,
  stationRepositoryContext,
} from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { caseHref, conflictsHref } from '../routes';
import { sharedStyles } from '../theme';
import { adminErrorText } from './admin-errors';
import { adminStyles, shortDeviceId } from './admin-text';
import { controlStyles } from './case-styles';
import {
  type ConflictLookups,
  type ConflictRow,
  checkTypedValue,
  conflictRows,
  fieldLabel,
  formatValue,
  type ValueInput,
  valueInputOf,
} from './conflict-fields';
import { pageStyles } from './page-styles';

/** What the administrator picked for one conflicting field; `typed` is kept when switching back and forth. */
interface Choice {
  readonly kind: 'ours' | 'theirs' | 'value' | undefined;
  readonly typed: string;
}

/** Who made a change, as the case's own timeline names them. */
interface Person {
  readonly name: string;
  readonly stationId: string;
}

type Loaded =
  | { readonly state: 'loading' }
  | {
      readonly state: 'done';
      readonly conflict: ConflictDetail;
      readonly catalog: Catalog | undefined;
    }
  | { readonly state: 'failed'; readonly message: string };

const NO_CHOICE: Choice = { kind: undefined, typed: '' };

/**
 * One conflict: the two versions side by side against the base they both started from, field by field. For each
 * conflicting field the administrator keeps one version's value or types the right one, says why, and resolves:
 * the server writes a new revision of the case that reaches every station, and the page returns to the queue.
 */
@customElement('jb-page-conflict')
export class JbPageConflict extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    adminStyles,
    css`
      section.card {
        padding: var(--jb-space-5);
        margin-bottom: var(--jb-space-4);
      }

      section.card h2 {
        margin-top: 0;
      }

      .badges {
        display: flex;
        gap: var(--jb-space-2);
        margin-bottom: var(--jb-space-2);
      }

      .summary h1 {
        margin-bottom: var(--jb-space-1);
      }

      .summary header {
        display: flex;
        align-items: flex-start;
        justify-content: space-between;
        gap: var(--jb-space-4);
      }

      .summary .meta {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-2) var(--jb-space-4);
        color: var(--jb-color-text-muted);
      }

      .case-no {
        font-family: ui-monospace, monospace;
      }

      .badge.open {
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
        font-weight: 700;
      }

      .badge.resolved {
        background: var(--jb-color-success-soft);
        color: var(--jb-color-success);
        font-weight: 700;
      }

      .versions {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: var(--jb-space-4);
        margin-top: var(--jb-space-4);
      }

      .version {
        padding: var(--jb-space-3) var(--jb-space-4);
        border-radius: var(--jb-radius);
        border-left: 6px solid var(--jb-version-color);
        background: var(--jb-color-background);
      }

      .version h3 {
        margin: 0 0 var(--jb-space-1);
        font-size: var(--jb-font-size);
        color: var(--jb-version-color);
      }

      .ours {
        --jb-version-color: var(--jb-color-primary);
      }

      .theirs {
        --jb-version-color: var(--jb-color-info);
      }

      fieldset.decision {
        margin: 0 0 var(--jb-space-4);
        padding: var(--jb-space-4);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
      }

      fieldset.decision.missing {
        border-color: var(--jb-color-accent);
      }

      legend {
        padding: 0 var(--jb-space-2);
        font-size: var(--jb-font-size-large);
        font-weight: 700;
      }

      .options {
        display: grid;
        grid-template-columns: repeat(4, minmax(0, 1fr));
        gap: var(--jb-space-3);
      }

      .base-value,
      .option {
        display: flex;
        flex-direction: column;
        gap: var(--jb-space-1);
        min-height: 88px;
        padding: var(--jb-space-3);
        border-radius: var(--jb-radius);
        box-sizing: border-box;
      }

      .base-value {
        background: var(--jb-color-background);
        color: var(--jb-color-text-muted);
      }

      .option {
        position: relative;
        border: 2px solid var(--jb-color-border);
        background: var(--jb-color-surface);
        cursor: pointer;
      }

      .option:hover {
        border-color: var(--jb-color-primary);
      }

      .option.selected {
        border-color: var(--jb-color-primary);
        background: var(--jb-color-primary-soft);
        box-shadow: var(--jb-focus-ring);
      }

      .option input[type='radio'] {
        position: absolute;
        top: var(--jb-space-3);
        right: var(--jb-space-3);
        width: 22px;
        height: 22px;
        min-height: 0;
        margin: 0;
        accent-color: var(--jb-color-primary);
      }

      .option-title {
        padding-right: 32px;
        font-size: var(--jb-font-size-small);
        font-weight: 700;
        color: var(--jb-version-color, var(--jb-color-text-muted));
      }

      .value {
        font-size: var(--jb-font-size-large);
        font-weight: 600;
        color: var(--jb-color-text);
        overflow-wrap: anywhere;
      }

      .base-value .value {
        color: var(--jb-color-text-muted);
        font-weight: 400;
      }

      .who {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .option.custom input[type='text'],
      .option.custom input[type='tel'],
      .option.custom input[type='date'],
      .option.custom select {
        width: 100%;
      }

      mark {
        padding: 0 var(--jb-space-1);
        border-radius: var(--jb-radius-small);
        background: var(--jb-color-warning-soft);
        color: inherit;
      }

      td.changed {
        background: var(--jb-color-warning-soft);
        font-weight: 600;
      }

      .resolve {
        display: grid;
        gap: var(--jb-space-3);
      }

      .resolve textarea {
        width: 100%;
      }

      .resolve .buttons {
        display: flex;
        justify-content: flex-end;
        gap: var(--jb-space-3);
      }

      .resolution dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--jb-space-2) var(--jb-space-5);
        margin: 0;
      }

      .resolution dt {
        color: var(--jb-color-text-muted);
      }

      .resolution dd {
        margin: 0;
      }

      @media (max-width: 900px) {
        .options,
        .versions {
          grid-template-columns: 1fr 1fr;
        }
      }
    `,
  ];

  @property() conflictId = '';
  /** The queue as the administrator left it, filters included. */
  @property() backHref = conflictsHref();

  @consume({ context: adminClientContext })
  private readonly _admin!: AdminClient;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: caseEventRepositoryContext })
  private readonly _events!: CaseEventRepository;

  @consume({ context: stationRepositoryContext })
  private readonly _stationRepository!: StationRepository;

  @state() private _loaded: Loaded = { state: 'loading' };
  @state() private _choices: Readonly<Record<string, Choice>> = {};
  @state() private _comment = '';
  /** Set by the first attempt to resolve: from then on, what is missing is marked. */
  @state() private _showErrors = false;
  @state() private _busy = false;
  @state() private _submitError = '';

  private readonly _i18n = new LocaleController(this);
  private readonly _stations = new ObservableController(this, () =>
    this._stationRepository.observeStations(),
  );
  /** The disputed case's id once the conflict is loaded. */
  private readonly _caseId$ = new BehaviorSubject<string | undefined>(undefined);
  /** Names of the people on the case's timeline, as this device holds it; a staff ID stands in until it arrives. */
  private readonly _people = new ObservableController(this, () =>
    this._caseId$.pipe(
      switchMap((id) => (id === undefined ? of([]) : this._events.observeEvents(id))),
      map(
        (events) =>
          new Map<string, Person>(
            events.map((event) => [event.actorId, { name: event.actorName, stationId: event.stationId }]),
          ),
      ),
    ),
  );

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('conflictId')) void this._load();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const back = html`<a class="back" href=${this.backHref}>← ${t('admin.conflict.back')}</a>`;
    const loaded = this._loaded;
    if (loaded.state === 'loading') {
      return html`${back}<p class="status" role="status">${t('admin.conflict.loading')}</p>`;
    }
    if (loaded.state === 'failed') return html`${back}<p class="status" role="alert">${loaded.message}</p>`;
    const { conflict } = loaded;
    const people: ReadonlyMap<string, Person> = this._people.value ?? new Map();
    const lookups = this._lookups(loaded.catalog);
    const rows = conflictRows(conflict);
    return html`
      ${back} ${this._renderSummary(conflict, loaded.catalog, people)}
      ${
        conflict.status === 'open'
          ? html`<section class="card" aria-labelledby="decide-heading">
              <h2 id="decide-heading">${t('admin.conflict.decide', { count: rows.conflicting.length })}</h2>
              <p class="intro">${t('admin.conflict.decideHint')}</p>
              ${rows.conflicting.map((row) => this._renderDecision(row, lookups, people, conflict))}
            </section>`
          : this._renderResolution(conflict, lookups, people)
      }
      ${this._renderMerged(rows.merged, lookups)}
      ${conflict.status === 'open' ? this._renderResolveForm(rows.conflicting, lookups) : nothing}
    `;
  }

  private _lookups(catalog: Catalog | undefined): ConflictLookups {
    return { catalog, stationName: (id) => this._stationName(id) };
  }

  private _renderSummary(
    conflict: ConflictDetail,
    catalog: Catalog | undefined,
    people: ReadonlyMap<string, Person>,
  ) {
    const t = this._i18n.t.bind(this._i18n);
    const c = conflict.ours as {
      caseNo?: string;
      itemCode?: string;
      applicant?: { name?: string; idNumber?: string };
    };
    const item = catalog?.items.find((candidate) => candidate.code === (conflict.item ?? c.itemCode));
    return html`
      <section class="card summary">
        <header>
          <div>
            <div class="badges">
              <span class="badge ${conflict.status}">
                ${conflict.status === 'open' ? t('admin.status.open') : t('admin.status.resolved')}
              </span>
            </div>
            <h1>${item === undefined ? (conflict.item ?? t('admin.conflict.title')) : this._i18n.nameOf(item)}</h1>
          </div>
          <a class="button" href=${caseHref(conflict.documentId)}>${t('admin.conflict.openCase')}</a>
        </header>
        <p class="meta">
          <span class="case-no">${c.caseNo ?? conflict.documentId}</span>
          <span>${c.applicant?.name ?? ''} ${maskIdNumber(c.applicant?.idNumber ?? '')}</span>
          <span>${t('admin.conflict.raisedAt', { at: formatInstant(conflict.createdAt) })}</span>
          <span>${conflict.stations.map((id) => this._stationName(id)).join(t('list.separator'))}</span>
        </p>
        <div class="versions">
          <div class="version ours">
            <h3>${t('admin.conflict.ours')}</h3>
            <div>${this._writerText(conflict.oursBy, people)}</div>
            ${conflict.status === 'open' ? html`<div class="who">${t('admin.conflict.oursHint')}</div>` : nothing}
          </div>
          <div class="version theirs">
            <h3>${t('admin.conflict.theirs')}</h3>
            <div>${this._writerText(conflict.theirsBy, people)}</div>
            ${conflict.status === 'open' ? html`<div class="who">${t('admin.conflict.theirsHint')}</div>` : nothing}
          </div>
        </div>
      </section>
    `;
  }

  private _renderDecision(
    row: ConflictRow,
    lookups: ConflictLookups,
    people: ReadonlyMap<string, Person>,
    conflict: ConflictDetail,
  ) {
    const t = this._i18n.t.bind(this._i18n);
    const choice = this._choices[row.path] ?? NO_CHOICE;
    const input = valueInputOf(row.segments, lookups);
    const problem = this._problemOf(row, choice, lookups);
    const show = (value: unknown) => formatValue(row.segments, value, this._i18n, lookups);
    const option = (side: 'ours' | 'theirs', value: unknown, writer: ConflictWriter) => html`
      <label class="option ${side} ${choice.kind === side ? 'selected' : ''}">
        <input
          type="radio"
          name=${row.path}
          value=${side}
          .checked=${choice.kind === side}
          @change=${() => this._choose(row.path, { ...choice, kind: side })}
        />
        <span class="option-title">${side === 'ours' ? t('admin.conflict.ours') : t('admin.conflict.theirs')}</span>
        <span class="value"><mark>${show(value)}</mark></span>
        <span class="who">${this._writerText(writer, people, false)}</span>
      </label>
    `;
    return html`
      <fieldset
        class="decision ${this._showErrors && problem !== undefined ? 'missing' : ''}"
        data-path=${row.path}
      >
        <legend>${fieldLabel(row.segments, this._i18n, lookups)}</legend>
        <div class="options">
          <div class="base-value">
            <span class="option-title">${t('admin.conflict.base')}</span>
            <span class="value">${show(row.base)}</span>
          </div>
          ${option('ours', row.ours, conflict.oursBy)} ${option('theirs', row.theirs, conflict.theirsBy)}
          ${input === undefined ? nothing : this._renderTypedOption(row, choice, input)}
        </div>
        ${
          this._showErrors && problem !== undefined
            ? html`<p class="error" role="alert">${problem}</p>`
            : nothing
        }
      </fieldset>
    `;
  }

  private _renderTypedOption(row: ConflictRow, choice: Choice, input: ValueInput) {
    const t = this._i18n.t.bind(this._i18n);
    const type = (value: string) => this._choose(row.path, { kind: 'value', typed: value });
    const label = t('admin.conflict.typeValue');
    return html`
      <label class="option custom ${choice.kind === 'value' ? 'selected' : ''}">
        <input
          type="radio"
          name=${row.path}
          value="value"
          .checked=${choice.kind === 'value'}
          @change=${() => this._choose(row.path, { ...choice, kind: 'value' })}
        />
        <span class="option-title">${label}</span>
        ${
          input.kind === 'select'
            ? html`<select
                aria-label=${label}
                @change=${(event: Event) => type((event.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${choice.typed === ''}>${t('intake.select.placeholder')}</option>
                ${input.options.map((option) => html`<option value=${option} ?selected=${option === choice.typed}>${option}</option>`)}
              </select>`
            : html`<input
                type=${input.kind === 'number' ? 'text' : input.kind}
                inputmode=${input.kind === 'number' ? 'decimal' : input.kind === 'tel' ? 'tel' : 'text'}
                autocomplete="off"
                aria-label=${label}
                .value=${choice.typed}
                @input=${(event: Event) => type((event.target as HTMLInputElement).value)}
              />`
        }
      </label>
    `;
  }

  private _renderMerged(rows: readonly ConflictRow[], lookups: ConflictLookups) {
    const t = this._i18n.t.bind(this._i18n);
    if (rows.length === 0) return nothing;
    const cell = (row: ConflictRow, value: unknown) => {
      const changed = JSON.stringify(value) !== JSON.stringify(row.base);
      return html`<td class=${changed ? 'changed' : ''}>${formatValue(row.segments, value, this._i18n, lookups)}</td>`;
    };
    return html`
      <section class="card" aria-labelledby="merged-heading">
        <h2 id="merged-heading">${t('admin.conflict.merged', { count: rows.length })}</h2>
        <p class="intro">${t('admin.conflict.mergedHint')}</p>
        <table>
          <thead>
            <tr>
              <th scope="col">${t('admin.column.field')}</th>
              <th scope="col">${t('admin.conflict.base')}</th>
              <th scope="col">${t('admin.conflict.ours')}</th>
              <th scope="col">${t('admin.conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr data-path=${row.path}>
                <th scope="row">${fieldLabel(row.segments, this._i18n, lookups)}</th>
                <td>${formatValue(row.segments, row.base, this._i18n, lookups)}</td>
                ${cell(row, row.ours)} ${cell(row, row.theirs)}
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
    `;
  }

  private _renderResolveForm(rows: readonly ConflictRow[], lookups: ConflictLookups) {
    const t = this._i18n.t.bind(this._i18n);
    const undecided = rows.filter(
      (row) => this._problemOf(row, this._choices[row.path] ?? NO_CHOICE, lookups) !== undefined,
    ).length;
    const commentMissing = this._comment.trim() === '';
    return html`
      <section class="card resolve" aria-labelledby="resolve-heading">
        <h2 id="resolve-heading">${t('admin.conflict.resolveTitle')}</h2>
        <label class="field">
          ${t('admin.conflict.comment')}
          <textarea
            maxlength="2000"
            required
            aria-invalid=${this._showErrors && commentMissing ? 'true' : 'false'}
            .value=${this._comment}
            @input=${(event: Event) => {
              this._comment = (event.target as HTMLTextAreaElement).value;
            }}
          ></textarea>
        </label>
        ${
          this._showErrors && undecided > 0
            ? html`<p class="error" role="alert">${t('admin.conflict.undecided', { count: undecided })}</p>`
            : nothing
        }
        ${
          this._showErrors && commentMissing
            ? html`<p class="error" role="alert">${t('admin.conflict.commentRequired')}</p>`
            : nothing
        }
        ${this._submitError === '' ? nothing : html`<p class="error" role="alert">${this._submitError}</p>`}
        <div class="buttons">
          <a class="button" href=${this.backHref}>${t('action.cancel')}</a>
          <button class="button primary" type="button" ?disabled=${this._busy} @click=${() => void this._resolve(rows, lookups)}>
            ${this._busy ? t('admin.conflict.resolving') : t('admin.conflict.resolve')}
          </button>
        </div>
      </section>
    `;
  }

  private _renderResolution(
    conflict: ConflictDetail,
    lookups: ConflictLookups,
    people: ReadonlyMap<string, Person>,
  ) {
    const t = this._i18n.t.bind(this._i18n);
    const resolution = conflict.resolution;
    if (resolution === undefined) return nothing;
    const choiceText = (choice: 'ours' | 'theirs' | 'value') =>
      choice === 'ours'
        ? t('admin.conflict.ours')
        : choice === 'theirs'
          ? t('admin.conflict.theirs')
          : t('admin.conflict.typeValue');
    return html`
      <section class="card resolution">
        <h2>${t('admin.conflict.resolvedTitle')}</h2>
        <dl>
          <dt>${t('admin.conflict.resolvedBy')}</dt>
          <dd>${people.get(resolution.resolvedBy)?.name ?? resolution.resolvedBy} · ${formatInstant(resolution.resolvedAt)}</dd>
          ${resolution.fields.map(
            (field) => html`<dt>${fieldLabel(field.segments, this._i18n, lookups)}</dt>
              <dd>${formatValue(field.segments, field.value, this._i18n, lookups)}（${choiceText(field.choice)}）</dd>`,
          )}
          <dt>${t('admin.conflict.commentShort')}</dt>
          <dd>${resolution.comment}</dd>
        </dl>
      </section>
    `;
  }

  /** Who saved a version: name (from the case's timeline) or staff ID, station and, in full, device and time. */
  private _writerText(writer: ConflictWriter, people: ReadonlyMap<string, Person>, full = true): string {
    const person = writer.staffId === undefined ? undefined : people.get(writer.staffId);
    const stationId = writer.stationId ?? person?.stationId;
    return [
      person?.name ?? writer.staffId,
      stationId === undefined ? undefined : this._stationName(stationId),
      !full || writer.deviceId === undefined
        ? undefined
        : this._i18n.t('case.event.device', { device: shortDeviceId(writer.deviceId) }),
      !full || writer.at === undefined ? undefined : formatInstant(writer.at),
    ]
      .filter((part): part is string => part !== undefined && part !== '')
      .join(' · ');
  }

  private _stationName(id: string): string {
    const station = this._stations.value?.find((candidate) => candidate.id === id);
    return station === undefined ? id : this._i18n.nameOf(station);
  }

  private _choose(path: string, choice: Choice): void {
    this._choices = { ...this._choices, [path]: choice };
    this._submitError = '';
  }

  /** Why a field's decision cannot be sent yet, or undefined. */
  private _problemOf(row: ConflictRow, choice: Choice, lookups: ConflictLookups): string | undefined {
    if (choice.kind === undefined) return this._i18n.t('admin.conflict.chooseOne');
    if (choice.kind !== 'value') return undefined;
    const problem = checkTypedValue(row.segments, choice.typed, lookups);
    return problem === undefined ? undefined : this._i18n.localized(problem);
  }

  private _decisionOf(row: ConflictRow, choice: Choice): FieldChoice {
    if (choice.kind === 'ours' || choice.kind === 'theirs') return { choose: choice.kind };
    const typed = choice.typed.trim();
    // A person's phone is stored as its 11 digits, as intake stores it.
    if (row.path === 'applicant.phone' || row.path === 'agent.phone') {
      const phone = validateMobile(typed);
      if (phone.ok) return { value: phone.value };
    }
    return { value: typed };
  }

  private async _resolve(rows: readonly ConflictRow[], lookups: ConflictLookups): Promise<void> {
    if (this._busy) return;
    this._showErrors = true;
    const complete = rows.every(
      (row) => this._problemOf(row, this._choices[row.path] ?? NO_CHOICE, lookups) === undefined,
    );
    if (!complete || this._comment.trim() === '') return;
    this._busy = true;
    this._submitError = '';
    try {
      await this._admin.resolveConflict(this.conflictId, {
        fields: Object.fromEntries(
          rows.map((row) => [row.path, this._decisionOf(row, this._choices[row.path] ?? NO_CHOICE)]),
        ),
        comment: this._comment.trim(),
      });
      location.hash = this.backHref;
    } catch (error) {
      this._submitError = adminErrorText(error, this._i18n);
    } finally {
      this._busy = false;
    }
  }

  private async _load(): Promise<void> {
    const id = this.conflictId;
    this._loaded = { state: 'loading' };
    this._choices = {};
    this._comment = '';
    this._showErrors = false;
    try {
      const conflict = await this._admin.getConflict(id);
      const version = conflict.ours['catalogVersion'];
      const catalog = typeof version === 'number' ? await this._catalogs.getCatalog(version) : undefined;
      if (this.conflictId !== id) return;
      this._caseId$.next(conflict.documentId);
      this._loaded = { state: 'done', conflict, catalog };
    } catch (error) {
      if (this.conflictId === id)
        this._loaded = { state: 'failed', message: adminErrorText(error, this._i18n) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-conflict': JbPageConflict;
  }
}
