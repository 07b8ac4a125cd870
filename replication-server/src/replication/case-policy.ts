import { canonicalJson } from '../../../src/domain/canonical-json';
import { type Case, caseEventSchema, caseSchema } from '../../../src/domain/case/case.schema';
import { mergeCase } from '../../../src/domain/conflict/three-way-merge';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import { handlesCases } from '../../../src/domain/organisation/organisation.schema';
import type { Principal } from '../auth/principal';
import type { PushDecision, PushMerger, PushPolicy, ReplicatedDocument } from '../store/store';
import { checkStatusChange } from './case-status';
import type { ItemKindLookup } from './item-kinds';
import { schemaCheck } from './schema-check';
import { caseTags, inCaseScope } from './scope';

export const checkCase = schemaCheck(caseSchema, { zh: '办件', en: 'case' });
const checkCaseEvent = schemaCheck(caseEventSchema, { zh: '办件记录', en: 'case event' });

const reject = (zh: string, en: string): PushDecision => ({ ok: false, reason: { zh, en } });
const rejectWith = (reason: LocalizedMessage): PushDecision => ({ ok: false, reason });
const ONLY_LOOKS = reject(
  '督查人员只查看统计，不办理办件',
  'Supervisors view the figures and handle no cases',
);

/**
 * Rules for pushed cases. Scope comes from the token: a clerk creates cases only at its own station and changes
 * only cases accepted at or delivered to it; an approver changes only its department's cases and creates none.
 * Where a case was accepted and which department handles it are facts a client cannot rewrite.
 */
export function casePolicy(principal: Principal, itemKindOf: ItemKindLookup): PushPolicy {
  return {
    merger: caseMerger,
    decide({ row, master }) {
      const next = row.newDocumentState;
      const schemaProblem = checkCase(next);
      if (schemaProblem !== undefined) return rejectWith(schemaProblem);
      if (!handlesCases(principal.role)) return ONLY_LOOKS;
      const nextCase = next as unknown as Case;
      const masterCase = master?.document as unknown as Case | undefined;

      if (master === undefined) {
        if (principal.role === 'approver')
          return reject('审批人员不能新建办件', 'Approvers cannot create cases');
        if (principal.role === 'clerk' && nextCase.acceptedAtStation !== principal.stationId) {
          return reject(
            `只能在本站（${principal.stationId ?? '—'}）受理办件`,
            `Cases can only be created at your own station (${principal.stationId ?? '—'})`,
          );
        }
      } else {
        if (!inCaseScope(principal, master.tags)) {
          return reject(
            '无权修改不属于本站或本部门的办件',
            'This case belongs to another station or department',
          );
        }
        if (nextCase.acceptedAtStation !== masterCase!.acceptedAtStation) {
          return reject('受理站点不能更改', 'The accepting station of a case cannot change');
        }
        if (nextCase.handlingDepartment !== masterCase!.handlingDepartment && principal.role !== 'admin') {
          return reject(
            '只有管理员可以更改承办部门',
            'Only an administrator can change the handling department',
          );
        }
      }

      if (canonicalJson(openConflictIdsOf(next)) !== canonicalJson(openConflictIdsOf(master?.document))) {
        return reject(
          '冲突标记只能由管理员解决冲突时清除',
          'The conflict mark of a case is cleared only by an administrator resolving the conflict',
        );
      }
      if (
        next._deleted &&
        principal.role !== 'admin' &&
        (masterCase?.status ?? nextCase.status) !== 'draft'
      ) {
        return reject('只能删除草稿办件', 'Only draft cases can be deleted');
      }
      const statusChange = checkStatusChange(
        masterCase?.status ?? 'draft',
        nextCase.status,
        principal.role,
        itemKindOf(nextCase.catalogVersion, nextCase.itemCode),
      );
      if (!statusChange.ok) return rejectWith(statusChange.error);
      return { ok: true, tags: caseTags(nextCase) };
    },
  };
}

export function openConflictIdsOf(document: ReplicatedDocument | undefined): readonly string[] {
  const ids = document?.['openConflictIds'];
  return Array.isArray(ids) ? (ids as string[]) : [];
}

const asCase = (document: ReplicatedDocument): Case => document as unknown as Case;

/** A stale case push is merged three-way (mergeCase); a case with an open conflict carries its id. */
export const caseMerger: PushMerger = {
  merge(base, master, pushed, options = {}) {
    const { merged, autoMerged, conflicts } = mergeCase(asCase(base), asCase(master), asCase(pushed), {
      statusMoves: options.cautious === true ? 'conflict' : 'order',
    });
    return { document: merged as unknown as ReplicatedDocument, autoMerged, conflicts };
  },
  markConflicted: (document, conflictId) => ({
    ...document,
    openConflictIds: [...openConflictIdsOf(document), conflictId],
  }),
  subjectOf(document) {
    const { acceptedAtStation, deliveryStation, itemCode } = asCase(document);
    return { stations: [...new Set([acceptedAtStation, deliveryStation])], item: itemCode };
  },
  writerOf(document) {
    const { updatedBy, deviceId, updatedAt } = asCase(document);
    return {
      ...(updatedBy === undefined ? {} : { staffId: updatedBy }),
      ...(deviceId === undefined ? {} : { deviceId }),
      at: updatedAt,
    };
  },
};

/**
 * Rules for pushed case events: append-only records of what the caller did, so the actor must be the caller, and
 * the event must concern a case in the caller's scope. A clerk's event may arrive before its case (the two
 * collections replicate independently); it is kept, hidden, until the case arrives and lends it its read tags.
 */
export function caseEventPolicy(principal: Principal): PushPolicy {
  return {
    parentOf: (document: ReplicatedDocument) =>
      typeof document['caseId'] === 'string' ? { collection: 'cases', id: document['caseId'] } : undefined,
    decide({ row, master, parent }) {
      const next = row.newDocumentState;
      const schemaProblem = checkCaseEvent(next);
      if (schemaProblem !== undefined) return rejectWith(schemaProblem);
      if (!handlesCases(principal.role)) return ONLY_LOOKS;
      if (master !== undefined || next._deleted) {
        return reject(
          '办件记录只能新增，不能修改或删除',
          'Case events can only be added, never changed or deleted',
        );
      }
      if (next['actorId'] !== principal.staffId || next['actorRole'] !== principal.role) {
        return reject(
          '办件记录的经办人必须是当前登录人员',
          'A case event must name the signed-in staff member as actor',
        );
      }
      if (principal.role === 'clerk' && next['stationId'] !== principal.stationId) {
        return reject(
          `只能记录本站（${principal.stationId ?? '—'}）的办件操作`,
          `Case events can only be recorded for your own station (${principal.stationId ?? '—'})`,
        );
      }
      if (parent === undefined) {
        if (principal.role === 'approver')
          return reject('找不到对应的办件', 'The case of this event does not exist');
        return { ok: true, tags: [] };
      }
      if (!inCaseScope(principal, parent.tags)) {
        return reject(
          '无权记录不属于本站或本部门的办件',
          'This case belongs to another station or department',
        );
      }
      return { ok: true, tags: parent.tags };
    },
  };
}
