import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CLOCK_PAUSED_LABEL, DEADLINE_LABELS, type DeadlineState } from '../../domain/case/deadline';
import { LocaleController } from '../i18n/locale-controller';

/** The traffic light of a case (绿/黄/红) with the working days left, or why no light is shown. */
@customElement('jb-deadline-light')
export class JbDeadlineLight extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: var(--jb-space-2);
      white-space: nowrap;
    }

    .dot {
      flex: none;
      width: 14px;
      height: 14px;
      border-radius: 50%;
      background: var(--jb-color-border);
    }

    .dot.green {
      background: #2e9d5b;
    }

    .dot.yellow {
      background: #e0a400;
    }

    .dot.red {
      background: #d0342c;
    }

    .text.red {
      color: var(--jb-color-accent);
      font-weight: 600;
    }
  `;

  /** Undefined when the light cannot be computed (a missing holiday year or catalog): shown as a dash. */
  @property({ attribute: false }) state: DeadlineState | undefined;

  private readonly _i18n = new LocaleController(this);

  override render() {
    const state = this.state;
    if (state === undefined) return html`<span class="dot" aria-hidden="true"></span>–`;
    const light = state.light;
    const label = light === 'none' ? undefined : this._i18n.localized(DEADLINE_LABELS[light]);
    return html`
      <span class="dot ${light}" role="img" aria-label=${label ?? this._text(state)}></span>
      <span class="text ${light}">${this._text(state)}</span>
    `;
  }

  private _text(state: DeadlineState): string {
    const t = this._i18n.t.bind(this._i18n);
    const days = state.remainingWorkingDays;
    if (state.paused && state.light !== 'red') return this._i18n.localized(CLOCK_PAUSED_LABEL);
    if (days === undefined) return t('deadline.none');
    if (days < 0) return t('deadline.overdue', { days: -days });
    if (days === 0) return t('deadline.dueToday');
    return t('deadline.remaining', { days });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-deadline-light': JbDeadlineLight;
  }
}
