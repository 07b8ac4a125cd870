import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type {
  AdminClient,
  DeviceSyncStatus,
  DigestMismatch,
  SyncMonitorReport,
} from '../../data/replication';
import type { StationRepository } from '../../data/station.repository';
import { ROLE_LABELS } from '../../domain/organisation/organisation.schema';
import { formatInstant } from '../components/case-text';
import { adminClientContext, stationRepositoryContext } from '../contexts';
import { ObservableController } from '../controllers/observable-controller';
import { LocaleController } from '../i18n/locale-controller';
import { conflictsHref } from '../routes';
import { sharedStyles } from '../theme';
import { adminErrorText } from './admin-errors';
import {
  adminStyles,
  adminTabs,
  collectionLabel,
  formatAge,
  isStale,
  shortDeviceId,
  staffCell,
} from './admin-text';
import { controlStyles } from './case-styles';
import { pageStyles } from './page-styles';

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'done'; readonly report: SyncMonitorReport; readonly at: number }
  | { readonly state: 'failed'; readonly message: string };

/** One row of the station table: every station of the county, also those never heard from. */
interface StationRow {
  readonly stationId: string;
  readonly name: string;
  readonly devices: number;
  readonly lastSeenAt?: string;
  readonly pendingPushes: number;
  readonly rejectedRows: number;
  readonly openConflicts: number;
  readonly digestMismatches: number;
}

/** The monitor follows the county while it is open; a refresh costs the server one small query. */
const REFRESH_MS = 30_000;

/**
 * 同步监控: every station and device with when it was last heard from, the changes it reported waiting, the rows the
 * server refused, the conflicts open, and the devices whose copy disagreed with the server's at the last
 * integrity check. Problems are marked in red; the numbers stay in plain tables.
 */
@customElement('jb-page-sync-monitor')
export class JbPageSyncMonitor extends LitElement {
  static override styles = [
    sharedStyles,
    pageStyles,
    controlStyles,
    adminStyles,
    css`
      section {
        margin-bottom: var(--jb-space-6);
      }

      section h2 {
        margin-top: 0;
      }

      .updated {
        align-self: center;
        color: var(--jb-color-text-muted);
        font-size: var(--jb-font-size-small);
      }

      .tile a {
        color: inherit;
        text-decoration: none;
      }

      .ok {
        color: var(--jb-color-success);
      }

      .mono {
        font-family: ui-monospace, monospace;
      }

      .empty {
        margin: 0;
        padding: var(--jb-space-4);
        border: 1px solid var(--jb-color-border);
        border-radius: var(--jb-radius);
        background: var(--jb-color-surface);
        color: var(--jb-color-text-muted);
      }
    `,
  ];

  @consume({ context: adminClientContext })
  private readonly _admin!: AdminClient;

  @consume({ context: stationRepositoryContext })
  private readonly _stationRepository!: StationRepository;

  @state() private _loaded: Loaded = { state: 'loading' };

  private readonly _i18n = new LocaleController(this);
  private readonly _stations = new ObservableController(this, () =>
    this._stationRepository.observeStations(),
  );
  private _timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
    this._timer = setInterval(() => void this._load(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this._timer);
    this._timer = undefined;
    super.disconnectedCallback();
  }

  override render() {
    const t = this._i18n.t.bind(this._i18n);
    const loaded = this._loaded;
    return html`
      ${adminTabs('sync', this._i18n, loaded.state === 'done' ? loaded.report.openConflicts : undefined)}
      <h1>${t('admin.sync.title')}</h1>
      <div class="toolbar">
        <p class="intro">${t('admin.sync.intro')}</p>
        <span class="spacer"></span>
        ${
          loaded.state === 'done'
            ? html`<span class="updated">${t('admin.sync.updated', { at: formatInstant(new Date(loaded.at).toISOString()) })}</span>`
            : nothing
        }
        <button class="button" type="button" @click=${() => void this._load()}>${t('admin.refresh')}</button>
      </div>
      ${
        loaded.state === 'failed'
          ? html`<p class="status" role="alert">${loaded.message}</p>`
          : loaded.state === 'loading'
            ? html`<p class="status" role="status">${t('admin.sync.loading')}</p>`
            : this._renderReport(loaded.report, loaded.at)
      }
    `;
  }

