import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ID_TYPES, type IdType, type Person } from '../../domain/case/case.schema';
import { ID_TYPE_LABELS } from '../../domain/identity/identity-document';
import type { LocalizedMessage } from '../../domain/localized-message';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';
import { formStyles } from './form-styles';

export type PersonField = 'name' | 'idNumber' | 'phone';
export type PersonErrors = Partial<Record<PersonField, LocalizedMessage>>;

/** Fired with the whole person whenever the clerk changes one of its fields. */
export class JbPersonChangeEvent extends Event {
  static readonly eventName = 'jb-person-change';
  constructor(readonly person: Person) {
    super(JbPersonChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Name, ID document and mobile number of an applicant or an agent (代办人). The messages come from the domain's
 * check; a field's message shows once the clerk has typed into it or left it, or when `showAllErrors` is set.
 */
@customElement('jb-person-fields')
export class JbPersonFields extends LitElement {
  static override styles = [
    sharedStyles,
    formStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  @property({ attribute: false }) person: Person = { name: '', idType: 'resident-id', idNumber: '' };
  @property({ attribute: false }) errors: PersonErrors = {};
  @property({ type: Boolean }) showAllErrors = false;

  @state() private _touched = new Set<PersonField>();

  private readonly _i18n = new LocaleController(this);

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <div class="fields">
        <div class="field">
          <span class="label"><label for="name">${t('intake.person.name')}</label><span class="required-mark" aria-hidden="true">*</span></span>
          ${this._textInput('name', { autocomplete: 'off' })} ${this._error('name')}
        </div>
        <div class="field">
          <span class="label"><label for="idType">${t('intake.person.idType')}</label><span class="required-mark" aria-hidden="true">*</span></span>
          <select id="idType" @change=${this._onIdTypeChange}>
            ${ID_TYPES.map(
              (idType) =>
                html`<option value=${idType} ?selected=${idType === this.person.idType}>
                  ${this._i18n.localized(ID_TYPE_LABELS[idType])}
                </option>`,
            )}
          </select>
        </div>
        <div class="field">
          <span class="label"><label for="idNumber">${t('intake.person.idNumber')}</label><span class="required-mark" aria-hidden="true">*</span></span>
          ${this._textInput('idNumber', { autocomplete: 'off', spellcheck: 'false' })} ${this._error('idNumber')}
        </div>
        <div class="field">
          <span class="label"><label for="phone">${t('intake.person.phone')}</label></span>
          ${this._textInput('phone', { type: 'tel', inputmode: 'tel', autocomplete: 'off' })}
          ${this._error('phone')}
        </div>
      </div>
    `;
  }

  private _textInput(
    field: PersonField,
    attributes: { type?: string; inputmode?: string; autocomplete: string; spellcheck?: string },
  ) {
    const error = this._visibleError(field);
    return html`<input
      id=${field}
      type=${attributes.type ?? 'text'}
      inputmode=${attributes.inputmode ?? 'text'}
      autocomplete=${attributes.autocomplete}
      spellcheck=${attributes.spellcheck ?? 'true'}
      aria-required=${field === 'phone' ? 'false' : 'true'}
      aria-invalid=${error === undefined ? 'false' : 'true'}
      aria-describedby=${`${field}-error`}
      .value=${live(this.person[field] ?? '')}
      @input=${(event: InputEvent) => {
        // While an input method composes Chinese, the text is not final yet; compositionend brings it.
        if (!event.isComposing) this._change(field, (event.target as HTMLInputElement).value);
      }}
      @compositionend=${(event: CompositionEvent) =>
        this._change(field, (event.target as HTMLInputElement).value)}
      @blur=${() => this._touch(field)}
    />`;
  }

  private _visibleError(field: PersonField): LocalizedMessage | undefined {
    const shown = this.showAllErrors || this._touched.has(field) || (this.person[field] ?? '') !== '';
    return shown ? this.errors[field] : undefined;
  }

  private _error(field: PersonField) {
    const error = this._visibleError(field);
    return html`<p class="error" id=${`${field}-error`} aria-live="polite">
      ${error === undefined ? nothing : this._i18n.localized(error)}
    </p>`;
  }

  private _touch(field: PersonField): void {
    if (this._touched.has(field)) return;
    this._touched = new Set([...this._touched, field]);
  }

  private _change(field: PersonField, value: string): void {
    const { phone: _previousPhone, ...rest } = this.person;
    // An empty phone is left out rather than stored as '', so the case schema stays clean.
    const person: Person =
      field === 'phone'
        ? value === ''
          ? rest
          : { ...rest, phone: value }
        : { ...this.person, [field]: value };
    this.dispatchEvent(new JbPersonChangeEvent(person));
  }

  private _onIdTypeChange(event: Event): void {
    const idType = (event.target as HTMLSelectElement).value as IdType;
    this.dispatchEvent(new JbPersonChangeEvent({ ...this.person, idType }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-person-fields': JbPersonFields;
  }
}
