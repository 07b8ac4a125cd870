import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../../../src/domain/case/case.schema';
import {
  availableActions,
  CASE_TRANSITIONS,
  type CaseAction,
  checkTransition,
  isTerminal,
  STATUS_LABELS,
  transitionFor,
} from '../../../src/domain/case/case-state-machine';
import { ROLES } from '../../../src/domain/organisation/organisation.schema';

const actionsOf = (transitions: readonly { action: CaseAction }[]) => transitions.map((t) => t.action);

describe('case transitions', () => {
  it('follow 前台综合受理 → 后台分类审批 → 统一窗口出件', () => {
    const path: CaseAction[] = ['accept', 'submit-for-review', 'approve', 'deliver'];
    expect(path.map((action) => transitionFor(action).to)).toEqual([
      'accepted',
      'in-review',
      'approved',
      'delivered',
    ]);
  });

  it('join each pair of statuses by at most one transition, so a status change names its action', () => {
    const pairs = CASE_TRANSITIONS.flatMap((t) => t.from.map((from) => `${from}→${t.to}`));
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('record events named case.<what happened>', () => {
    expect(transitionFor('accept').eventType).toBe('case.accepted');
    const eventTypes = CASE_TRANSITIONS.map((t) => t.eventType);
    expect(new Set(eventTypes).size).toBe(eventTypes.length);
    for (const eventType of eventTypes) expect(eventType).toMatch(/^case\.[a-z-]+$/);
  });

  it('require a note to refuse, to request supplements and to reject', () => {
    const withNote = CASE_TRANSITIONS.filter((t) => t.requiresNote).map((t) => t.action);
    expect(withNote.sort()).toEqual(['refuse', 'reject', 'request-supplement']);
  });

  it('let an admin perform every action', () => {
    for (const transition of CASE_TRANSITIONS) expect(transition.roles).toContain('admin');
  });
});

describe('availableActions', () => {
  it('offers exactly the transitions whose roles include the role, from every status', () => {
    for (const status of CASE_STATUSES) {
      for (const role of ROLES) {
        const offered = availableActions(status, role, { itemKind: 'instant' });
        const expected = CASE_TRANSITIONS.filter((t) => t.from.includes(status) && t.roles.includes(role));
        expect(actionsOf(offered), `${status} as ${role}`).toEqual(actionsOf(expected));
      }
    }
  });

  it('never offers a clerk to approve or reject', () => {
    for (const status of CASE_STATUSES) {
      const offered = actionsOf(availableActions(status, 'clerk', { itemKind: 'instant' }));
      expect(offered).not.toContain('approve');
      expect(offered).not.toContain('reject');
    }
  });

  it('offers an approver a decision on a case in review, or a request for supplements', () => {
    expect(actionsOf(availableActions('in-review', 'approver'))).toEqual([
      'request-supplement',
      'approve',
      'reject',
    ]);
    expect(actionsOf(availableActions('draft', 'approver'))).toEqual([]);
  });

  it('offers a clerk acceptance or refusal of a draft', () => {
    expect(actionsOf(availableActions('draft', 'clerk'))).toEqual(['accept', 'refuse', 'withdraw']);
  });

  it('offers concluding on the spot only for instant items', () => {
    expect(actionsOf(availableActions('accepted', 'clerk', { itemKind: 'instant' }))).toContain('conclude');
    expect(actionsOf(availableActions('accepted', 'clerk', { itemKind: 'promised' }))).not.toContain(
      'conclude',
    );
    expect(actionsOf(availableActions('accepted', 'clerk'))).not.toContain('conclude');
  });

  it('offers nothing for a terminal status', () => {
    for (const status of ['refused', 'delivered', 'withdrawn'] as const) {
      expect(isTerminal(status)).toBe(true);
      for (const role of ROLES) expect(availableActions(status, role, { itemKind: 'instant' })).toEqual([]);
    }
  });
});

describe('isTerminal', () => {
  it('holds for refused, delivered and withdrawn only', () => {
    expect(CASE_STATUSES.filter(isTerminal)).toEqual(['refused', 'delivered', 'withdrawn']);
  });
});

describe('checkTransition', () => {
  it('accepts every transition for each of its roles and refuses it for the others', () => {
    for (const transition of CASE_TRANSITIONS) {
      for (const from of transition.from) {
        for (const role of ROLES) {
          const result = checkTransition(from, transition.to, role);
          if (transition.roles.includes(role)) expect(result).toEqual({ ok: true, value: transition });
          else expect(result.ok, `${transition.action} as ${role}`).toBe(false);
        }
      }
    }
  });

  it('treats an unchanged status as valid, with no transition', () => {
    for (const status of CASE_STATUSES)
      expect(checkTransition(status, status, 'clerk')).toEqual({ ok: true, value: undefined });
  });

  it('rejects skipping steps, such as draft → approved, in Chinese and English', () => {
    expect(checkTransition('draft', 'approved', 'admin')).toEqual({
      ok: false,
      error: {
        zh: '办件不能从「草稿」直接变为「已批准」',
        en: 'A case cannot go from "Draft" to "Approved" directly',
      },
    });
    expect(checkTransition('accepted', 'delivered', 'clerk').ok).toBe(false);
    expect(checkTransition('delivered', 'accepted', 'admin').ok).toBe(false);
  });

  it('rejects a clerk approving, naming the role and the action', () => {
    expect(checkTransition('in-review', 'approved', 'clerk')).toEqual({
      ok: false,
      error: { zh: '窗口人员无权执行「审批通过」', en: 'The role Clerk may not perform "Approve"' },
    });
  });

  it('rejects concluding a promised item on the spot when the item kind is known', () => {
    expect(checkTransition('accepted', 'approved', 'clerk', { itemKind: 'promised' })).toMatchObject({
      ok: false,
      error: { zh: '承诺件不能「当场办结」，须提交审批' },
    });
    expect(checkTransition('accepted', 'approved', 'clerk', { itemKind: 'instant' })).toEqual({
      ok: true,
      value: transitionFor('conclude'),
    });
  });
});

describe('STATUS_LABELS', () => {
  it('gives every status distinct Chinese and English labels', () => {
    const labels = CASE_STATUSES.map((status) => STATUS_LABELS[status]);
    expect(new Set(labels.map((l) => l.zh)).size).toBe(CASE_STATUSES.length);
    expect(new Set(labels.map((l) => l.en)).size).toBe(CASE_STATUSES.length);
  });
});
