import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LocaleController } from '../i18n/locale-controller';
import { appUpdate } from '../pwa/service-worker-registration';
import { sharedStyles } from '../theme';

/**
 * Tells the clerk a new version of the app has been downloaded and lets them choose when it takes over: now
 * (the page reloads) or later (the next time the app starts).
 */
@customElement('jb-update-prompt')
export class JbUpdatePrompt extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: fixed;
        right: var(--jb-space-5);
        bottom: var(--jb-space-5);
        z-index: 10;
        max-width: min(480px, calc(100vw - 2 * var(--jb-space-5)));
      }

      .prompt {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--jb-space-3) var(--jb-space-4);
        padding: var(--jb-space-4) var(--jb-space-5);
        border-radius: var(--jb-radius);
        background: var(--jb-color-primary-strong);
        color: var(--jb-color-on-primary);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
      }

      .text {
        flex: 1 1 200px;
      }

      strong {
        display: block;
        font-size: var(--jb-font-size-large);
      }

      .detail {
        font-size: var(--jb-font-size-small);
        opacity: 0.85;
      }

      .actions {
        display: flex;
        gap: var(--jb-space-2);
      }

      button {
        min-height: var(--jb-touch-target);
        padding: 0 var(--jb-space-4);
        border: 1px solid var(--jb-color-on-primary);
        border-radius: var(--jb-radius);
        background: transparent;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }

      button.update {
        background: var(--jb-color-on-primary);
        color: var(--jb-color-primary-strong);
        font-weight: 600;
      }
    `,
  ];

  @state() private _visible = appUpdate.waiting;

  private readonly _i18n = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    appUpdate.addEventListener('change', this._onUpdateChange);
    this._visible = appUpdate.waiting;
  }

  override disconnectedCallback(): void {
    appUpdate.removeEventListener('change', this._onUpdateChange);
    super.disconnectedCallback();
  }

  override render() {
    if (!this._visible) return nothing;
    return html`
      <div class="prompt" role="status">
        <div class="text">
          <strong>${this._i18n.t('update.available')}</strong>
          <span class="detail">${this._i18n.t('update.detail')}</span>
        </div>
        <div class="actions">
          <button class="update" type="button" @click=${this._update}>${this._i18n.t('update.now')}</button>
          <button type="button" @click=${this._postpone}>${this._i18n.t('update.later')}</button>
        </div>
      </div>
    `;
  }

  private readonly _onUpdateChange = (): void => {
    this._visible = appUpdate.waiting;
  };

  private _update(): void {
    appUpdate.activate();
  }

  private _postpone(): void {
    this._visible = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-update-prompt': JbUpdatePrompt;
  }
}