  private _renderReport(report: SyncMonitorReport, now: number) {
    const t = this._i18n.t.bind(this._i18n);
    const stations = this._stationRows(report);
    const pending = report.devices.reduce((sum, device) => sum + (device.pendingPushes ?? 0), 0);
    const rejected = report.devices.reduce((sum, device) => sum + device.rejectedRows, 0);
    const mismatchedDevices = new Set(report.digestMismatches.map((check) => check.deviceId));
    const tile = (label: string, value: unknown, alert: boolean, id: string, href?: string) => {
      const body = html`<span class="label">${label}</span><span class="value">${value}</span>`;
      return html`<li class="tile ${alert ? 'alert' : ''}" data-tile=${id}>
        ${href === undefined ? body : html`<a href=${href}>${body}</a>`}
      </li>`;
    };
    return html`
      <ul class="tiles">
        ${tile(t('admin.sync.tile.stations'), `${stations.filter((row) => row.devices > 0).length} / ${stations.length}`, false, 'stations')}
        ${tile(t('admin.sync.tile.devices'), report.devices.length, false, 'devices')}
        ${tile(t('admin.sync.tile.pending'), pending, false, 'pending')}
        ${tile(t('admin.sync.tile.rejected'), rejected, rejected > 0, 'rejected')}
        ${tile(t('admin.sync.tile.conflicts'), report.openConflicts, report.openConflicts > 0, 'conflicts', conflictsHref())}
        ${tile(t('admin.sync.tile.digest'), mismatchedDevices.size, mismatchedDevices.size > 0, 'digest')}
      </ul>
      ${this._renderStations(stations, now)} ${this._renderDevices(report.devices, mismatchedDevices, now)}
      ${this._renderMismatches(report.digestMismatches)}
    `;
  }

