import { invalid, type LocalizedMessage, type Validation, valid } from '../localized-message';
import { ROLE_LABELS, type Role } from '../organisation/organisation.schema';
import type { CaseStatus } from './case.schema';

/**
 * The life of a case (办件) follows 前台综合受理 → 后台分类审批 → 统一窗口出件: a clerk accepts it at the front desk,
 * a back-office approver decides it, and a clerk hands the result out at any window.
 */
export type CaseAction =
  | 'accept'
  | 'refuse'
  | 'request-supplement'
  | 'receive-supplement'
  | 'submit-for-review'
  | 'approve'
  | 'reject'
  | 'conclude'
  | 'deliver'
  | 'withdraw';

export interface CaseTransition {
  readonly action: CaseAction;
  readonly from: readonly CaseStatus[];
  readonly to: CaseStatus;
  readonly roles: readonly Role[];
  /** CaseEvent.type recorded when the transition happens. */
  readonly eventType: string;
  readonly label: LocalizedMessage;
  /** The actor must say why (CaseEvent.note), e.g. the reason for refusing or the materials still missing. */
  readonly requiresNote?: boolean;
}

export type ItemKind = 'instant' | 'promised';

/*
 * Admin appears in every transition's roles: admins resolve problems (a case left open on a lost tablet or by a
 * clerk who has moved on), so they may perform any action the workflow has. They still cannot make a move the
 * workflow does not have.
 */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  {
    action: 'accept',
    from: ['draft'],
    to: 'accepted',
    roles: ['clerk', 'admin'],
    eventType: 'case.accepted',
    label: { zh: '受理', en: 'Accept' },
  },
  {
    action: 'refuse',
    from: ['draft'],
    to: 'refused',
    roles: ['clerk', 'admin'],
    eventType: 'case.refused',
    label: { zh: '不予受理', en: 'Refuse to accept' },
    requiresNote: true,
  },
  {
    // 补正: the time limit stops running until the materials arrive.
    action: 'request-supplement',
    from: ['accepted', 'in-review'],
    to: 'awaiting-supplement',
    roles: ['clerk', 'approver', 'admin'],
    eventType: 'case.supplement-requested',
    label: { zh: '要求补正', en: 'Request supplementary materials' },
    requiresNote: true,
  },
  {
    action: 'receive-supplement',
    from: ['awaiting-supplement'],
    to: 'accepted',
    roles: ['clerk', 'admin'],
    eventType: 'case.supplement-received',
    label: { zh: '补正材料已收', en: 'Supplementary materials received' },
  },
  {
    action: 'submit-for-review',
    from: ['accepted'],
    to: 'in-review',
    roles: ['clerk', 'admin'],
    eventType: 'case.submitted-for-review',
    label: { zh: '提交审批', en: 'Submit for review' },
  },
  {
    action: 'approve',
    from: ['in-review'],
    to: 'approved',
    roles: ['approver', 'admin'],
    eventType: 'case.approved',
    label: { zh: '审批通过', en: 'Approve' },
  },
  {
    action: 'reject',
    from: ['in-review'],
    to: 'rejected',
    roles: ['approver', 'admin'],
    eventType: 'case.rejected',
    label: { zh: '审批不通过', en: 'Reject' },
    requiresNote: true,
  },
  {
    // 即办件: the clerk decides an instant item on the spot, without back-office review.
    action: 'conclude',
    from: ['accepted'],
    to: 'approved',
    roles: ['clerk', 'admin'],
    eventType: 'case.concluded',
    label: { zh: '当场办结', en: 'Conclude on the spot' },
  },
  {
    action: 'deliver',
    from: ['approved', 'rejected'],
    to: 'delivered',
    roles: ['clerk', 'admin'],
    eventType: 'case.delivered',
    label: { zh: '出件', en: 'Deliver result' },
  },
  {
    action: 'withdraw',
    from: ['draft', 'accepted', 'awaiting-supplement', 'in-review'],
    to: 'withdrawn',
    roles: ['clerk', 'admin'],
    eventType: 'case.withdrawn',
    label: { zh: '撤回', en: 'Withdraw' },
  },
];

export const STATUS_LABELS: Record<CaseStatus, LocalizedMessage> = {
  draft: { zh: '草稿', en: 'Draft' },
  accepted: { zh: '已受理', en: 'Accepted' },
  'awaiting-supplement': { zh: '待补正', en: 'Awaiting supplement' },
  'in-review': { zh: '审批中', en: 'In review' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Rejected' },
  refused: { zh: '不予受理', en: 'Refused' },
  delivered: { zh: '已出件', en: 'Delivered' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** Actions only an instant item (即办件) allows. */
const INSTANT_ONLY_ACTIONS: ReadonlySet<CaseAction> = new Set(['conclude']);

const TRANSITIONS_BY_ACTION: ReadonlyMap<CaseAction, CaseTransition> = new Map(
  CASE_TRANSITIONS.map((transition) => [transition.action, transition]),
);

function fitsItemKind(transition: CaseTransition, itemKind: ItemKind | undefined): boolean {
  return !INSTANT_ONLY_ACTIONS.has(transition.action) || itemKind === 'instant';
}

/**
 * What `role` may do with a case in `status`. Concluding on the spot is offered only when the item is known to
 * be instant.
 */
export function availableActions(
  status: CaseStatus,
  role: Role,
  opts?: { itemKind?: ItemKind },
): readonly CaseTransition[] {
  return CASE_TRANSITIONS.filter(
    (transition) =>
      transition.from.includes(status) &&
      transition.roles.includes(role) &&
      fitsItemKind(transition, opts?.itemKind),
  );
}

export function transitionFor(action: CaseAction): CaseTransition {
  const transition = TRANSITIONS_BY_ACTION.get(action);
  if (transition === undefined) throw new RangeError(`Unknown case action: ${action}`);
  return transition;
}

/**
 * Validates a status change someone made, e.g. one pushed to the sync server. Every pair of statuses is joined
 * by at most one transition, so the change names it. An unchanged status is valid and has no transition
 * (`undefined`). When the caller knows the item kind, concluding a promised item is refused; without it, the
 * client's own check is trusted.
 */
export function checkTransition(
  from: CaseStatus,
  to: CaseStatus,
  role: Role,
  opts?: { itemKind?: ItemKind },
): Validation<CaseTransition | undefined> {
  if (from === to) return valid(undefined);
  const transition = CASE_TRANSITIONS.find(
    (candidate) => candidate.from.includes(from) && candidate.to === to,
  );
  const fromLabel = STATUS_LABELS[from];
  const toLabel = STATUS_LABELS[to];
  if (transition === undefined) {
    return invalid(
      `办件不能从「${fromLabel.zh}」直接变为「${toLabel.zh}」`,
      `A case cannot go from "${fromLabel.en}" to "${toLabel.en}" directly`,
    );
  }
  if (!transition.roles.includes(role)) {
    const roleLabel = ROLE_LABELS[role];
    return invalid(
      `${roleLabel.zh}无权执行「${transition.label.zh}」`,
      `The role ${roleLabel.en} may not perform "${transition.label.en}"`,
    );
  }
  if (opts?.itemKind !== undefined && !fitsItemKind(transition, opts.itemKind)) {
    return invalid(
      `承诺件不能「${transition.label.zh}」，须提交审批`,
      `A promised item cannot be "${transition.label.en}"; it must be submitted for review`,
    );
  }
  return valid(transition);
}

/** A terminal status has no way out: refused, delivered, withdrawn. */
export function isTerminal(status: CaseStatus): boolean {
  return !CASE_TRANSITIONS.some((transition) => transition.from.includes(status));
}
