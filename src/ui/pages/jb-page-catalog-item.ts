import { consume } from '@lit/context';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { Catalog, ServiceItem } from '../../domain/catalog/catalog.schema';
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
import '../components/jb-form-field-list';
import '../components/jb-material-list';

/** One service item as the clerk explains it to the applicant: 八统一 facts, materials and form. */
@customElement('jb-page-catalog-item')
export class JbPageCatalogItem extends LitElement {
  static override styles = [sharedStyles, pageStyles, detailStyles, buttonStyles];

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
    const item = catalog?.items.find((candidate) => candidate.code === this.code);
    if (item === undefined) {
      return html`${back}<p class="status" role="status">${t('catalog.itemNotFound', { code: this.code })}</p>`;
    }
    return html`
      ${back}
      ${this._renderSummary(catalog, item)}
      <h2>${t('catalog.materials')}</h2>
      <section class="card">
        <jb-material-list .catalog=${catalog} .materials=${item.materials}></jb-material-list>
      </section>
      <h2>${t('catalog.formFields')}</h2>
      <section class="card">
        <jb-form-field-list .catalog=${catalog} .fields=${item.fields}></jb-form-field-list>
      </section>
    `;
  }

  private _renderSummary(catalog: Catalog, item: ServiceItem) {
    const t = this._i18n.t.bind(this._i18n);
    const department = catalog.departments.find((candidate) => candidate.code === item.departmentCode);
    return html`
      <section class="card summary">
        <h1>${this._i18n.nameOf(item)}</h1>
        <p class="meta">${t('catalog.code')} ${item.code}</p>
        <jb-catalog-badges .entry=${item}></jb-catalog-badges>
        <p class="start-intake">
          <a class="button primary" href=${newIntakeHref({ kind: 'item', code: item.code })}>＋ ${t('intake.start')}</a>
        </p>
        <dl>
          <dt>${t('catalog.department')}</dt>
          <dd>${department === undefined ? item.departmentCode : this._i18n.nameOf(department)}</dd>
          <dt>${t('catalog.level')}</dt>
          <dd>${t(`level.${item.level}`)}</dd>
          <dt>${t('catalog.timeLimits')}</dt>
          <dd>
            ${promisedTimeText(this._i18n, item)}；${t('catalog.statutoryDays', { days: item.statutoryDays })}
          </dd>
          <dt>${t('catalog.trips')}</dt>
          <dd>${tripsText(this._i18n, item.maxTrips)}</dd>
          <dt>${t('catalog.fee')}</dt>
          <dd>${item.fee === 0 ? t('catalog.free') : t('catalog.feeYuan', { fee: item.fee })}</dd>
          <dt>${t('catalog.resultDocument')}</dt>
          <dd>${item.resultDocument}</dd>
          <dt>${t('catalog.legalBasis')}</dt>
          <dd>${item.legalBasis}</dd>
        </dl>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-catalog-item': JbPageCatalogItem;
  }
}
