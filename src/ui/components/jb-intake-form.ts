import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { IntakeField } from '../../domain/case/case-workflow';
import type { LocalizedMessage } from '../../domain/localized-message';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { formStyles } from './form-styles';

/** Fired when the clerk changes the value of one form field. */
export class JbFieldChangeEvent extends Event {
  static readonly eventName = 'jb-field-change';
  constructor(
    readonly code: string,
    readonly value: string,
  ) {
    super(JbFieldChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/** How each field type of the catalog is typed in on a tablet. */
const TEXT_INPUTS: Readonly<Record<string, { type: string; inputmode: string }>> = {
  text: { type: 'text', inputmode: 'text' },
  'id-number': { type: 'text', inputmode: 'text' },
  phone: { type: 'tel', inputmode: 'tel' },
  date: { type: 'date', inputmode: 'none' },
  number: { type: 'text', inputmode: 'decimal' },
  'bank-account': { type: 'text', inputmode: 'numeric' },
};

/**
 * The application form (表单) built from the catalog's field definitions, with required markers and the domain's
 * message under each field. A message shows once the field has a value or was left, or when `showAllErrors` is set.
 */
@customElement('jb-intake-form')
export class JbIntakeForm extends LitElement {
  static override styles = [
    sharedStyles,
    formStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property({ attribute: false }) fields: readonly IntakeField[] = [];
  @property({ attribute: false }) values: Readonly<Record<string, string>> = {};
  @property({ attribute: false }) errors: Readonly<Record<string, LocalizedMessage>> = {};
  @property({ type: Boolean }) showAllErrors = false;

  @state() private _touched = new Set<string>();

  private readonly _i18n = new LocaleController(this);

  override render() {
    if (this.fields.length === 0) return html`<p class="hint">${this._i18n.t('intake.form.none')}</p>`;
    return html`<div class="fields">${this.fields.map((field) => this._renderField(field))}</div>`;
  }

  private _renderField(field: IntakeField) {
    const error = this._visibleError(field.code);
    return html`
      <div class="field ${field.type === 'textarea' ? 'wide' : ''}">
        <span class="label">
          <label for=${field.code}>${this._i18n.localized({ zh: field.label, en: field.labelEn })}</label>
          ${
            field.required
              ? html`<span class="required-mark" aria-hidden="true" title=${this._i18n.t('intake.required')}>*</span>`
              : nothing
          }
        </span>
        ${this._renderInput(field, error !== undefined)}
        <p class="error" id=${`${field.code}-error`} aria-live="polite">
          ${error === undefined ? nothing : this._i18n.localized(error)}
        </p>
      </div>
    `;
  }

  private _renderInput(field: IntakeField, invalid: boolean) {
    const value = this.values[field.code] ?? '';
    const common = {
      invalid: invalid ? 'true' : 'false',
      required: field.required ? 'true' : 'false',
      describedBy: `${field.code}-error`,
    };
    if (field.type === 'select' && field.options !== undefined) {
      return html`<select
        id=${field.code}
        aria-invalid=${common.invalid}
        aria-describedby=${common.describedBy}
        aria-required=${common.required}
        @change=${(event: Event) => this._change(field.code, (event.target as HTMLSelectElement).value)}
        @blur=${() => this._touch(field.code)}
      >
        <option value="" ?selected=${value === ''}>${this._i18n.t('intake.select.placeholder')}</option>
        ${field.options.map((option) => html`<option value=${option} ?selected=${option === value}>${option}</option>`)}
      </select>`;
    }
    if (field.type === 'textarea') {
      return html`<textarea
        id=${field.code}
        aria-invalid=${common.invalid}
        aria-required=${common.required}
        aria-describedby=${common.describedBy}
        .value=${live(value)}
        @input=${(event: InputEvent) => this._onInput(field.code, event)}
        @compositionend=${(event: CompositionEvent) =>
          this._change(field.code, (event.target as HTMLTextAreaElement).value)}
        @blur=${() => this._touch(field.code)}
      ></textarea>`;
    }
    const kind = TEXT_INPUTS[field.type] ?? { type: 'text', inputmode: 'text' };
    return html`<input
      id=${field.code}
      type=${kind.type}
      inputmode=${kind.inputmode}
      autocomplete="off"
      aria-invalid=${common.invalid}
      aria-required=${common.required}
      aria-describedby=${common.describedBy}
      .value=${live(value)}
      @input=${(event: InputEvent) => this._onInput(field.code, event)}
      @compositionend=${(event: CompositionEvent) => this._change(field.code, (event.target as HTMLInputElement).value)}
      @blur=${() => this._touch(field.code)}
    />`;
  }

  private _visibleError(code: string): LocalizedMessage | undefined {
    const shown = this.showAllErrors || this._touched.has(code) || (this.values[code] ?? '') !== '';
    return shown ? this.errors[code] : undefined;
  }

  private _onInput(code: string, event: InputEvent): void {
    // While an input method composes Chinese, the text is not final yet; compositionend brings it.
    if (!event.isComposing)
      this._change(code, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
  }

  private _touch(code: string): void {
    if (this._touched.has(code)) return;
    this._touched = new Set([...this._touched, code]);
  }

  private _change(code: string, value: string): void {
    this.dispatchEvent(new JbFieldChangeEvent(code, value));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-intake-form': JbIntakeForm;
  }
}
