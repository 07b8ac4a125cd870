import type { Principal } from '../auth/principal';
import type { Scope } from '../store/store';

/** Read tags: a case is visible to its acceptance and delivery stations (就近办) and to its handling department. */
export const stationTag = (stationId: string): string => `station:${stationId}`;
export const departmentTag = (departmentCode: string): string => `department:${departmentCode}`;

export interface CaseRouting {
  readonly acceptedAtStation: string;
  readonly deliveryStation: string;
  readonly handlingDepartment: string;
}

export const caseTags = (routing: CaseRouting): string[] => [
  stationTag(routing.acceptedAtStation),
  stationTag(routing.deliveryStation),
  departmentTag(routing.handlingDepartment),
];

/** The tags of the cases a caller may read, from the token alone; admin reads everything. */
export function caseScopeOf(principal: Principal): Scope {
  if (principal.role === 'admin') return { all: true };
  if (principal.role === 'clerk' && principal.stationId !== undefined) {
    return { tags: [stationTag(principal.stationId)] };
  }
  if (principal.role === 'approver' && principal.departmentCode !== undefined) {
    return { tags: [departmentTag(principal.departmentCode)] };
  }
  return { tags: [] };
}

export function inCaseScope(principal: Principal, tags: readonly string[]): boolean {
  const scope = caseScopeOf(principal);
  return scope.all === true || scope.tags.some((tag) => tags.includes(tag));
}
