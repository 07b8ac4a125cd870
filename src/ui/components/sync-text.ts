import type { RejectedChange, SyncState, SyncStatus } from '../../data/replication';
import type { ReplicatedCollection } from '../../data/replication/replication';
import type { LocaleController } from '../i18n/locale-controller';
import type { MessageKey } from '../i18n/messages';

export const SYNC_STATE_LABELS: Readonly<Record<SyncState, MessageKey>> = {
  idle: 'sync.state.idle',
  syncing: 'sync.state.syncing',
  connecting: 'sync.state.connecting',
  offline: 'sync.state.offline',
  error: 'sync.state.error',
  'signed-out': 'sync.state.signed-out',
};

const COLLECTION_NAMES: Readonly<Record<ReplicatedCollection, MessageKey>> = {
  cases: 'sync.collection.cases',
  case_events: 'sync.collection.case_events',
  catalogs: 'sync.collection.catalogs',
  calendars: 'sync.collection.calendars',
  stations: 'sync.collection.stations',
};

/** A replicated collection as the clerk knows it (办件, 事项目录…); an unknown one by its own name. */
export const collectionName = (i18n: Pick<LocaleController, 't'>, collection: string): string =>
  Object.hasOwn(COLLECTION_NAMES, collection)
    ? i18n.t(COLLECTION_NAMES[collection as ReplicatedCollection])
    : collection;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long ago `iso` was, as a clerk says it: 刚刚, 3 分钟前, 2 小时前, 4 天前. */
export function timeAgo(i18n: Pick<LocaleController, 't'>, iso: string, now: number): string {
  const elapsed = Math.max(0, now - Date.parse(iso));
  if (elapsed < MINUTE_MS) return i18n.t('time.justNow');
  if (elapsed < HOUR_MS) return i18n.t('time.minutesAgo', { count: Math.floor(elapsed / MINUTE_MS) });
  if (elapsed < DAY_MS) return i18n.t('time.hoursAgo', { count: Math.floor(elapsed / HOUR_MS) });
  return i18n.t('time.daysAgo', { count: Math.floor(elapsed / DAY_MS) });
}

/** The server's refusal of a change to this case, if it refused one that is still unsettled. */
export const caseSyncIssue = (status: SyncStatus | undefined, caseId: string): RejectedChange | undefined =>
  status?.rejected.find((change) => change.collection === 'cases' && change.id === caseId);

/** Whether a first download is under way: some collection has not caught up with the server yet. */
export const isInitialSyncRunning = (status: SyncStatus | undefined): boolean =>
  status?.initialSync?.some((progress) => !progress.done) ?? false;
