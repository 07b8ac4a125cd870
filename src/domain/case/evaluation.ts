import { todayInShanghai } from '../calendar/iso-date';
import { invalid, type LocalizedMessage, type Validation, valid } from '../localized-message';
import type { Case, EvaluationLevel } from './case.schema';

/** 好差评: the applicant rates the service once the result has been handed out. */
export const EVALUATION_LABELS: Record<EvaluationLevel, LocalizedMessage> = {
  'very-satisfied': { zh: '非常满意', en: 'Very satisfied' },
  satisfied: { zh: '满意', en: 'Satisfied' },
  'basically-satisfied': { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  'very-dissatisfied': { zh: '非常不满意', en: 'Very dissatisfied' },
};

/** A bad rating (差评) must be followed up within this many working days. */
export const FOLLOW_UP_WORKING_DAYS = 15;

const MAX_COMMENT_LENGTH = 500;
const MAX_FOLLOW_UP_NOTE_LENGTH = 1000;

export function isBadRating(level: EvaluationLevel): boolean {
  return level === 'dissatisfied' || level === 'very-dissatisfied';
}

function isInstant(text: string): boolean {
  return !Number.isNaN(Date.parse(text));
}

/**
 * Records the applicant's rating of a delivered case. A bad rating opens a follow-up due
 * FOLLOW_UP_WORKING_DAYS working days after the day of rating (in China), counted by `addWorkingDays`.
 */
export function rateCase(
  c: Case,
  level: EvaluationLevel,
  comment: string,
  at: string,
  addWorkingDays: (isoDate: string, n: number) => string,
): Validation<Case> {
  if (c.status !== 'delivered') {
    return invalid('办件出件后才能评价', 'A case can be rated only after its result has been delivered');
  }
  if (c.evaluation !== undefined) {
    return invalid('该办件已评价，不能重复评价', 'This case has already been rated');
  }
  if (!isInstant(at)) return invalid(`评价时间 ${at} 无效`, `Rating time ${at} is invalid`);
  const trimmedComment = comment.trim();
  if (trimmedComment.length > MAX_COMMENT_LENGTH) {
    return invalid(
      `评价内容不能超过 ${MAX_COMMENT_LENGTH} 字`,
      `A comment may have at most ${MAX_COMMENT_LENGTH} characters`,
    );
  }
  return valid({
    ...c,
    evaluation: {
      level,
      at,
      ...(trimmedComment === '' ? {} : { comment: trimmedComment }),
      ...(isBadRating(level)
        ? { followUpDue: addWorkingDays(todayInShanghai(new Date(at)), FOLLOW_UP_WORKING_DAYS) }
        : {}),
    },
    updatedAt: at,
  });
}

/** Closes the follow-up of a bad rating with a note on what was done. */
export function closeFollowUp(c: Case, note: string, at: string): Validation<Case> {
  const evaluation = c.evaluation;
  if (evaluation?.followUpDue === undefined) {
    return invalid('该办件没有待回访的差评', 'This case has no bad rating to follow up');
  }
  if (evaluation.followUpClosedAt !== undefined) {
    return invalid('该差评的回访已办结', 'The follow-up of this rating is already closed');
  }
  if (!isInstant(at)) return invalid(`办结时间 ${at} 无效`, `Closing time ${at} is invalid`);
  const trimmedNote = note.trim();
  if (trimmedNote === '') {
    return invalid('请填写回访处理情况', 'Please describe how the rating was followed up');
  }
  if (trimmedNote.length > MAX_FOLLOW_UP_NOTE_LENGTH) {
    return invalid(
      `回访情况不能超过 ${MAX_FOLLOW_UP_NOTE_LENGTH} 字`,
      `A follow-up note may have at most ${MAX_FOLLOW_UP_NOTE_LENGTH} characters`,
    );
  }
  return valid({
    ...c,
    evaluation: { ...evaluation, followUpClosedAt: at, followUpNote: trimmedNote },
    updatedAt: at,
  });
}
