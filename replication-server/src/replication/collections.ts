import type { Principal } from '../auth/principal';
import type { PushPolicy, Scope } from '../store/store';
import { caseEventPolicy, casePolicy } from './case-policy';
import type { ItemKindLookup } from './item-kinds';
import { calendarPolicy, catalogPolicy, stationPolicy } from './reference-policies';
import { caseScopeOf } from './scope';

export const REPLICATED_COLLECTIONS = ['cases', 'case_events', 'catalogs', 'calendars', 'stations'] as const;
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

export interface CollectionRules {
  /** Only administrators push to a read-only collection. */
  readonly readOnly: boolean;
  scopeFor(principal: Principal): Scope;
  policyFor(principal: Principal, itemKindOf: ItemKindLookup): PushPolicy;
}

const EVERYTHING: Scope = { all: true };

export const COLLECTION_RULES: Readonly<Record<ReplicatedCollection, CollectionRules>> = {
  cases: { readOnly: false, scopeFor: caseScopeOf, policyFor: casePolicy },
  // Events carry their case's read tags, so the case scope selects them too.
  case_events: { readOnly: false, scopeFor: caseScopeOf, policyFor: caseEventPolicy },
  catalogs: { readOnly: true, scopeFor: () => EVERYTHING, policyFor: catalogPolicy },
  calendars: { readOnly: true, scopeFor: () => EVERYTHING, policyFor: calendarPolicy },
  stations: { readOnly: true, scopeFor: () => EVERYTHING, policyFor: stationPolicy },
};

export const isReplicatedCollection = (name: string): name is ReplicatedCollection =>
  (REPLICATED_COLLECTIONS as readonly string[]).includes(name);
