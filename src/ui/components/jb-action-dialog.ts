import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { EvaluationLevel } from '../../domain/case/case.schema';
import { LocaleController } from '../i18n/locale-controller';
import { dialogStyles } from './dialog-styles';
import './jb-rating-picker';
import type { JbRatingEvent } from './jb-rating-picker';

/** The clerk confirmed the action; the page performs it and closes the dialog or shows the refusal. */
export class JbActionConfirmEvent extends Event {
  static readonly eventName = 'jb-action-confirm';
  constructor(
    readonly note: string,
    readonly evaluation: { readonly level: EvaluationLevel; readonly comment: string } | undefined,
  ) {
    super(JbActionConfirmEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Asks for what a case action needs before it runs: a reason where the state machine requires one, and at
 * delivery (出件) the applicant's 好差评. Built on <dialog>, so it is modal and Esc cancels it.
 */
@customElement('jb-action-dialog')
export class JbActionDialog extends LitElement {
  static override styles = [
    dialogStyles,
    css`
      dialog {
        width: min(640px, calc(100vw - 32px));
      }

      label {
        display: grid;
        gap: var(--jb-space-1);
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      textarea {
        box-sizing: border-box;
        min-height: 96px;
        padding: var(--jb-space-2) var(--jb-space-3);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        font: inherit;
        font-size: var(--jb-font-size);
        resize: vertical;
      }

      .rating-title {
        margin: 0;
        font-weight: 600;
      }

      .error {
        margin: 0;
        padding: var(--jb-space-3);
        border-radius: var(--jb-radius);
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
      }
    `,
  ];

  @property() heading = '';
  @property({ type: Boolean }) requiresNote = false;
  @property({ type: Boolean }) asksRating = false;
  /** The refusal of the last attempt, already in the clerk's language. */
  @property() error = '';
  @property({ type: Boolean }) busy = false;

  @state() private _note = '';
  @state() private _rating: EvaluationLevel | undefined;
  @state() private _ratingComment = '';
  @state() private _ratingMissing = false;

  @query('dialog') private readonly _dialog!: HTMLDialogElement;

  private readonly _i18n = new LocaleController(this);

  /** Opens the dialog empty. */
  async show(): Promise<void> {
    this._note = '';
    this._rating = undefined;
    this._ratingComment = '';
    this._ratingMissing = false;
    this.error = '';
    await this.updateComplete;
    this._dialog.showModal();
  }

  close(): void {
    this._dialog.close();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <dialog aria-labelledby="heading">
        <h2 id="heading">${this.heading}</h2>
        <form method="dialog" @submit=${this._confirm}>
          ${this.asksRating ? this._renderRating() : nothing}
          <label>
            ${this.requiresNote ? t('action.noteRequired') : t('action.noteOptional')}
            <textarea
              name="note"
              maxlength="2000"
              ?required=${this.requiresNote}
              .value=${this._note}
              @input=${(event: Event) => {
                this._note = (event.target as HTMLTextAreaElement).value;
              }}
            ></textarea>
          </label>
          ${this.error === '' ? nothing : html`<p class="error" role="alert">${this.error}</p>`}
          <div class="buttons">
            <button type="button" @click=${this.close}>${t('action.cancel')}</button>
            <button class="confirm" type="submit" ?disabled=${this.busy}>${t('action.confirm')}</button>
          </div>
        </form>
      </dialog>
    `;
  }

  private _renderRating() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <p class="rating-title">${t('action.rating')}</p>
      <jb-rating-picker
        .value=${this._rating}
        @jb-rating=${(event: JbRatingEvent) => {
          this._rating = event.level;
          this._ratingMissing = false;
        }}
      ></jb-rating-picker>
      ${this._ratingMissing ? html`<p class="error" role="alert">${t('action.ratingRequired')}</p>` : nothing}
      <label>
        ${t('action.ratingComment')}
        <textarea
          name="ratingComment"
          maxlength="500"
          .value=${this._ratingComment}
          @input=${(event: Event) => {
            this._ratingComment = (event.target as HTMLTextAreaElement).value;
          }}
        ></textarea>
      </label>
    `;
  }

  private _confirm(event: Event): void {
    // The page decides when the dialog closes: a refused action keeps it open with the reason.
    event.preventDefault();
    if (this.asksRating && this._rating === undefined) {
      this._ratingMissing = true;
      return;
    }
    const evaluation =
      this._rating === undefined ? undefined : { level: this._rating, comment: this._ratingComment };
    this.dispatchEvent(new JbActionConfirmEvent(this._note, evaluation));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-action-dialog': JbActionDialog;
  }
}
