/**
 * The app's addresses. Routes live in the URL fragment (#/catalog/item/…): the server and the service worker
 * only ever serve index.html at /, so a route works offline, after a reload and when opened from a bookmark.
 */

export const DEFAULT_PATH = '/catalog';

export interface HashLocation {
  /** Path matched against the route table, e.g. /catalog/item/ABC-001. */
  readonly path: string;
  readonly search: URLSearchParams;
}

export function parseHash(hash: string): HashLocation {
  const fragment = hash.replace(/^#/, '');
  const queryStart = fragment.indexOf('?');
  const path = queryStart === -1 ? fragment : fragment.slice(0, queryStart);
  const query = queryStart === -1 ? '' : fragment.slice(queryStart + 1);
  return { path: path === '' ? DEFAULT_PATH : path, search: new URLSearchParams(query) };
}

export function catalogHref(query = ''): string {
  return query === '' ? `#${DEFAULT_PATH}` : `#${DEFAULT_PATH}?${new URLSearchParams({ q: query })}`;
}

export const itemHref = (code: string): string => `#/catalog/item/${encodeURIComponent(code)}`;

export const bundleHref = (code: string): string => `#/catalog/bundle/${encodeURIComponent(code)}`;

/** Where a new case for an item or a 一件事 starts: the channel picker and the drafts. */
export const newIntakeHref = (target: { readonly kind: 'item' | 'bundle'; readonly code: string }): string =>
  `#/intake/new?${new URLSearchParams({ [target.kind]: target.code })}`;

/** The draft list, without a target to start. */
export const intakeDraftsHref = (): string => '#/intake/new';

export const intakeHref = (draftId: string): string => `#/intake/${encodeURIComponent(draftId)}`;

export const receiptHref = (caseId: string): string => `#/intake/${encodeURIComponent(caseId)}/receipt`;

export const CASES_PATH = '/cases';

export const SIGN_IN_PATH = '/sign-in';

export const casesHref = (): string => `#${CASES_PATH}`;

export const DASHBOARD_PATH = '/dashboard';

export const dashboardHref = (): string => `#${DASHBOARD_PATH}`;

export const CONFLICTS_PATH = '/admin/conflicts';

export const SYNC_MONITOR_PATH = '/admin/sync';

/** The conflict queue, with the filters it was left with. */
export const conflictsHref = (filters: Readonly<Record<string, string>> = {}): string => {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''));
  return query.toString() === '' ? `#${CONFLICTS_PATH}` : `#${CONFLICTS_PATH}?${query}`;
};

export const conflictHref = (conflictId: string): string =>
  `#${CONFLICTS_PATH}/${encodeURIComponent(conflictId)}`;

export const syncMonitorHref = (): string => `#${SYNC_MONITOR_PATH}`;

/** The administrator's pages: the conflict queue, one conflict, the sync monitor. */
export const isAdminPath = (path: string): boolean => path.startsWith('/admin/');

export const caseHref = (caseId: string): string => `#${CASES_PATH}/${encodeURIComponent(caseId)}`;

/** The sign-in page; `next` is the address to return to once signed in. */
export const signInHref = (next?: string): string =>
  next === undefined || next === ''
    ? `#${SIGN_IN_PATH}`
    : `#${SIGN_IN_PATH}?${new URLSearchParams({ next })}`;

/** The catalog is reference information anyone may read; every other page acts as a signed-in member of staff. */
export const needsSignIn = (path: string): boolean =>
  !(path === DEFAULT_PATH || path.startsWith(`${DEFAULT_PATH}/`) || path === SIGN_IN_PATH);

/** Only an address inside the app may be a return target, never another site. */
export const safeReturnHref = (next: string | null): string => (next?.startsWith('#/') ? next : casesHref());
