import type { CaseStatus } from '../../../src/domain/case/case.schema';
import { CASE_STATUSES } from '../../../src/domain/case/case.schema';
import { checkTransition, type ItemKind } from '../../../src/domain/case/case-state-machine';
import { type Validation, valid } from '../../../src/domain/localized-message';
import type { Role } from '../../../src/domain/organisation/organisation.schema';

/**
 * Whether `role` can have moved a case from `from` to `to` through steps the state machine allows. A tablet that
 * was offline for days pushes only the latest state (e.g. accepted → approved → delivered for an instant item),
 * so the server accepts any chain of permitted transitions, each checked by checkTransition. When the item kind
 * is unknown (a catalog the server does not have), the client's own kind check is trusted, as checkTransition does.
 */
export function checkStatusChange(
  from: CaseStatus,
  to: CaseStatus,
  role: Role,
  itemKind: ItemKind | undefined,
): Validation<void> {
  const opts = itemKind === undefined ? {} : { itemKind };
  const direct = checkTransition(from, to, role, opts);
  if (direct.ok) return valid(undefined);
  const reached = new Set<CaseStatus>([from]);
  const frontier: CaseStatus[] = [from];
  while (frontier.length > 0) {
    const status = frontier.shift()!;
    for (const next of CASE_STATUSES) {
      if (reached.has(next) || !checkTransition(status, next, role, opts).ok) continue;
      if (next === to) return valid(undefined);
      reached.add(next);
      frontier.push(next);
    }
  }
  return direct;
}
