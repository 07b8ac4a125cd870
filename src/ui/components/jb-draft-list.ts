import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CaseRepository } from '../../data/case.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { Case } from '../../domain/case/case.schema';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import { caseRepositoryContext, catalogRepositoryContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { intakeHref } from '../routes';
import { sharedStyles } from '../theme';
import { caseTarget, targetEntry } from './case-target';

/**
 * The drafts (办件草稿) of a station, newest first, each with a link to resume it: cases the clerk started and has
 * not accepted yet, saved as they were typed.
 */
@customElement('jb-draft-list')
export class JbDraftList extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }

      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      li + li {
        border-top: 1px solid var(--jb-color-border);
      }

      a {
        display: grid;
        grid-template-columns: 1fr auto;
        align-items: center;
        gap: var(--jb-space-1) var(--jb-space-4);
        min-height: 64px;
        padding: var(--jb-space-3) var(--jb-space-5);
        color: inherit;
        text-decoration: none;
      }

      a:hover {
        background: var(--jb-color-primary-soft);
      }

      .who {
        font-size: var(--jb-font-size-large);
        font-weight: 600;
      }

      .what {
        color: var(--jb-color-text-muted);
      }

      .resume {
        grid-row: 1 / span 2;
        grid-column: 2;
        color: var(--jb-color-primary);
        font-weight: 600;
      }

      .empty {
        margin: 0;
        padding: var(--jb-space-4) var(--jb-space-5);
        color: var(--jb-color-text-muted);
      }
    `,
  ];

  /** The station whose drafts are listed; all drafts on the device when empty. */
  @property() stationId = '';

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  private readonly _drafts = new ObservableController(this, () =>
    this._cases.observeCases({
      status: 'draft',
      ...(this.stationId === '' ? {} : { stationId: this.stationId }),
    }),
  );
  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  private readonly _i18n = new LocaleController(this);

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The query is built when the list subscribes, so another station means a new subscription.
    if (changed.has('stationId') && changed.get('stationId') !== undefined && this.isConnected) {
      this._drafts.hostDisconnected();
      this._drafts.hostConnected();
    }
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    if (!this._drafts.hasValue) return html`<p class="empty" role="status">${t('intake.drafts.loading')}</p>`;
    const drafts = this._drafts.value ?? [];
    if (drafts.length === 0) return html`<p class="empty">${t('intake.drafts.none')}</p>`;
    return html`<ul aria-label=${t('intake.drafts')}>
      ${drafts.map((draft) => this._renderDraft(draft, this._catalog.value))}
    </ul>`;
  }

  private _renderDraft(draft: Case, catalog: Catalog | undefined) {
    const t = this._i18n.t.bind(this._i18n);
    const target = caseTarget(draft);
    const entry = catalog === undefined ? undefined : targetEntry(catalog, target);
    const updated = new Date(draft.updatedAt).toLocaleString(this._i18n.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
    });
    return html`<li>
      <a href=${intakeHref(draft.id)}>
        <span class="who">${draft.applicant.name.trim() === '' ? t('intake.drafts.noApplicant') : draft.applicant.name}</span>
        <span class="resume">${t('intake.drafts.resume')} →</span>
        <span class="what">
          ${entry === undefined ? target.code : this._i18n.nameOf(entry)} ·
          ${t(`intake.channel.${draft.channel}`)} · ${t('intake.drafts.updated', { time: updated })}
          ${draft.noticeGivenOn === undefined ? nothing : html` · <span class="badge trips">${t('intake.drafts.notice')}</span>`}
        </span>
      </a>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-draft-list': JbDraftList;
  }
}
