import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { RejectedChange, SyncController, SyncStatus } from '../../data/replication';
import { syncControllerContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { caseHref } from '../routes';
import { sharedStyles } from '../theme';
import { collectionName, SYNC_STATE_LABELS, timeAgo } from './sync-text';

/** "3 分钟前" moves on by itself; once a half-minute is close enough. */
const CLOCK_TICK_MS = 30_000;

/**
 * The one connection indicator of the header: online or offline, the sync state, how many local changes wait to be
 * sent, when the last sync succeeded, and a badge for changes the server refused. Tapping it opens a panel with the
 * refused cases (each a link, with the server's reason) and a "sync now" button.
 */
@customElement('jb-sync-indicator')
export class JbSyncIndicator extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }

      .pill {
        display: inline-flex;
        align-items: center;
        gap: var(--jb-space-2);
        min-height: 44px;
        padding: var(--jb-space-1) var(--jb-space-3);
        border: none;
        border-radius: 999px;
        background: rgb(255 255 255 / 0.15);
        color: inherit;
        font: inherit;
        font-size: var(--jb-font-size-small);
        text-align: start;
        cursor: pointer;
      }

      .pill:hover {
        background: rgb(255 255 255 / 0.25);
      }

      .pill.offline {
        background: var(--jb-color-warning-soft);
        color: var(--jb-color-warning);
      }

      .pill.error {
        background: var(--jb-color-accent-soft);
        color: var(--jb-color-accent);
      }

      .dot {
        flex: none;
        width: 10px;
        height: 10px;
        border-radius: 50%;
        background: #6fdc8c;
      }

      .offline .dot {
        background: var(--jb-color-warning);
      }

      .error .dot {
        background: var(--jb-color-accent);
      }

      .lines {
        display: flex;
        flex-direction: column;
        line-height: 1.3;
        white-space: nowrap;
      }

      .state {
        font-weight: 600;
      }

      .detail {
        opacity: 0.85;
        font-size: 12px;
      }

      .count {
        display: inline-grid;
        place-items: center;
        min-width: 22px;
        height: 22px;
        padding: 0 6px;
        border-radius: 11px;
        background: var(--jb-color-accent);
        color: #fff;
        font-weight: 700;
      }

      .panel {
        position: absolute;
        top: calc(100% + var(--jb-space-2));
        right: 0;
        z-index: 5;
        box-sizing: border-box;
        width: min(420px, 90vw);
        padding: var(--jb-space-4);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        color: var(--jb-color-text);
        box-shadow: 0 6px 18px rgb(0 0 0 / 0.2);
      }

      .panel h2,
      .panel h3 {
        margin: 0 0 var(--jb-space-2);
        font-size: var(--jb-font-size-large);
      }

      .panel h3 {
        margin-top: var(--jb-space-4);
        font-size: var(--jb-font-size);
      }

      .panel p {
        margin: 0 0 var(--jb-space-2);
      }

      .panel .muted {
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .panel .problem {
        color: var(--jb-color-accent);
      }

      ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }

      li {
        padding: var(--jb-space-2) 0;
        border-top: 1px solid var(--jb-color-border);
      }

      li a {
        display: inline-flex;
        align-items: center;
        min-height: 44px;
        font-weight: 600;
      }

      .reason {
        display: block;
        color: var(--jb-color-accent);
        font-size: var(--jb-font-size-small);
      }

      .actions {
        display: flex;
        justify-content: flex-end;
        gap: var(--jb-space-3);
        margin-top: var(--jb-space-4);
      }

      .actions button {
        min-height: 48px;
        padding: 0 var(--jb-space-5);
        border: 1px solid var(--jb-color-primary);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        color: var(--jb-color-primary);
        font: inherit;
        font-weight: 600;
        cursor: pointer;
      }

      .actions button.primary {
        background: var(--jb-color-primary);
        color: var(--jb-color-on-primary);
      }

      .actions button:disabled {
        opacity: 0.5;
        cursor: not-allowed;
      }
    `,
  ];

  @consume({ context: syncControllerContext })
  private readonly _sync!: SyncController;

  @state() private _open = false;
  @state() private _now = Date.now();

  private readonly _status = new ObservableController(this, () => this._sync.observeSyncStatus());
  private readonly _i18n = new LocaleController(this);
  private _clock: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this._clock = setInterval(() => {
      this._now = Date.now();
    }, CLOCK_TICK_MS);
    document.addEventListener('keydown', this._closeOnEscape);
  }

  override disconnectedCallback(): void {
    clearInterval(this._clock);
    document.removeEventListener('keydown', this._closeOnEscape);
    super.disconnectedCallback();
  }

  override render() {
    const status = this._status.value;
    if (status === undefined) return nothing;
    const t = this._i18n.t.bind(this._i18n);
    const tone = status.online ? (status.state === 'error' ? 'error' : 'online') : 'offline';
    return html`
      <button
        class="pill ${tone}"
        type="button"
        aria-haspopup="dialog"
        aria-expanded=${this._open ? 'true' : 'false'}
        @click=${this._toggle}
      >
        <span class="dot" aria-hidden="true"></span>
        <span class="lines" role="status" aria-label=${t('sync.label')}>
          <span class="state">${this._headline(status)}</span>
          <span class="detail">${this._detail(status)}</span>
        </span>
        ${
          status.rejected.length === 0
            ? nothing
            : html`<span class="count" title=${t('sync.rejectedBadge', { count: status.rejected.length })}
                >${status.rejected.length}</span
              >`
        }
      </button>
      ${this._open ? this._renderPanel(status) : nothing}
    `;
  }

  /** 在线 · 已同步, or only 离线: offline, nothing else can be true. */
  private _headline(status: SyncStatus): string {
    const t = this._i18n.t.bind(this._i18n);
    if (!status.online) return t('app.offline');
    return `${t('app.online')} · ${t(SYNC_STATE_LABELS[status.state])}`;
  }

  private _detail(status: SyncStatus): string {
    const t = this._i18n.t.bind(this._i18n);
    const synced =
      status.lastSyncedAt === undefined
        ? t('sync.neverSynced')
        : t('sync.lastSynced', { time: timeAgo(this._i18n, status.lastSyncedAt, this._now) });
    return status.pendingPushes > 0
      ? `${t('sync.pending', { count: status.pendingPushes })} · ${synced}`
      : synced;
  }

  private _renderPanel(status: SyncStatus) {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <section class="panel" role="dialog" aria-label=${t('sync.panelTitle')}>
        <h2>${t('sync.panelTitle')}</h2>
        <p>${this._headline(status)}</p>
        <p class="muted">${this._detail(status)}</p>
        ${status.error === undefined ? nothing : html`<p class="problem">${this._i18n.localized(status.error)}</p>`}
        <h3>${t('sync.rejectedTitle')}</h3>
        ${
          status.rejected.length === 0
            ? html`<p class="muted">${t('sync.noRejected')}</p>`
            : html`<ul>
                ${status.rejected.map((change) => this._renderRejected(change))}
              </ul>`
        }
        <div class="actions">
          <button type="button" @click=${this._close}>${t('sync.close')}</button>
          <button
            class="primary"
            type="button"
            ?disabled=${!status.online || status.state === 'signed-out'}
            @click=${this._syncNow}
          >
            ${t('sync.now')}
          </button>
        </div>
      </section>
    `;
  }

  private _renderRejected(change: RejectedChange) {
    const t = this._i18n.t.bind(this._i18n);
    const shortId = change.id.slice(0, 8).toUpperCase();
    const label =
      change.collection === 'cases'
        ? html`<a href=${caseHref(change.id)} @click=${this._close}>${t('sync.openCase', { id: shortId })}</a>`
        : html`<strong>
            ${t('sync.otherRecord', { collection: collectionName(this._i18n, change.collection), id: shortId })}
          </strong>`;
    return html`<li>${label}<span class="reason">${this._i18n.localized(change.reason)}</span></li>`;
  }

  private _toggle(): void {
    this._open = !this._open;
  }

  private readonly _close = (): void => {
    this._open = false;
  };

  private _syncNow(): void {
    this._sync.syncNow();
  }

  private readonly _closeOnEscape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this._open = false;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-sync-indicator': JbSyncIndicator;
  }
}
