import { generate } from 'lean-qr';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Case } from '../../domain/case/case.schema';
import { itemsOfCase, promisedDaysOf } from '../../domain/case/case-workflow';
import type { Catalog } from '../../domain/catalog/catalog.schema';
import { maskIdNumber } from '../../domain/identity/resident-id';
import { LocaleController } from '../i18n/locale-controller';
import { caseTarget, targetEntry } from './case-target';
import type { NamedEntry } from './jb-notice-sheet';
import { sheetStyles } from './sheet-styles';

/** Pixels per QR module and quiet-zone modules of the receipt's QR code; a scanner needs both. */
export const RECEIPT_QR_SCALE = 6;
export const RECEIPT_QR_PADDING = 4;

/**
 * 受理回执: what the applicant takes home once the case is accepted: the case number (also as a QR code), what was
 * applied for, when it is due and, for a 一件事, each department's sub-case with its own number and due date.
 */
@customElement('jb-receipt-sheet')
export class JbReceiptSheet extends LitElement {
  static override styles = [
    sheetStyles,
    css`
      .head {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: var(--jb-space-5);
        align-items: start;
      }

      .case-number {
        margin: 0 0 var(--jb-space-4);
        font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
        font-size: 22px;
        font-weight: 700;
        letter-spacing: 0.04em;
      }

      figure {
        margin: 0;
        text-align: center;
        font-size: 12px;
      }

      figure img {
        display: block;
        width: 150px;
        height: 150px;
        margin: 0 auto var(--jb-space-1);
        image-rendering: pixelated;
      }

      figcaption {
        max-width: 150px;
      }

      .meta {
        grid-template-columns: max-content 1fr;
      }

      .nowrap {
        white-space: nowrap;
      }

      h2 {
        margin: var(--jb-space-5) 0 0;
        font-size: 18px;
      }
    `,
  ];

  @property({ attribute: false }) parent?: Case;
  @property({ attribute: false }) subCases: readonly Case[] = [];
  @property({ attribute: false }) catalog?: Catalog;
  @property({ attribute: false }) station?: NamedEntry;
  @property() clerkName = '';

  private readonly _i18n = new LocaleController(this);

  override render() {
    const { parent, catalog } = this;
    if (parent?.caseNo === undefined || catalog === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const promisedDays = promisedDaysOf(parent, catalog);
    return html`
      <article aria-label=${t('receipt.title')}>
        <h1>${t('receipt.title')}</h1>
        <div class="head">
          <div>
            <div>${t('receipt.caseNo')}</div>
            <p class="case-number" data-case-number=${parent.caseNo}>${parent.caseNo}</p>
            <dl class="meta">
              <dt>${t('receipt.target')}</dt>
              <dd>${this._targetName(parent, catalog)}</dd>
              <dt>${t('receipt.applicant')}</dt>
              <dd>${parent.applicant.name}</dd>
              <dt>${t('receipt.idNumber')}</dt>
              <dd>${maskIdNumber(parent.applicant.idNumber)}</dd>
              <dt>${t('receipt.acceptedOn')}</dt>
              <dd>${parent.acceptedOn ?? ''}</dd>
              <dt>${t('receipt.promisedDays')}</dt>
              <dd>
                ${promisedDays === 0 ? t('receipt.onTheSpot') : t('receipt.promisedDaysValue', { days: promisedDays })}
              </dd>
              <dt>${t('receipt.dueOn')}</dt>
              <dd>${parent.dueOn ?? ''}</dd>
              <dt>${t('receipt.station')}</dt>
              <dd>${this.station === undefined ? parent.acceptedAtStation : this._i18n.nameOf(this.station)}</dd>
              <dt>${t('receipt.clerk')}</dt>
              <dd>${this.clerkName}</dd>
            </dl>
          </div>
          <figure>
            <img
              src=${generate(parent.caseNo).toDataURL({
                scale: RECEIPT_QR_SCALE,
                pad: RECEIPT_QR_PADDING,
                // Opaque white around the modules: a scanner needs the quiet zone light on any background.
                on: [0, 0, 0, 255],
                off: [255, 255, 255, 255],
              })}
              alt=${`${t('receipt.caseNo')} ${parent.caseNo}`}
            />
            <figcaption>${t('receipt.qr')}</figcaption>
          </figure>
        </div>
        ${this.subCases.length === 0 ? nothing : this._renderSubCases(catalog)}
      </article>
    `;
  }

  private _renderSubCases(catalog: Catalog) {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <h2>${t('receipt.subCases')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${t('receipt.department')}</th>
            <th scope="col">${t('receipt.items')}</th>
            <th scope="col">${t('receipt.subCaseNo')}</th>
            <th scope="col">${t('receipt.subCaseDue')}</th>
          </tr>
        </thead>
        <tbody>
          ${this.subCases.map((sub) => {
            const department = catalog.departments.find(
              (candidate) => candidate.code === sub.handlingDepartment,
            );
            return html`<tr>
              <td>${department === undefined ? sub.handlingDepartment : this._i18n.nameOf(department)}</td>
              <td>${itemsOfCase(sub, catalog)
                .map((item) => this._i18n.nameOf(item))
                .join(t('list.separator'))}</td>
              <td class="nowrap">${sub.caseNo ?? ''}</td>
              <td class="nowrap">${sub.dueOn ?? ''}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }

  private _targetName(c: Case, catalog: Catalog): string {
    const target = caseTarget(c);
    const entry = targetEntry(catalog, target);
    return entry === undefined ? target.code : this._i18n.nameOf(entry);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-receipt-sheet': JbReceiptSheet;
  }
}
