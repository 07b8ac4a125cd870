import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isQuotaExceeded, STORAGE_FULL_MESSAGE, StorageFullError } from '../../data/storage-errors';
import { LocaleController } from '../i18n/locale-controller';
import { sharedStyles } from '../theme';

/** Above this share of the quota the clerk is warned, while there is still room to sync and clean up. */
const NEARLY_FULL_RATIO = 0.9;
const ESTIMATE_INTERVAL_MS = 10 * 60 * 1000;

type StorageWarning = { kind: 'full' } | { kind: 'nearly-full'; percent: number };

/**
 * Warns the clerk when the device runs out of storage: when a write failed because it is full and no page handled
 * the error itself, and when the browser reports the origin's quota nearly used. It only informs: reloading or
 * clearing anything here could lose cases not yet synced.
 */
@customElement('jb-storage-banner')
export class JbStorageBanner extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }

      .banner {
        display: flex;
        align-items: center;
        gap: var(--jb-space-4);
        margin-bottom: var(--jb-space-4);
        padding: var(--jb-space-3) var(--jb-space-4);
        border: 1px solid currentColor;
        border-radius: var(--jb-radius);
        background: var(--jb-color-warning-soft);
        color: var(--jb-color-warning);
      }

      .banner.full {
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
        font-weight: 600;
      }

      p {
        flex: 1;
        margin: 0;
      }

      button {
        min-height: var(--jb-touch-target);
        padding: 0 var(--jb-space-4);
        border: 1px solid currentColor;
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
    `,
  ];

  @state() private _warning: StorageWarning | undefined;

  private readonly _i18n = new LocaleController(this);
  private _estimateTimer: ReturnType<typeof setInterval> | undefined;
  /** Once the clerk has read the nearly-full warning, repeating it every few minutes would only be noise. */
  private _nearlyFullDismissed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('unhandledrejection', this._onUnhandledRejection);
    void this._checkEstimate();
    this._estimateTimer = setInterval(() => void this._checkEstimate(), ESTIMATE_INTERVAL_MS);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('unhandledrejection', this._onUnhandledRejection);
    clearInterval(this._estimateTimer);
    super.disconnectedCallback();
  }

  override render() {
    const warning = this._warning;
    if (warning === undefined) return nothing;
    const text =
      warning.kind === 'full'
        ? this._i18n.localized(STORAGE_FULL_MESSAGE)
        : this._i18n.t('storage.nearlyFull', { percent: warning.percent });
    return html`
      <div class="banner ${warning.kind}" role="alert">
        <p>${text}</p>
        <button type="button" @click=${this._dismiss}>${this._i18n.t('storage.dismiss')}</button>
      </div>
    `;
  }

  private readonly _onUnhandledRejection = (event: PromiseRejectionEvent): void => {
    if (!(event.reason instanceof StorageFullError) && !isQuotaExceeded(event.reason)) return;
    // Shown to the clerk here, so the browser need not report it as an uncaught error too.
    event.preventDefault();
    this._warning = { kind: 'full' };
  };

  private async _checkEstimate(): Promise<void> {
    if (
      this._warning !== undefined ||
      this._nearlyFullDismissed ||
      navigator.storage?.estimate === undefined
    ) {
      return;
    }
    const { usage, quota } = await navigator.storage.estimate().catch(() => ({ usage: 0, quota: 0 }));
    if (usage === undefined || quota === undefined || quota === 0 || usage / quota <= NEARLY_FULL_RATIO)
      return;
    this._warning = { kind: 'nearly-full', percent: Math.floor((usage / quota) * 100) };
  }

  private _dismiss(): void {
    if (this._warning?.kind === 'nearly-full') this._nearlyFullDismissed = true;
    this._warning = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-storage-banner': JbStorageBanner;
  }
}
