import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Bundle, ServiceItem } from '../../domain/catalog/catalog.schema';
import { promisedTimeText, tripsText } from '../i18n/catalog-text';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';

const isBundle = (entry: ServiceItem | Bundle): entry is Bundle => 'itemCodes' in entry;

/** The facts a clerk checks first: 即办件/承诺件 or 一件事, time limits, trips and whether it can be done online. */
@customElement('jb-catalog-badges')
export class JbCatalogBadges extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-2);
      }

      .days {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }
    `,
  ];

  @property({ attribute: false }) entry?: ServiceItem | Bundle;

  private readonly _i18n = new LocaleController(this);

  override render() {
    const entry = this.entry;
    if (entry === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const promised = html`<span class="badge">${promisedTimeText(this._i18n, entry)}</span>`;
    const trips = html`<span class="badge trips">${tripsText(this._i18n, entry.maxTrips)}</span>`;
    if (isBundle(entry)) {
      return html`<span class="badge bundle">${t('catalog.bundleBadge')}</span>${promised}${trips}`;
    }
    return html`
      <span class="badge ${entry.kind}">${t(`catalog.kind.${entry.kind}`)}</span>
      ${promised}
      <span class="days">${t('catalog.statutoryDays', { days: entry.statutoryDays })}</span>
      ${trips}
      ${entry.onlineCapable ? html`<span class="badge online">${t('catalog.onlineCapable')}</span>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-catalog-badges': JbCatalogBadges;
  }
}
