import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Catalog, MaterialRequirement } from '../../domain/catalog/catalog.schema';
import { MATERIAL_FORM_LABELS } from '../../domain/catalog/catalog-labels';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { tableStyles } from './table-styles';
import './jb-exemption-tag';

/** A material requirement; a merged 一件事 list also says which of the bundle's items ask for it. */
export type ListedMaterial = MaterialRequirement & { readonly itemCodes?: readonly string[] };

/** The materials an application needs: original or copy, copies, whether required, and how it may be skipped. */
@customElement('jb-material-list')
export class JbMaterialList extends LitElement {
  static override styles = [
    sharedStyles,
    tableStyles,
    css`
      .exemptions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--jb-space-1);
      }

      .required {
        color: var(--jb-color-accent);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) catalog?: Catalog;
  @property({ attribute: false }) materials: readonly ListedMaterial[] = [];

  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    if (this.materials.length === 0) return html`<p class="empty">${t('catalog.material.none')}</p>`;
    const showItems = this.materials.some((material) => material.itemCodes !== undefined);
    return html`
      <table>
        <thead>
          <tr>
            <th scope="col">${t('catalog.material.name')}</th>
            <th scope="col">${t('catalog.material.form')}</th>
            <th scope="col">${t('catalog.material.copies')}</th>
            <th scope="col">${t('catalog.requirement')}</th>
            <th scope="col">${t('catalog.material.exemptions')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.materials.map((material) => this._renderRow(material, showItems))}
        </tbody>
      </table>
    `;
  }

  private _renderRow(material: ListedMaterial, showItems: boolean) {
    const t = this._i18n.t.bind(this._i18n);
    const definition = this.catalog?.materials.find((candidate) => candidate.id === material.materialId);
    const itemNames = (material.itemCodes ?? []).map((code) => {
      const item = this.catalog?.items.find((candidate) => candidate.code === code);
      return item === undefined ? code : this._i18n.nameOf(item);
    });
    return html`
      <tr>
        <td>
          <span class="name">${definition === undefined ? material.materialId : this._i18n.nameOf(definition)}</span>
          ${material.condition === undefined ? nothing : html`<span class="note">${material.condition}</span>`}
          ${
            definition?.eLicense === undefined
              ? nothing
              : html`<span class="note">${t('catalog.material.eLicense', { license: definition.eLicense })}</span>`
          }
          ${
            showItems && itemNames.length > 0
              ? html`<span class="note">${t('catalog.material.usedBy', { items: itemNames.join(t('list.separator')) })}</span>`
              : nothing
          }
        </td>
        <td class="compact">${this._i18n.localized(MATERIAL_FORM_LABELS[material.form])}</td>
        <td class="compact">${t('catalog.material.copiesCount', { copies: material.copies })}</td>
        <td class="compact ${material.required ? 'required' : ''}">
          ${material.required ? t('catalog.material.isRequired') : t('catalog.material.isOptional')}
        </td>
        <td>
          <div class="exemptions">
            ${material.exemptions.map((kind) => html`<jb-exemption-tag kind=${kind}></jb-exemption-tag>`)}
          </div>
        </td>
      </tr>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-material-list': JbMaterialList;
  }
}
