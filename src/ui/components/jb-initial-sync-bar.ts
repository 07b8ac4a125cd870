import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { SyncController, SyncStatus } from '../../data/replication';
import { syncControllerContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { collectionName, isInitialSyncRunning } from './sync-text';

/**
 * A full-width progress bar under the header while a new tablet downloads everything for the first time, with
 * what has arrived per collection. A tablet that synced before catches up quietly (the indicator says 同步中).
 */
@customElement('jb-initial-sync-bar')
export class JbInitialSyncBar extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }

    .bar {
      padding: var(--jb-space-2) var(--jb-space-5);
      background: var(--jb-color-info-soft);
      color: var(--jb-color-info);
      font-size: var(--jb-font-size-small);
    }

    .text {
      display: flex;
      flex-wrap: wrap;
      gap: var(--jb-space-1) var(--jb-space-4);
      max-width: var(--jb-content-width);
      margin: 0 auto var(--jb-space-1);
    }

    .text strong {
      margin-right: auto;
    }

    .track {
      height: 6px;
      overflow: hidden;
      border-radius: 3px;
      background: rgb(15 100 113 / 0.2);
    }

    .fill {
      height: 100%;
      background: var(--jb-color-info);
      transition: width 0.3s ease;
    }
  `;

  @consume({ context: syncControllerContext })
  private readonly _sync!: SyncController;

  /** Set when a download starts on a tablet that never synced, cleared when it has caught up. */
  @state() private _firstDownload = false;

  private readonly _status = new ObservableController(this, () => this._sync.observeSyncStatus());
  private readonly _i18n = new LocaleController(this);

  protected override willUpdate(_changed: PropertyValues<this>): void {
    const status = this._status.value;
    const running = isInitialSyncRunning(status);
    // lastSyncedAt appears with the first pulled batch, so "never synced" is only decided as the download starts.
    if (running && !this._firstDownload && status?.lastSyncedAt === undefined) this._firstDownload = true;
    if (!running && this._firstDownload) this._firstDownload = false;
  }

  override render() {
    const status = this._status.value;
    if (!this._firstDownload || status?.initialSync === undefined) return nothing;
    return this._renderProgress(status.initialSync);
  }

  private _renderProgress(progress: NonNullable<SyncStatus['initialSync']>) {
    const done = progress.filter((entry) => entry.done).length;
    const label = this._i18n.t('sync.initial');
    return html`
      <div class="bar">
        <div class="text">
          <strong>${label}</strong>
          ${progress.map((entry) => html`<span>${collectionName(this._i18n, entry.collection)} ${entry.pulled}</span>`)}
        </div>
        <div
          class="track"
          role="progressbar"
          aria-label=${label}
          aria-valuemin="0"
          aria-valuemax=${progress.length}
          aria-valuenow=${done}
        >
          <div class="fill" style="width: ${Math.round((done / progress.length) * 100)}%"></div>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-initial-sync-bar': JbInitialSyncBar;
  }
}
