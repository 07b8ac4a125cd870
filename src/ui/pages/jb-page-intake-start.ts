import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CaseCommands } from '../../data/case-commands';
import type { CatalogRepository } from '../../data/catalog.repository';
import { StorageFullError } from '../../data/storage-errors';
import { CHANNELS, type Channel } from '../../domain/case/case.schema';
import type { IntakeTarget } from '../../domain/case/case-workflow';
import type { LocalizedMessage } from '../../domain/localized-message';
import { targetEntry } from '../components/case-target';
import { caseCommandsContext, catalogRepositoryContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { SessionController } from '../controllers/session-controller';
import { LocaleController } from '../i18n/locale-controller';
import { bundleHref, catalogHref, intakeHref, itemHref } from '../routes';
import { sharedStyles } from '../theme';
import { catalogUnavailable } from './catalog-status';
import { intakeStyles } from './intake-styles';
import { pageStyles } from './page-styles';
import '../components/jb-draft-list';

/**
 * Where an intake starts (一窗受理): the clerk picks how the case is taken, 窗口 or 上门办, and a draft opens.
 * Below, the drafts not yet accepted, to resume one.
 */
@customElement('jb-page-intake-start')
export class JbPageIntakeStart extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    intakeStyles,
    css`
      .start {
        padding: var(--jb-space-5);
      }

      .channels {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: var(--jb-space-4);
        margin-top: var(--jb-space-4);
      }

      .channel {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: var(--jb-space-1);
        min-height: 120px;
        padding: var(--jb-space-4) var(--jb-space-5);
        text-align: left;
      }

      .channel .label {
        font-size: 22px;
      }

      .channel .hint {
        font-size: var(--jb-font-size);
        font-weight: normal;
        opacity: 0.9;
      }

      .drafts {
        margin-top: var(--jb-space-6);
      }

      .drafts p {
        margin: 0 0 var(--jb-space-3);
        color: var(--jb-color-text-muted);
      }
    `,
  ];

  /** The item or 一件事 to start; without one the page only lists the drafts. */
  @property({ attribute: false }) target?: IntakeTarget;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: caseCommandsContext })
  private readonly _commands!: CaseCommands;

  @state() private _starting = false;
  @state() private _error: LocalizedMessage | undefined;

  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  private readonly _session = new SessionController(this);
  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      ${this._renderStart()}
      <section class="drafts">
        <h2>${t('intake.drafts')}</h2>
        <p>${t('intake.drafts.hint')}</p>
        <div class="card">
          <jb-draft-list stationId=${this._session.profile?.stationId ?? ''}></jb-draft-list>
        </div>
      </section>
    `;
  }

  private _renderStart() {
    const t = this._i18n.t.bind(this._i18n);
    const target = this.target;
    if (target === undefined) {
      return html`<h1>${t('intake.start')}</h1>
        <p class="status">${t('intake.noTarget')} <a href=${catalogHref()}>${t('catalog.back')}</a></p>`;
    }
    const catalog = this._catalog.value;
    if (catalog === undefined) return catalogUnavailable(this._i18n, this._catalog);
    const entry = targetEntry(catalog, target);
    if (entry === undefined) {
      return html`<p class="status" role="alert">${t('intake.targetNotFound', { code: target.code })}</p>`;
    }
    const back = target.kind === 'item' ? itemHref(target.code) : bundleHref(target.code);
    return html`
      <a class="back" href=${back}>← ${this._i18n.nameOf(entry)}</a>
      <section class="card start">
        <h1>${t('intake.startTitle', { target: this._i18n.nameOf(entry) })}</h1>
        ${this._error === undefined ? nothing : html`<p class="banner" role="alert">${this._i18n.localized(this._error)}</p>`}
        <h2>${t('intake.channel')}</h2>
        <div class="channels">
          ${CHANNELS.map(
            (channel, index) => html`<button
              type="button"
              class="button channel ${index === 0 ? 'primary' : ''}"
              ?disabled=${this._starting}
              @click=${() => this._start(target, channel)}
            >
              <span class="label">${t(`intake.channel.${channel}`)}</span>
              <span class="hint">${t(`intake.channel.${channel}.hint`)}</span>
            </button>`,
          )}
        </div>
        ${this._starting ? html`<p role="status">${t('intake.starting')}</p>` : nothing}
      </section>
    `;
  }

  private async _start(target: IntakeTarget, channel: Channel): Promise<void> {
    this._starting = true;
    this._error = undefined;
    try {
      const started = await this._commands.startDraft(target, channel);
      if (!started.ok) {
        this._error = started.error;
        return;
      }
      location.hash = intakeHref(started.value.id);
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      this._error = error.userMessage;
    } finally {
      this._starting = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-intake-start': JbPageIntakeStart;
  }
}
