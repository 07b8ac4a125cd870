import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ExemptionKind } from '../../domain/catalog/catalog.schema';
import { EXEMPTION_LABELS } from '../../domain/catalog/catalog-labels';
import { LocaleController } from '../i18n/locale-controller';

/** One way a material may be left out (三个不提交 / 四个一律取消), as a tag. */
@customElement('jb-exemption-tag')
export class JbExemptionTag extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      padding: 2px var(--jb-space-2);
      border: 1px solid var(--jb-color-success);
      border-radius: var(--jb-radius-small);
      background: var(--jb-color-success-soft);
      color: var(--jb-color-success);
      font-size: var(--jb-font-size-small);
      line-height: 1.6;
      white-space: nowrap;
    }
  `;

  @property() kind: ExemptionKind = 'none-required';

  private readonly _i18n = new LocaleController(this);

  override render() {
    return html`${this._i18n.localized(EXEMPTION_LABELS[this.kind])}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-exemption-tag': JbExemptionTag;
  }
}
