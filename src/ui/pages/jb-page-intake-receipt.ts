import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { firstValueFrom } from 'rxjs';
import type { CaseRepository } from '../../data/case.repository';
import type { CaseEventRepository } from '../../data/case-event.repository';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { StationRepository } from '../../data/station.repository';
import type { Case } from '../../domain/case/case.schema';
import { mergeBundle } from '../../domain/catalog/bundle-merge';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import type { Station } from '../../domain/organisation/organisation.schema';
import {
  caseEventRepositoryContext,
  caseRepositoryContext,
  catalogRepositoryContext,
  stationRepositoryContext,
} from '../contexts';
import { LocaleController } from '../i18n/locale-controller';
import { catalogHref, intakeDraftsHref } from '../routes';
import { sharedStyles } from '../theme';
import { intakeStyles } from './intake-styles';
import { pageStyles } from './page-styles';
import '../components/jb-receipt-sheet';

interface Receipt {
  readonly parent: Case;
  readonly subCases: readonly Case[];
  readonly catalog: Catalog | undefined;
  readonly station: Station | undefined;
  readonly clerkName: string;
}

/** The 受理回执 of an accepted case, ready to print and hand to the applicant. */
@customElement('jb-page-intake-receipt')
export class JbPageIntakeReceipt extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    intakeStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-3);
        margin-bottom: var(--jb-space-5);
      }

      .toolbar .banner {
        flex: 1;
        margin: 0;
      }

      @media print {
        .screen-only {
          display: none !important;
        }
      }
    `,
  ];

  @property() caseId = '';

  @consume({ context: caseRepositoryContext })
  private readonly _cases!: CaseRepository;

  @consume({ context: caseEventRepositoryContext })
  private readonly _caseEvents!: CaseEventRepository;

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  @consume({ context: stationRepositoryContext })
  private readonly _stations!: StationRepository;

  @state() private _loading = true;
  @state() private _receipt: Receipt | undefined;

  private readonly _i18n = new LocaleController(this);
  private _loadGeneration = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('caseId')) void this._load(this.caseId);
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    if (this._loading) return html`<p class="status" role="status">${t('receipt.loading')}</p>`;
    const receipt = this._receipt;
    if (receipt === undefined) {
      return html`<p class="status" role="alert">${t('receipt.notFound', { id: this.caseId })}</p>`;
    }
    if (receipt.parent.caseNo === undefined) {
      return html`<p class="status" role="status">${t('receipt.notAccepted')}</p>`;
    }
    return html`
      <div class="toolbar screen-only">
        <p class="banner info" role="status">${t('receipt.accepted')}</p>
        <button type="button" class="button primary" @click=${() => window.print()}>${t('receipt.print')}</button>
        <a class="button" href=${intakeDraftsHref()}>${t('intake.start')}</a>
        <a class="button" href=${catalogHref()}>${t('receipt.toCatalog')}</a>
      </div>
      <jb-receipt-sheet
        .parent=${receipt.parent}
        .subCases=${receipt.subCases}
        .catalog=${receipt.catalog}
        .station=${receipt.station}
        clerkName=${receipt.clerkName}
      ></jb-receipt-sheet>
      ${receipt.catalog === undefined ? html`<p class="status">${t('catalog.missing')}</p>` : nothing}
    `;
  }

  private async _load(id: string): Promise<void> {
    const generation = ++this._loadGeneration;
    this._loading = true;
    const parent = await this._cases.getCase(id);
    const receipt = parent === undefined ? undefined : await this._receiptOf(parent);
    if (generation !== this._loadGeneration) return;
    this._receipt = receipt;
    this._loading = false;
  }

  private async _receiptOf(parent: Case): Promise<Receipt> {
    const [catalog, station, events] = await Promise.all([
      this._catalogs.getCatalog(parent.catalogVersion),
      this._stations.getStation(parent.acceptedAtStation),
      firstValueFrom(this._caseEvents.observeEvents(parent.id)),
    ]);
    const accepted = events.find((event) => event.toStatus === 'accepted');
    return {
      parent,
      subCases: await this._subCasesOf(parent, catalog),
      catalog,
      station,
      clerkName: accepted?.actorName ?? '',
    };
  }

  /**
   * A 一件事's sub-cases in the bundle's department order. They are accepted at the parent's station, which keeps
   * the read to that station's cases.
   */
  private async _subCasesOf(parent: Case, catalog: Catalog | undefined): Promise<Case[]> {
    if (parent.bundleCode === undefined || catalog === undefined) return [];
    const subCases = await firstValueFrom(
      this._cases.observeCases({ parentCaseId: parent.id, stationId: parent.acceptedAtStation }),
    );
    const departments = mergeBundle(catalog, parent.bundleCode).subCases.map((slice) => slice.departmentCode);
    return subCases.sort(
      (a, b) => departments.indexOf(a.handlingDepartment) - departments.indexOf(b.handlingDepartment),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-intake-receipt': JbPageIntakeReceipt;
  }
}
