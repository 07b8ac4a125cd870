import { todayInShanghai } from '../../domain/calendar/iso-date';
import type { Case, CaseEvent } from '../../domain/case/case.schema';
import { CASE_TRANSITIONS, STATUS_LABELS } from '../../domain/case/case-state-machine';
import type { LocalizedMessage } from '../../domain/localized-message';

/** Events recorded outside the state machine's transitions (case-workflow.ts). */
const OTHER_EVENT_LABELS: Readonly<Record<string, LocalizedMessage>> = {
  'case.notice-given': { zh: '出具一次性告知单', en: 'One-time notice given' },
  'case.return-visit': { zh: '申请人补齐材料来访', en: 'Applicant returned with materials' },
  'case.follow-up-closed': { zh: '差评回访办结', en: 'Rating follow-up closed' },
  'case.details-corrected': { zh: '更正申请信息', en: 'Application details corrected' },
  'case.action-not-applied': {
    zh: '上一操作未生效：办件同时被他人修改',
    en: 'The previous action did not take effect: the case was changed elsewhere at the same time',
  },
  'case.conflict-resolved': { zh: '管理员处理同步冲突', en: 'Sync conflict resolved by an administrator' },
};

/** What a history entry says happened: the transition's label, or the recorded type for anything unknown. */
export function eventLabel(event: CaseEvent): LocalizedMessage {
  const transition = CASE_TRANSITIONS.find((candidate) => candidate.eventType === event.type);
  if (transition !== undefined) return transition.label;
  if (event.toStatus !== undefined && event.fromStatus !== event.toStatus)
    return STATUS_LABELS[event.toStatus];
  return OTHER_EVENT_LABELS[event.type] ?? { zh: event.type, en: event.type };
}

/** An instant shown as the clerk's wall clock in China: 2026-03-02 09:15. */
export function formatInstant(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const shanghai = new Date(at.getTime() + 8 * 3_600_000).toISOString();
  return `${todayInShanghai(at)} ${shanghai.slice(11, 16)}`;
}

/** The day a case was created, in China. */
export const createdOn = (c: Pick<Case, 'createdAt'>): string => todayInShanghai(new Date(c.createdAt));