  private _renderStations(rows: readonly StationRow[], now: number) {
    const t = this._i18n.t.bind(this._i18n);
    const count = (value: number) => html`<td class="number ${value > 0 ? 'warn' : ''}">${value}</td>`;
    return html`
      <section aria-labelledby="stations-heading" data-table="stations">
        <h2 id="stations-heading">${t('admin.sync.stations')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">${t('admin.column.station')}</th>
              <th scope="col" class="number">${t('admin.column.devices')}</th>
              <th scope="col">${t('admin.column.lastSeen')}</th>
              <th scope="col" class="number">${t('admin.column.pending')}</th>
              <th scope="col" class="number">${t('admin.column.rejected')}</th>
              <th scope="col" class="number">${t('admin.column.openConflicts')}</th>
              <th scope="col" class="number">${t('admin.column.digest')}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (row) => html`<tr data-station=${row.stationId}>
                <th scope="row">${row.name}</th>
                <td class="number">${row.devices}</td>
                <td class=${row.devices > 0 && isStale(row.lastSeenAt, now) ? 'warn' : ''}>
                  ${row.lastSeenAt === undefined ? html`<span class="muted">${t('admin.sync.never')}</span>` : this._seen(row.lastSeenAt, now)}
                </td>
                <td class="number">${row.pendingPushes}</td>
                ${count(row.rejectedRows)} ${count(row.openConflicts)} ${count(row.digestMismatches)}
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
    `;
  }

  private _renderDevices(devices: readonly DeviceSyncStatus[], mismatched: ReadonlySet<string>, now: number) {
    const t = this._i18n.t.bind(this._i18n);
    const sorted = [...devices].sort((a, b) => (a.lastSeenAt < b.lastSeenAt ? 1 : -1));
    return html`
      <section aria-labelledby="devices-heading" data-table="devices">
        <h2 id="devices-heading">${t('admin.sync.devices')}</h2>
        ${
          sorted.length === 0
            ? html`<p class="empty">${t('admin.sync.noDevices')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th scope="col">${t('admin.column.device')}</th>
                    <th scope="col">${t('admin.column.staff')}</th>
                    <th scope="col">${t('admin.column.station')}</th>
                    <th scope="col">${t('admin.column.lastSeen')}</th>
                    <th scope="col">${t('admin.column.lastPull')}</th>
                    <th scope="col">${t('admin.column.lastPush')}</th>
                    <th scope="col" class="number">${t('admin.column.pending')}</th>
                    <th scope="col" class="number">${t('admin.column.rejected')}</th>
                    <th scope="col">${t('admin.column.digest')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${sorted.map(
                    (device) => html`<tr data-device=${device.deviceId}>
                      <td class="mono">${shortDeviceId(device.deviceId)}</td>
                      <td>
                        ${staffCell(device)}
                        <div class="muted small">${this._i18n.localized(ROLE_LABELS[device.role])}</div>
                      </td>
                      <td>${device.stationId === undefined ? '—' : this._stationName(device.stationId)}</td>
                      <td class=${isStale(device.lastSeenAt, now) ? 'warn' : ''}>${this._seen(device.lastSeenAt, now)}</td>
                      <td>${device.lastPullAt === undefined ? '—' : formatAge(device.lastPullAt, now, this._i18n)}</td>
                      <td>${device.lastPushAt === undefined ? '—' : formatAge(device.lastPushAt, now, this._i18n)}</td>
                      <td class="number">
                        ${device.pendingPushes ?? '—'}
                        ${
                          device.pendingReportedAt === undefined
                            ? nothing
                            : html`<div class="muted small">${formatAge(device.pendingReportedAt, now, this._i18n)}</div>`
                        }
                      </td>
                      <td class="number ${device.rejectedRows > 0 ? 'warn' : ''}">${device.rejectedRows}</td>
                      <td>
                        ${
                          mismatched.has(device.deviceId)
                            ? html`<span class="warn">${t('admin.sync.digestMismatch')}</span>`
                            : html`<span class="muted">${t('admin.sync.digestOk')}</span>`
                        }
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
    `;
  }

  private _renderMismatches(checks: readonly DigestMismatch[]) {
    const t = this._i18n.t.bind(this._i18n);
    return html`
      <section aria-labelledby="digest-heading" data-table="digest">
        <h2 id="digest-heading">${t('admin.sync.digest')}</h2>
        ${
          checks.length === 0
            ? html`<p class="empty">${t('admin.sync.noMismatches')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th scope="col">${t('admin.column.device')}</th>
                    <th scope="col">${t('admin.column.staff')}</th>
                    <th scope="col">${t('admin.column.station')}</th>
                    <th scope="col">${t('admin.column.collection')}</th>
                    <th scope="col" class="number">${t('admin.column.deviceCount')}</th>
                    <th scope="col" class="number">${t('admin.column.serverCount')}</th>
                    <th scope="col">${t('admin.column.checkedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${checks.map(
                    (check) => html`<tr>
                      <td class="mono">${shortDeviceId(check.deviceId)}</td>
                      <td>${staffCell(check)}</td>
                      <td>${check.stationId === undefined ? '—' : this._stationName(check.stationId)}</td>
                      <td>${collectionLabel(check.collection, this._i18n)}</td>
                      <td class="number">${check.deviceCount}</td>
                      <td class="number">${check.serverCount}</td>
                      <td>${formatInstant(check.at)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </section>
    `;
  }

  private _seen(iso: string, now: number) {
    return html`${formatAge(iso, now, this._i18n)}<div class="muted small">${formatInstant(iso)}</div>`;
  }

  /** The county's stations in their published order, then any station only the server's records name. */
  private _stationRows(report: SyncMonitorReport): StationRow[] {
    const reported = new Map(report.stations.map((station) => [station.stationId, station]));
    const mismatches = new Map<string, Set<string>>();
    for (const check of report.digestMismatches) {
      if (check.stationId === undefined) continue;
      const devices = mismatches.get(check.stationId) ?? new Set<string>();
      devices.add(check.deviceId);
      mismatches.set(check.stationId, devices);
    }
    const known = (this._stations.value ?? []).map((station) => station.id);
    const ids = [...known, ...[...reported.keys()].filter((id) => !known.includes(id))];
    return ids.map((stationId) => {
      const status = reported.get(stationId);
      return {
        stationId,
        name: this._stationName(stationId),
        devices: status?.devices ?? 0,
        ...(status?.lastSeenAt === undefined ? {} : { lastSeenAt: status.lastSeenAt }),
        pendingPushes: status?.pendingPushes ?? 0,
        rejectedRows: status?.rejectedRows ?? 0,
        openConflicts: status?.openConflicts ?? 0,
        digestMismatches: mismatches.get(stationId)?.size ?? 0,
      };
    });
  }

  private _stationName(id: string): string {
    const station = this._stations.value?.find((candidate) => candidate.id === id);
    return station === undefined ? id : this._i18n.nameOf(station);
  }

  private async _load(): Promise<void> {
    try {
      const report = await this._admin.syncMonitor();
      this._loaded = { state: 'done', report, at: Date.now() };
    } catch (error) {
      // A failed refresh keeps the figures already shown; only a first load shows the failure.
      if (this._loaded.state !== 'done') {
        this._loaded = { state: 'failed', message: adminErrorText(error, this._i18n) };
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'jb-page-sync-monitor': JbPageSyncMonitor;
  }
}
