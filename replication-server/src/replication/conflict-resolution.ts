import type { CaseEvent } from '../../../src/domain/case/case.schema';
import { withValueAt } from '../../../src/domain/conflict/field-path';
import type { LocalizedMessage } from '../../../src/domain/localized-message';
import type { Principal } from '../auth/principal';
import type { ConflictResolver, ReplicatedDocument, ResolutionPlan, ResolvedField } from '../store/store';
import { checkCase, openConflictIdsOf } from './case-policy';

/** Per conflicting field: keep the master's value, take the pushed one, or a value the administrator typed. */
export type FieldChoice = { readonly choose: 'ours' | 'theirs' } | { readonly value: unknown };

export interface ResolveRequest {
  readonly fields: Readonly<Record<string, FieldChoice>>;
  readonly comment: string;
}

export interface ResolutionContext {
  readonly principal: Principal;
  readonly deviceId: string;
  readonly now: string;
  readonly eventId: string;
  readonly auditId: string;
}

const refuse = (zh: string, en: string): ResolutionPlan => ({ ok: false, reason: { zh, en } });

export const CONFLICT_RESOLVED_EVENT = 'case.conflict-resolved';

/**
 * Resolves a case conflict: every conflicting field must be decided, nothing else may be. The decisions are
 * applied to the current master (which may have moved on since the conflict), the conflict's mark is taken off,
 * and the new revision is stamped as the administrator's. A case event puts the resolution on the case's
 * timeline and replicates to every station that sees the case; the audit entry records who decided what.
 */
export function caseConflictResolver(request: ResolveRequest, context: ResolutionContext): ConflictResolver {
  return (conflict, master) => {
    if (conflict.collection !== 'cases') {
      return refuse('只能解决办件的冲突', 'Only conflicts of cases can be resolved here');
    }
    const paths = new Set(conflict.fields.map((field) => field.path));
    const unknown = Object.keys(request.fields).filter((path) => !paths.has(path));
    if (unknown.length > 0) {
      return refuse(
        `这些字段没有冲突：${unknown.join('、')}`,
        `These fields are not in conflict: ${unknown.join(', ')}`,
      );
    }
    const undecided = [...paths].filter((path) => request.fields[path] === undefined);
    if (undecided.length > 0) {
      return refuse(
        `还有冲突字段未决定：${undecided.join('、')}`,
        `Conflicting fields still undecided: ${undecided.join(', ')}`,
      );
    }

    const decided: ResolvedField[] = conflict.fields.map((field) => {
      const choice = request.fields[field.path]!;
      if ('choose' in choice) {
        const value = choice.choose === 'ours' ? field.ours : field.theirs;
        return { path: field.path, segments: field.segments, choice: choice.choose, value };
      }
      return { path: field.path, segments: field.segments, choice: 'value', value: choice.value };
    });

    let document: ReplicatedDocument = master.document;
    for (const field of decided) document = withValueAt(document, field.segments, field.value);
    const remaining = openConflictIdsOf(document).filter((id) => id !== conflict.id);
    const { openConflictIds: _resolved, ...unmarked } = document;
    document = {
      ...unmarked,
      ...(remaining.length === 0 ? {} : { openConflictIds: remaining }),
      id: master.id,
      updatedAt: context.now,
      updatedBy: context.principal.staffId,
      deviceId: context.deviceId,
    };
    const problem: LocalizedMessage | undefined = checkCase(document);
    if (problem !== undefined) return { ok: false, reason: problem };

    const fromStatus = master.document['status'] as CaseEvent['toStatus'];
    const toStatus = document['status'] as CaseEvent['toStatus'];
    const event: CaseEvent & ReplicatedDocument = {
      id: context.eventId,
      caseId: master.id,
      type: CONFLICT_RESOLVED_EVENT,
      ...(fromStatus === toStatus ? {} : { fromStatus, toStatus }),
      at: context.now,
      actorId: context.principal.staffId,
      actorName: context.principal.name,
      actorRole: 'admin',
      deviceId: context.deviceId,
      stationId: context.principal.stationId ?? '',
      note: request.comment,
      _deleted: false,
    };
    const resolution = {
      fields: decided,
      comment: request.comment,
      resolvedBy: context.principal.staffId,
      resolvedAt: context.now,
    };
    return {
      ok: true,
      document,
      children: [{ collection: 'case_events', document: event }],
      resolution,
      audit: {
        id: context.auditId,
        at: context.now,
        staffId: context.principal.staffId,
        action: 'conflict.resolve',
        subject: conflict.id,
        detail: {
          collection: conflict.collection,
          documentId: conflict.documentId,
          fields: decided.map(({ path, choice }) => ({ path, choice })),
          comment: request.comment,
        },
      },
    };
  };
}
