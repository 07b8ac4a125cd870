import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CaseEvent } from '../../domain/case/case.schema';
import { ROLE_LABELS } from '../../domain/organisation/organisation.schema';
import { LocaleController } from '../i18n/locale-controller';
import { eventLabel, formatInstant } from './case-text';

/** The history of a case, oldest first: what happened, who did it, when, on which device, and why. */
@customElement('jb-case-timeline')
export class JbCaseTimeline extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    ol {
      margin: 0;
      padding: 0;
      list-style: none;
    }

    li {
      position: relative;
      padding: 0 0 var(--jb-space-4) var(--jb-space-6);
      border-left: 2px solid var(--jb-color-border);
      margin-left: var(--jb-space-2);
    }

    li:last-child {
      border-left-color: transparent;
    }

    li::before {
      content: '';
      position: absolute;
      left: -8px;
      top: 2px;
      width: 14px;
      height: 14px;
      border-radius: 50%;
      background: var(--jb-color-primary);
    }

    .what {
      font-weight: 600;
    }

    .meta {
      color: var(--jb-color-text-muted);
      font-size: var(--jb-font-size-small);
    }

    .note {
      margin: var(--jb-space-1) 0 0;
      white-space: pre-wrap;
    }

    .empty {
      color: var(--jb-color-text-muted);
    }
  `;

  @property({ attribute: false }) events: readonly CaseEvent[] = [];

  private readonly _i18n = new LocaleController(this);

  override render() {
    if (this.events.length === 0) return html`<p class="empty">${this._i18n.t('case.timelineEmpty')}</p>`;
    return html`<ol>${this.events.map((event) => this._renderEvent(event))}</ol>`;
  }

  private _renderEvent(event: CaseEvent) {
    const i18n = this._i18n;
    return html`
      <li>
        <div class="what">${i18n.localized(eventLabel(event))}</div>
        <div class="meta">
          <time datetime=${event.at}>${formatInstant(event.at)}</time> ·
          ${event.actorName}（${i18n.localized(ROLE_LABELS[event.actorRole])}）·
          ${event.stationId} · ${i18n.t('case.event.device', { device: event.deviceId.slice(0, 8) })}
        </div>
        ${event.note === undefined ? nothing : html`<p class="note">${event.note}</p>`}
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-case-timeline': JbCaseTimeline;
  }
}
