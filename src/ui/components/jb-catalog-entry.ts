import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Bundle, Department, ServiceItem } from '../../domain/catalog/catalog.schema';
import { LocaleController } from '../i18n/locale-controller';
import { bundleHref, itemHref } from '../routes';
import { sharedStyles } from '../theme';
import './jb-catalog-badges';

/** One search result: a service item or a 一件事, as a card that opens its detail page. */
@customElement('jb-catalog-entry')
export class JbCatalogEntry extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }

      a {
        display: flex;
        flex-direction: column;
        gap: var(--jb-space-2);
        box-sizing: border-box;
        height: 100%;
        min-height: 120px;
        padding: var(--jb-space-4);
        color: inherit;
        text-decoration: none;
      }

      a:hover {
        border-color: var(--jb-color-primary);
      }

      a:active {
        background: var(--jb-color-primary-soft);
      }

      .name {
        margin: 0;
        color: var(--jb-color-primary-strong);
        font-size: var(--jb-font-size-large);
        font-weight: 600;
        line-height: 1.4;
      }

      .meta {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }
    `,
  ];

  @property({ attribute: false }) entry?: ServiceItem | Bundle;
  /** The item's department, or the bundle's lead department. */
  @property({ attribute: false }) department?: Department;

  private readonly _i18n = new LocaleController(this);

  override render() {
    const entry = this.entry;
    if (entry === undefined) return nothing;
    const isBundle = 'itemCodes' in entry;
    return html`
      <a class="card" href=${isBundle ? bundleHref(entry.code) : itemHref(entry.code)}>
        <h3 class="name">${this._i18n.nameOf(entry)}</h3>
        <span class="meta">
          ${[this.department && this._i18n.nameOf(this.department), entry.code].filter(Boolean).join(' · ')}
        </span>
        <jb-catalog-badges .entry=${entry}></jb-catalog-badges>
      </a>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-catalog-entry': JbCatalogEntry;
  }
}
