import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { EVALUATION_LEVELS, type EvaluationLevel } from '../../domain/case/case.schema';
import { EVALUATION_LABELS, isBadRating } from '../../domain/case/evaluation';
import { LocaleController } from '../i18n/locale-controller';

/** Fired when the applicant taps a rating. */
export class JbRatingEvent extends Event {
  static readonly eventName = 'jb-rating';
  constructor(readonly level: EvaluationLevel) {
    super(JbRatingEvent.eventName, { bubbles: true, composed: true });
  }
}

const FACES: Readonly<Record<EvaluationLevel, string>> = {
  'very-satisfied': '😄',
  satisfied: '🙂',
  'basically-satisfied': '😐',
  dissatisfied: '🙁',
  'very-dissatisfied': '😠',
};

/** 好差评: five large buttons the applicant taps on the clerk's tablet. */
@customElement('jb-rating-picker')
export class JbRatingPicker extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    .levels {
      display: grid;
      grid-template-columns: repeat(5, 1fr);
      gap: var(--jb-space-2);
    }

    button {
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: var(--jb-space-1);
      min-height: 96px;
      padding: var(--jb-space-2);
      border: 2px solid var(--jb-color-border);
      border-radius: var(--jb-radius);
      background: var(--jb-color-surface);
      color: var(--jb-color-text);
      font: inherit;
      cursor: pointer;
    }

    button .face {
      font-size: 36px;
      line-height: 1;
    }

    button[aria-pressed='true'] {
      border-color: var(--jb-color-primary);
      background: var(--jb-color-primary-soft);
      font-weight: 700;
    }

    button.bad[aria-pressed='true'] {
      border-color: var(--jb-color-accent);
      background: var(--jb-color-accent-soft);
    }

    button:focus-visible {
      outline: none;
      box-shadow: var(--jb-focus-ring);
    }
  `;

  @property() value: EvaluationLevel | undefined;

  private readonly _i18n = new LocaleController(this);

  override render() {
    return html`
      <div class="levels">
        ${EVALUATION_LEVELS.map(
          (level) => html`
            <button
              type="button"
              class=${isBadRating(level) ? 'bad' : 'good'}
              aria-pressed=${this.value === level ? 'true' : 'false'}
              @click=${() => this._pick(level)}
            >
              <span class="face" aria-hidden="true">${FACES[level]}</span>
              <span>${this._i18n.localized(EVALUATION_LABELS[level])}</span>
            </button>
          `,
        )}
      </div>
    `;
  }

  private _pick(level: EvaluationLevel): void {
    this.value = level;
    this.dispatchEvent(new JbRatingEvent(level));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-rating-picker': JbRatingPicker;
  }
}
