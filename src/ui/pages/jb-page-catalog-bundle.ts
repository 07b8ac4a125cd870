import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CatalogRepository } from '../../data/catalog.repository';
import { type MergedBundle, mergeBundle } from '../../domain/catalog/bundle-merge';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import { catalogRepositoryContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { promisedTimeText, tripsText } from '../i18n/catalog-text';
import { LocaleController } from '../i18n/locale-controller';
import { catalogHref, newIntakeHref } from '../routes';
import { sharedStyles } from '../theme';
import { catalogUnavailable } from './catalog-status';
import { buttonStyles } from './intake-styles';
import { detailStyles, pageStyles } from './page-styles';
import '../components/jb-catalog-badges';
import '../components/jb-catalog-entry';
import '../components/jb-form-field-list';
import '../components/jb-material-list';

/** A 一件事: its items across departments, with the one merged form and material list the applicant sees. */
@customElement('jb-page-catalog-bundle')
export class JbPageCatalogBundle extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    detailStyles,
    buttonStyles,
    css`
      .departments {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-1) var(--jb-space-4);
        margin: 0;
        padding: 0;
        list-style: none;
      }

      .items {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
        gap: var(--jb-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
      }
    `,
  ];

  @property() code = '';
  /** Where "back" leads: the catalog with the search the clerk came from. */
  @property({ attribute: false }) backHref = catalogHref();

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const back = html`<a class="back" href=${this.backHref}>← ${t('catalog.back')}</a>`;
    const catalog = this._catalog.value;
    if (catalog === undefined) return html`${back}${catalogUnavailable(this._i18n, this._catalog)}`;
    if (!catalog.bundles.some((bundle) => bundle.code === this.code)) {
      return html`${back}<p class="status" role="status">${t('catalog.bundleNotFound', { code: this.code })}</p>`;
    }
    const merged = mergeBundle(catalog, this.code);
    return html`
      ${back}
      ${this._renderSummary(catalog, merged)}
      <h2>${t('catalog.bundleItems')}</h2>
      <ul class="items">
        ${merged.items.map(
          (item) => html`<li>
            <jb-catalog-entry
              .entry=${item}
              .department=${catalog.departments.find((department) => department.code === item.departmentCode)}
            ></jb-catalog-entry>
          </li>`,
        )}
      </ul>
      <h2>${t('catalog.mergedMaterials')}</h2>
      <section class="card">
        <jb-material-list .catalog=${catalog} .materials=${merged.materials}></jb-material-list>
      </section>
      <h2>${t('catalog.mergedFormFields')}</h2>
      <section class="card">
        <jb-form-field-list .catalog=${catalog} .fields=${merged.fields}></jb-form-field-list>
      </section>
    `;
  }

  private _renderSummary(catalog: Catalog, merged: MergedBundle) {
    const t = this._i18n.t.bind(this._i18n);
    const departmentName = (code: string) => {
      const department = catalog.departments.find((candidate) => candidate.code === code);
      return department === undefined ? code : this._i18n.nameOf(department);
    };
    return html`
      <section class="card summary">
        <h1>${this._i18n.nameOf(merged.bundle)}</h1>
        <p class="meta">${merged.bundle.code}</p>
        <jb-catalog-badges .entry=${merged.bundle}></jb-catalog-badges>
        <p class="start-intake">
          <a class="button primary" href=${newIntakeHref({ kind: 'bundle', code: merged.bundle.code })}>＋ ${t('intake.start')}</a>
        </p>
        ${
          merged.bundle.description === undefined
            ? null
            : html`<p class="description">${merged.bundle.description}</p>`
        }
        <dl>
          <dt>${t('catalog.leadDepartment')}</dt>
          <dd>${departmentName(merged.bundle.leadDepartmentCode)}</dd>
          <dt>${t('catalog.departments')}</dt>
          <dd>
            <ul class="departments" aria-label=${t('catalog.departments')}>
              ${merged.subCases.map((subCase) => html`<li>${departmentName(subCase.departmentCode)}</li>`)}
            </ul>
          </dd>
          <dt>${t('catalog.timeLimits')}</dt>
          <dd>${promisedTimeText(this._i18n, merged.bundle)}</dd>
          <dt>${t('catalog.trips')}</dt>
          <dd>${tripsText(this._i18n, merged.maxTrips)}</dd>
        </dl>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-catalog-bundle': JbPageCatalogBundle;
  }
}
