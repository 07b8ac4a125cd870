import type { Case } from '../../domain/case/case.schema';
import type { IntakeTarget } from '../../domain/case/case-workflow';
import type { Bundle, Catalog, ServiceItem } from '../../domain/catalog/catalog.schema';

/** The catalog entry an intake is for: a service item or a 一件事; undefined if the catalog lacks it. */
export const targetEntry = (catalog: Catalog, target: IntakeTarget): ServiceItem | Bundle | undefined =>
  target.kind === 'item'
    ? catalog.items.find((item) => item.code === target.code)
    : catalog.bundles.find((bundle) => bundle.code === target.code);

/** What a case was applied for: its 一件事 if it has one, else its item. */
export const caseTarget = (c: Case): IntakeTarget =>
  c.bundleCode === undefined ? { kind: 'item', code: c.itemCode } : { kind: 'bundle', code: c.bundleCode };

/** Reads the target of `#/intake/new?item=CODE` or `?bundle=CODE`. */
export function targetFromSearch(search: URLSearchParams): IntakeTarget | undefined {
  const bundle = search.get('bundle');
  if (bundle !== null && bundle !== '') return { kind: 'bundle', code: bundle };
  const item = search.get('item');
  if (item !== null && item !== '') return { kind: 'item', code: item };
  return undefined;
}
