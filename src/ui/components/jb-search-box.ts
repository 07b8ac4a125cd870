import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { LocaleController } from '../i18n/locale-controller';

/** Fired with the query whenever the clerk changes the search text. */
export class JbSearchEvent extends Event {
  static readonly eventName = 'jb-search';
  constructor(readonly query: string) {
    super(JbSearchEvent.eventName, { bubbles: true, composed: true });
  }
}

/** A large search field for touch screens. It stays quiet while an input method is composing Chinese text. */
@customElement('jb-search-box')
export class JbSearchBox extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    .field {
      position: relative;
      display: flex;
      align-items: center;
    }

    input {
      box-sizing: border-box;
      width: 100%;
      min-height: 56px;
      padding: 0 64px 0 var(--jb-space-4);
      border: 2px solid var(--jb-color-border);
      border-radius: var(--jb-radius);
      background: var(--jb-color-surface);
      color: var(--jb-color-text);
      font: inherit;
      font-size: var(--jb-font-size-large);
    }

    input:focus {
      outline: none;
      border-color: var(--jb-color-primary);
      box-shadow: var(--jb-focus-ring);
    }

    input::-webkit-search-cancel-button {
      display: none;
    }

    button {
      position: absolute;
      right: 4px;
      width: var(--jb-touch-target);
      height: var(--jb-touch-target);
      border: none;
      border-radius: var(--jb-radius);
      background: transparent;
      color: var(--jb-color-text-muted);
      font-size: 24px;
      cursor: pointer;
    }

    button:focus-visible {
      outline: none;
      box-shadow: var(--jb-focus-ring);
    }
  `;

  @property() value = '';
  @property() label = '';
  @property() placeholder = '';

  @query('input') private readonly _input!: HTMLInputElement;

  private readonly _i18n = new LocaleController(this);

  override render() {
    return html`
      <div class="field" role="search">
        <input
          type="search"
          enterkeyhint="search"
          autocomplete="off"
          aria-label=${this.label}
          placeholder=${this.placeholder}
          .value=${this.value}
          @input=${this._onInput}
          @compositionend=${this._emit}
        />
        ${
          this.value === ''
            ? null
            : html`<button type="button" aria-label=${this._i18n.t('search.clear')} @click=${this._clear}>
              ×
            </button>`
        }
      </div>
    `;
  }

  override focus(): void {
    this._input.focus();
  }

  private _onInput(event: InputEvent): void {
    if (event.isComposing) return;
    this._emit();
  }

  private _emit(): void {
    this.value = this._input.value;
    this.dispatchEvent(new JbSearchEvent(this.value));
  }

  private _clear(): void {
    this._input.value = '';
    this._emit();
    this._input.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-search-box': JbSearchBox;
  }
  interface HTMLElementEventMap {
    [JbSearchEvent.eventName]: JbSearchEvent;
  }
}
