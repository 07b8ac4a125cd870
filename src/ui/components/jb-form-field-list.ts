import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Catalog, FieldRequirement } from '../../domain/catalog/catalog.schema';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { tableStyles } from './table-styles';

/** The fields of an application form, by their standard field codes. */
@customElement('jb-form-field-list')
export class JbFormFieldList extends LitElement {
  static override styles = [
    sharedStyles,
    tableStyles,
    css`
      .required {
        color: var(--jb-color-accent);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) catalog?: Catalog;
  @property({ attribute: false }) fields: readonly FieldRequirement[] = [];

  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    if (this.fields.length === 0) return html`<p class="empty">${t('catalog.field.none')}</p>`;
    return html`
      <table>
        <thead>
          <tr>
            <th scope="col">${t('catalog.field.label')}</th>
            <th scope="col">${t('catalog.field.type')}</th>
            <th scope="col">${t('catalog.requirement')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.fields.map((field) => {
            const definition = this.catalog?.fields.find((candidate) => candidate.code === field.code);
            return html`
              <tr>
                <td>
                  ${definition === undefined ? field.code : this._i18n.localized({ zh: definition.label, en: definition.labelEn })}
                </td>
                <td>${definition === undefined ? '' : t(`fieldType.${definition.type}`)}</td>
                <td class=${field.required ? 'required' : ''}>
                  ${field.required ? t('catalog.field.required') : t('catalog.field.optional')}
                </td>
              </tr>
            `;
          })}
        </tbody>
      </table>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-form-field-list': JbFormFieldList;
  }
}
