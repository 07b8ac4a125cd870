import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { STATUS_LABELS } from '../../domain/case/case-state-machine';
import { maskIdNumber } from '../../domain/identity/resident-id';
import { LocaleController } from '../i18n/locale-controller';
import type { CaseListRow } from '../pages/case-list-source';
import { caseHref } from '../routes';
import { createdOn } from './case-text';
import './jb-deadline-light';

/** The grid both the list header and every row use, so the columns line up. */
export const CASE_ROW_COLUMNS =
  'minmax(170px, 1.3fr) minmax(150px, 1.2fr) minmax(160px, 1.6fr) 96px 170px 72px 100px';

/** One case in the case list: a single large link to its detail page. */
@customElement('jb-case-row')
export class JbCaseRow extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    a {
      display: grid;
      grid-template-columns: var(--jb-case-row-columns);
      align-items: center;
      gap: var(--jb-space-3);
      min-height: 64px;
      padding: var(--jb-space-2) var(--jb-space-4);
      border-bottom: 1px solid var(--jb-color-border);
      background: var(--jb-color-surface);
      color: var(--jb-color-text);
      text-decoration: none;
    }

    a:hover {
      background: var(--jb-color-primary-soft);
    }

    a:focus-visible {
      outline: none;
      box-shadow: inset var(--jb-focus-ring);
    }

    .case-no {
      font-family: ui-monospace, monospace;
      font-size: var(--jb-font-size-small);
      overflow-wrap: anywhere;
    }

    .case-no.draft {
      color: var(--jb-color-text-muted);
      font-family: inherit;
    }

    .applicant {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }

    .name {
      font-weight: 600;
    }

    .id,
    .muted {
      color: var(--jb-color-text-muted);
      font-size: var(--jb-font-size-small);
    }

    .item {
      overflow: hidden;
      text-overflow: ellipsis;
      display: -webkit-box;
      -webkit-line-clamp: 2;
      -webkit-box-orient: vertical;
    }

    .status {
      justify-self: start;
      padding: 2px var(--jb-space-2);
      border-radius: var(--jb-radius-small);
      background: var(--jb-color-primary-soft);
      color: var(--jb-color-primary-strong);
      font-size: var(--jb-font-size-small);
      white-space: nowrap;
    }

    jb-deadline-light {
      font-size: var(--jb-font-size-small);
    }

    .sync-issue,
    .conflict {
      align-self: start;
      padding: 0 var(--jb-space-1);
      border-radius: var(--jb-radius-small);
      background: var(--jb-color-accent-soft);
      color: var(--jb-color-accent);
      font-size: var(--jb-font-size-small);
      font-weight: 600;
    }
  `;

  @property({ attribute: false }) row!: CaseListRow;
  /** The server refused a change to this case; the clerk has to look at it. */
  @property({ type: Boolean }) syncIssue = false;

  private readonly _i18n = new LocaleController(this);

  override render() {
    const { case: c, itemName, deadline } = this.row;
    const i18n = this._i18n;
    return html`
      <a href=${caseHref(c.id)} style="--jb-case-row-columns: ${CASE_ROW_COLUMNS}">
        <span class="case-no ${c.caseNo === undefined ? 'draft' : ''}">${c.caseNo ?? i18n.t('cases.noCaseNo')}</span>
        <span class="applicant">
          <span class="name">${c.applicant.name}</span>
          <span class="id">${maskIdNumber(c.applicant.idNumber)}</span>
          ${this.syncIssue ? html`<span class="sync-issue">${i18n.t('cases.syncIssue')}</span>` : nothing}
          ${
            (c.openConflictIds?.length ?? 0) > 0
              ? html`<span class="conflict" data-marker="conflict">${i18n.t('cases.conflict')}</span>`
              : nothing
          }
        </span>
        <span class="item">${itemName === undefined ? c.itemCode : i18n.nameOf(itemName)}</span>
        <span class="status">${i18n.localized(STATUS_LABELS[c.status])}</span>
        <jb-deadline-light .state=${deadline}></jb-deadline-light>
        <span class="muted">${i18n.t(`channel.${c.channel}`)}</span>
        <span class="muted">${createdOn(c)}</span>
      </a>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-case-row': JbCaseRow;
  }
}
