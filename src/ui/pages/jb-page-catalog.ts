import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CatalogRepository } from '../../data/catalog.repository';
import type { Catalog, Department } from '../../domain/catalog/catalog.schema';
import { searchCatalog } from '../../domain/catalog/catalog-search';
import { catalogRepositoryContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { catalogHref } from '../routes';
import { sharedStyles } from '../theme';
import { catalogUnavailable } from './catalog-status';
import { pageStyles } from './page-styles';
import '../components/jb-catalog-entry';
import '../components/jb-search-box';
import type { JbSearchEvent } from '../components/jb-search-box';

/** The catalog browser: search items and 一件事 by Chinese name, pinyin initials or code. */
@customElement('jb-page-catalog')
export class JbPageCatalog extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    css`
      jb-search-box {
        margin-bottom: var(--jb-space-3);
      }

      .count {
        margin: 0 0 var(--jb-space-2);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      h2 .badge {
        margin-left: var(--jb-space-2);
        vertical-align: middle;
      }

      .results {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(360px, 1fr));
        gap: var(--jb-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
      }
    `,
  ];

  /** The search the page opens with, taken from the address so a reload or "back" keeps it. */
  @property() query = '';

  @consume({ context: catalogRepositoryContext })
  private readonly _catalogs!: CatalogRepository;

  private readonly _catalog = new ObservableController(this, () => this._catalogs.observeCurrentCatalog());
  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <h1>${t('catalog.title')}</h1>
      <jb-search-box
        .value=${this.query}
        label=${t('catalog.searchLabel')}
        placeholder=${t('catalog.searchPlaceholder')}
        @jb-search=${this._onSearch}
      ></jb-search-box>
      ${this._renderResults()}
    `;
  }

  private _renderResults() {
    const t = this._i18n.t.bind(this._i18n);
    const catalog = this._catalog.value;
    if (catalog === undefined) return catalogUnavailable(this._i18n, this._catalog);
    const { items, bundles } = searchCatalog(catalog, this.query);
    const departments = new Map(catalog.departments.map((department) => [department.code, department]));
    return html`
      <p class="count" role="status">
        ${t('catalog.resultCount', { items: items.length, bundles: bundles.length })}
      </p>
      ${
        items.length + bundles.length === 0
          ? html`<p class="status">${t('catalog.noResults', { query: this.query.trim() })}</p>`
          : nothing
      }
      ${
        bundles.length === 0
          ? nothing
          : html`
            <h2>${t('catalog.bundles')}</h2>
            <ul class="results" aria-label=${t('catalog.bundles')}>
              ${bundles.map((bundle) => this._renderEntry(bundle, departments.get(bundle.leadDepartmentCode)))}
            </ul>
          `
      }
      ${
        items.length === 0
          ? nothing
          : html`
            <h2>${t('catalog.items')}</h2>
            <ul class="results" aria-label=${t('catalog.items')}>
              ${items.map((item) => this._renderEntry(item, departments.get(item.departmentCode)))}
            </ul>
          `
      }
    `;
  }

  private _renderEntry(
    entry: Catalog['items'][number] | Catalog['bundles'][number],
    department?: Department,
  ) {
    return html`<li><jb-catalog-entry .entry=${entry} .department=${department}></jb-catalog-entry></li>`;
  }

  private _onSearch(event: JbSearchEvent): void {
    this.query = event.query;
    // Keep the search in the address without adding a history entry per keystroke.
    history.replaceState(history.state, '', catalogHref(event.query));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-catalog': JbPageCatalog;
  }
}
