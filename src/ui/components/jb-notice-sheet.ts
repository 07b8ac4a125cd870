import { html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { DEEMED_ACCEPTANCE_LABEL } from '../../domain/case/legal-clocks';
import { MATERIAL_FORM_LABELS } from '../../domain/catalog/catalog-labels';
import type { NoticeEntry } from '../../domain/catalog/material-resolution';
import { LocaleController } from '../i18n/locale-controller';
import { sheetStyles } from './sheet-styles';

/** A name as the catalog and the organisation carry it. */
export interface NamedEntry {
  readonly name: string;
  readonly nameEn: string;
}

/**
 * 一次性告知单: every material the applicant still has to bring, in one written notice (《行政许可法》第三十二条),
 * with the station, the date, the clerk and the last day the notice was due.
 */
@customElement('jb-notice-sheet')
export class JbNoticeSheet extends LitElement {
  static override styles = sheetStyles;

  @property({ attribute: false }) entries: readonly NoticeEntry[] = [];
  @property({ attribute: false }) target?: NamedEntry;
  @property() applicantName = '';
  /** The draft's reference, so a returning applicant's case is found again. */
  @property() reference = '';
  @property({ attribute: false }) station?: NamedEntry;
  @property() noticeDate = '';
  @property() receivedOn = '';
  /** Last day of the five working days the law allows for the notice; empty when the calendar cannot tell. */
  @property() deadline = '';
  @property() clerkName = '';

  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <article aria-label=${t('notice.title')}>
        <h1>${t('notice.title')}</h1>
        <dl class="meta">
          <dt>${t('notice.applicant')}</dt>
          <dd>${this.applicantName}</dd>
          <dt>${t('notice.reference')}</dt>
          <dd>${this.reference}</dd>
          <dt>${t('notice.station')}</dt>
          <dd>${this.station === undefined ? '' : this._i18n.nameOf(this.station)}</dd>
          <dt>${t('notice.date')}</dt>
          <dd>${this.noticeDate}</dd>
        </dl>
        <p>${t('notice.intro', { target: this.target === undefined ? '' : this._i18n.nameOf(this.target) })}</p>
        <table>
          <thead>
            <tr>
              <th class="number" scope="col">${t('notice.index')}</th>
              <th scope="col">${t('notice.material')}</th>
              <th scope="col">${t('notice.form')}</th>
              <th scope="col">${t('notice.copies')}</th>
              <th scope="col">${t('notice.condition')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (entry, index) => html`<tr>
                <td class="number">${index + 1}</td>
                <td>${this._i18n.localized({ zh: entry.name, en: entry.nameEn })}</td>
                <td>${this._i18n.localized(MATERIAL_FORM_LABELS[entry.form])}</td>
                <td>${t('notice.copiesValue', { copies: entry.copies })}</td>
                <td>${entry.condition ?? t('notice.always')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        <p class="legal">
          ${
            this.deadline === ''
              ? nothing
              : html`${t('notice.deadline', { received: this.receivedOn, deadline: this.deadline })}<br />`
          }
          ${this._i18n.localized(DEEMED_ACCEPTANCE_LABEL)}
        </p>
        <div class="signatures">
          <span>${t('notice.signature.clerk')} ${this.clerkName}</span>
          <span>${t('notice.signature.applicant')}</span>
        </div>
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-notice-sheet': JbNoticeSheet;
  }
}
