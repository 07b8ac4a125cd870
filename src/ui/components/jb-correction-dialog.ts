import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { checkFieldValue, type DetailsCorrection, type IntakeField } from '../../domain/case/case-workflow';
import { validateMobile } from '../../domain/identity/phone';
import type { LocalizedMessage } from '../../domain/localized-message';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { dialogStyles } from './dialog-styles';
import { formStyles } from './form-styles';
import './jb-intake-form';
import type { JbFieldChangeEvent } from './jb-intake-form';

/** The clerk confirmed a correction; the page stores it and closes the dialog or shows the refusal. */
export class JbCorrectionConfirmEvent extends Event {
  static readonly eventName = 'jb-correction-confirm';
  constructor(readonly correction: DetailsCorrection) {
    super(JbCorrectionConfirmEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * 更正申请信息: the applicant's phone and the form of an accepted case, pre-filled with what the case holds, and the
 * reason for the correction. Only what changed is sent; each value is checked as at intake.
 */
@customElement('jb-correction-dialog')
export class JbCorrectionDialog extends LitElement {
  static override styles = [
    sharedStyles,
    formStyles,
    dialogStyles,
    css`
      dialog {
        width: min(880px, calc(100vw - 32px));
        max-height: calc(100vh - 32px);
      }

      h3 {
        margin: var(--jb-space-5) 0 var(--jb-space-3);
        font-size: var(--jb-font-size-large);
        color: var(--jb-color-primary-strong);
      }

      .reason textarea {
        min-height: 80px;
      }

      .failure {
        margin: 0;
        padding: var(--jb-space-3);
        border-radius: var(--jb-radius);
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
      }

      /* The form can be longer than the screen: the buttons stay in reach at its bottom edge. */
      .buttons {
        position: sticky;
        bottom: calc(-1 * var(--jb-space-5));
        padding: var(--jb-space-3) 0;
        background: var(--jb-color-surface);
      }
    `,
  ];

  /** The form fields a correction may change (correctableFields). */
  @property({ attribute: false }) fields: readonly IntakeField[] = [];
  @property({ attribute: false }) form: Readonly<Record<string, string>> = {};
  @property() applicantPhone = '';
  /** The refusal of the last attempt, already in the clerk's language. */
  @property() error = '';
  @property({ type: Boolean }) busy = false;

  @state() private _form: Readonly<Record<string, string>> = {};
  @state() private _phone = '';
  @state() private _note = '';

  @query('dialog') private readonly _dialog!: HTMLDialogElement;

  private readonly _i18n = new LocaleController(this);

  /** Opens the dialog with the case's current values. */
  async show(): Promise<void> {
    this._form = { ...this.form };
    this._phone = this.applicantPhone;
    this._note = '';
    this.error = '';
    await this.updateComplete;
    this._dialog.showModal();
  }

  close(): void {
    this._dialog.close();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const phoneError = this._phoneError();
    return html`
      <dialog aria-labelledby="heading">
        <h2 id="heading">${t('case.correct')}</h2>
        <form method="dialog" @submit=${this._confirm}>
          <div class="fields">
            <div class="field">
              <span class="label"><label for="applicant-phone">${t('case.correct.applicantPhone')}</label></span>
              <input
                id="applicant-phone"
                type="tel"
                inputmode="tel"
                autocomplete="off"
                aria-invalid=${phoneError === undefined ? 'false' : 'true'}
                aria-describedby="applicant-phone-error"
                .value=${live(this._phone)}
                @input=${(event: Event) => {
                  this._phone = (event.target as HTMLInputElement).value;
                }}
              />
              <p class="error" id="applicant-phone-error" aria-live="polite">
                ${phoneError === undefined ? nothing : this._i18n.localized(phoneError)}
              </p>
            </div>
          </div>
          ${
            this.fields.length === 0
              ? nothing
              : html`<h3>${t('case.form')}</h3>
                  <jb-intake-form
                    .fields=${this.fields}
                    .values=${this._form}
                    .errors=${this._fieldErrors()}
                    @jb-field-change=${(event: JbFieldChangeEvent) => {
                      this._form = { ...this._form, [event.code]: event.value };
                    }}
                  ></jb-intake-form>`
          }
          <label class="field reason">
            <span class="label">${t('case.correct.reason')}<span class="required-mark" aria-hidden="true">*</span></span>
            <textarea
              name="note"
              maxlength="1000"
              required
              .value=${live(this._note)}
              @input=${(event: Event) => {
                this._note = (event.target as HTMLTextAreaElement).value;
              }}
            ></textarea>
          </label>
          ${this.error === '' ? nothing : html`<p class="failure" role="alert">${this.error}</p>`}
          <div class="buttons">
            <button type="button" @click=${this.close}>${t('action.cancel')}</button>
            <button class="confirm" type="submit" ?disabled=${this.busy}>${t('case.correct.save')}</button>
          </div>
        </form>
      </dialog>
    `;
  }

  private _phoneError(): LocalizedMessage | undefined {
    const phone = this._phone.trim();
    if (phone === '' || phone === this.applicantPhone) return undefined;
    const checked = validateMobile(phone);
    return checked.ok ? undefined : checked.error;
  }

  /** Messages only for values the clerk changed; the domain checks everything again on saving. */
  private _fieldErrors(): Record<string, LocalizedMessage> {
    const errors: Record<string, LocalizedMessage> = {};
    for (const field of this.fields) {
      const value = (this._form[field.code] ?? '').trim();
      if (value === (this.form[field.code] ?? '').trim()) continue;
      const error =
        value === ''
          ? field.required
            ? { zh: `请填写「${field.label}」`, en: `Please fill in "${field.labelEn}"` }
            : undefined
          : checkFieldValue(field, value);
      if (error !== undefined) errors[field.code] = error;
    }
    return errors;
  }

  private _confirm(event: Event): void {
    // The page decides when the dialog closes: a refused correction keeps it open with the reason.
    event.preventDefault();
    const changedForm = Object.fromEntries(
      Object.entries(this._form).filter(([code, value]) => value.trim() !== (this.form[code] ?? '').trim()),
    );
    this.dispatchEvent(
      new JbCorrectionConfirmEvent({
        ...(this._phone.trim() === this.applicantPhone ? {} : { applicantPhone: this._phone }),
        form: changedForm,
        note: this._note,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-correction-dialog': JbCorrectionDialog;
  }
}
