import { css, html } from 'lit';
import type { MessageKey, MessageParams } from '../i18n/messages';
import { conflictsHref, syncMonitorHref } from '../routes';

export interface AdminText {
  t(key: MessageKey, params?: MessageParams): string;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long ago an instant was, in whole minutes, hours or days: 刚刚, 5 分钟前, 3 小时前, 2 天前. */
export function formatAge(iso: string, now: number, text: AdminText): string {
  const elapsed = now - new Date(iso).getTime();
  if (Number.isNaN(elapsed)) return iso;
  if (elapsed < MINUTE_MS) return text.t('admin.age.now');
  if (elapsed < HOUR_MS) return text.t('admin.age.minutes', { count: Math.floor(elapsed / MINUTE_MS) });
  if (elapsed < DAY_MS) return text.t('admin.age.hours', { count: Math.floor(elapsed / HOUR_MS) });
  return text.t('admin.age.days', { count: Math.floor(elapsed / DAY_MS) });
}

/** A device that has not been heard from for a day may be lost, switched off or cut off from the network. */
export const isStale = (iso: string | undefined, now: number): boolean =>
  iso === undefined || now - new Date(iso).getTime() > DAY_MS;

const COLLECTION_LABELS: Readonly<Record<string, MessageKey>> = {
  cases: 'admin.collection.cases',
  case_events: 'admin.collection.case_events',
  catalogs: 'admin.collection.catalogs',
  calendars: 'admin.collection.calendars',
  stations: 'admin.collection.stations',
};

export const collectionLabel = (collection: string, text: AdminText): string => {
  const key = COLLECTION_LABELS[collection];
  return key === undefined ? collection : text.t(key);
};

/** Device ids are UUIDs; their first eight characters tell the tablets of a county apart. */
export const shortDeviceId = (deviceId: string): string => deviceId.slice(0, 8);

/** Who uses a device: the staff member's name with the account id beneath it, or the id alone for a deleted account. */
export const staffCell = (row: { readonly staffId: string; readonly staffName?: string }) =>
  row.staffName === undefined
    ? row.staffId
    : html`${row.staffName} <span class="muted small mono" data-staff-id>${row.staffId}</span>`;

/** The two pages of the console, one tab each, so an administrator moves between them without the header. */
export function adminTabs(current: 'conflicts' | 'sync', text: AdminText, openConflicts?: number) {
  const conflicts =
    openConflicts === undefined || openConflicts === 0
      ? text.t('admin.tab.conflicts')
      : `${text.t('admin.tab.conflicts')}（${openConflicts}）`;
  return html`<nav class="admin-tabs" aria-label=${text.t('nav.admin')}>
    <a href=${conflictsHref()} aria-current=${current === 'conflicts' ? 'page' : 'false'}>${conflicts}</a>
    <a href=${syncMonitorHref()} aria-current=${current === 'sync' ? 'page' : 'false'}>${text.t('admin.tab.sync')}</a>
  </nav>`;
}

/** Tabs, tables and the tiles of the admin pages. */
export const adminStyles = css`
  .admin-tabs {
    display: flex;
    gap: var(--jb-space-2);
    margin-bottom: var(--jb-space-4);
    border-bottom: 1px solid var(--jb-color-border);
  }

  .admin-tabs a {
    display: inline-flex;
    align-items: center;
    min-height: 48px;
    padding: 0 var(--jb-space-5);
    border-bottom: 3px solid transparent;
    color: var(--jb-color-text-muted);
    text-decoration: none;
  }

  .admin-tabs a[aria-current='page'] {
    border-bottom-color: var(--jb-color-primary);
    color: var(--jb-color-primary-strong);
    font-weight: 700;
  }

  .intro {
    margin: 0 0 var(--jb-space-4);
    color: var(--jb-color-text-muted);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--jb-space-3);
    margin-bottom: var(--jb-space-4);
  }

  .toolbar .spacer {
    flex: 1;
  }

  .muted {
    color: var(--jb-color-text-muted);
  }

  .small {
    font-size: var(--jb-font-size-small);
  }

  table {
    width: 100%;
    border-collapse: collapse;
    background: var(--jb-color-surface);
    border: 1px solid var(--jb-color-border);
    border-radius: var(--jb-radius);
  }

  th,
  td {
    padding: var(--jb-space-3) var(--jb-space-3);
    border-bottom: 1px solid var(--jb-color-border);
    text-align: left;
    vertical-align: top;
  }

  th {
    background: var(--jb-color-primary-soft);
    color: var(--jb-color-primary-strong);
    font-size: var(--jb-font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }

  tbody th {
    background: var(--jb-color-surface);
    color: var(--jb-color-text);
    font-size: var(--jb-font-size);
    white-space: normal;
  }

  td.number,
  th.number {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }

  .warn {
    color: var(--jb-color-accent);
    font-weight: 700;
  }

  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
    gap: var(--jb-space-3);
    margin: 0 0 var(--jb-space-5);
    padding: 0;
    list-style: none;
  }

  .tile {
    padding: var(--jb-space-4);
    border: 1px solid var(--jb-color-border);
    border-radius: var(--jb-radius);
    background: var(--jb-color-surface);
  }

  .tile .label {
    display: block;
    color: var(--jb-color-text-muted);
    font-size: var(--jb-font-size-small);
  }

  .tile .value {
    display: block;
    margin-top: var(--jb-space-1);
    font-size: 28px;
    font-weight: 700;
    color: var(--jb-color-primary-strong);
  }

  .tile.alert {
    border-color: var(--jb-color-accent);
    background: var(--jb-color-accent-soft);
  }

  .tile.alert .value {
    color: var(--jb-color-accent);
  }
`;
