import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../src/data/replication';
import {
  caseSyncIssue,
  collectionName,
  isInitialSyncRunning,
  timeAgo,
} from '../../../src/ui/components/sync-text';
import { type MessageKey, type MessageParams, translate } from '../../../src/ui/i18n/messages';

const zh = { t: (key: MessageKey, params?: MessageParams) => translate('zh-CN', key, params) };
const NOW = Date.parse('2026-03-05T04:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

const status = (change: Partial<SyncStatus>): SyncStatus => ({
  online: true,
  state: 'idle',
  pendingPushes: 0,
  rejected: [],
  ...change,
});

describe('timeAgo', () => {
  it('says 刚刚 within the first minute, also for a clock slightly ahead', () => {
    expect(timeAgo(zh, ago(59_000), NOW)).toBe('刚刚');
    expect(timeAgo(zh, ago(-5_000), NOW)).toBe('刚刚');
  });

  it('counts whole minutes, hours and days', () => {
    expect(timeAgo(zh, ago(3 * 60_000 + 59_000), NOW)).toBe('3 分钟前');
    expect(timeAgo(zh, ago(2 * 3_600_000), NOW)).toBe('2 小时前');
    expect(timeAgo(zh, ago(4 * 86_400_000 + 1), NOW)).toBe('4 天前');
  });
});

describe('caseSyncIssue', () => {
  const refusal = { zh: '受理站点不能更改', en: 'The accepting station of a case cannot change' };

  it('finds the refusal of a change to the case', () => {
    const current = status({ rejected: [{ collection: 'cases', id: 'c-1', reason: refusal }] });
    expect(caseSyncIssue(current, 'c-1')?.reason).toEqual(refusal);
    expect(caseSyncIssue(current, 'c-2')).toBeUndefined();
  });

  it('does not take a refused record of another collection with the same id for the case', () => {
    const current = status({ rejected: [{ collection: 'case_events', id: 'c-1', reason: refusal }] });
    expect(caseSyncIssue(current, 'c-1')).toBeUndefined();
  });
});

describe('isInitialSyncRunning', () => {
  it('is running while any collection has not caught up, and not when signed out', () => {
    const running = status({
      initialSync: [
        { collection: 'cases', pulled: 120, done: true },
        { collection: 'case_events', pulled: 40, done: false },
      ],
    });
    expect(isInitialSyncRunning(running)).toBe(true);
    expect(
      isInitialSyncRunning(status({ initialSync: [{ collection: 'cases', pulled: 1, done: true }] })),
    ).toBe(false);
    expect(isInitialSyncRunning(status({ state: 'signed-out' }))).toBe(false);
  });
});

describe('collectionName', () => {
  it('names a replicated collection as the clerk knows it and leaves an unknown one as it is', () => {
    expect(collectionName(zh, 'catalogs')).toBe('事项目录');
    expect(collectionName(zh, 'attachments')).toBe('attachments');
  });
});
