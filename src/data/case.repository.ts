import {
  type MangoQuery,
  type MangoQuerySelector,
  normalizeMangoQuery,
  type PreparedQuery,
  prepareQuery,
  type RxDocument,
  type RxDocumentData,
  type RxJsonSchema,
} from 'rxdb';
import { map, type Observable } from 'rxjs';
import { canonicalJson } from '../domain/canonical-json';
import type { Case, CaseEvent, CaseStatus, Channel } from '../domain/case/case.schema';
import { rebaseCase } from '../domain/conflict/three-way-merge';
import type { LocalizedMessage } from '../domain/localized-message';
import type { CaseEventRepository } from './case-event.repository';
import type { JinbanDatabase } from './db';
import { insertOrModify } from './document-writes';
import { withStorageFullMapping } from './storage-errors';

export const DEFAULT_PAGE_SIZE = 50;

/**
 * What a case list shows. All filters are optional and combine with AND. Results are newest first (by createdAt)
 * unless `order` is 'due-first', which lists the nearest deadline first for the traffic-light views.
 */
export interface CaseListQuery {
  /** The station that accepted the cases. */
  readonly stationId?: string;
  readonly status?: CaseStatus | readonly CaseStatus[];
  readonly itemCode?: string;
  readonly channel?: Channel;
  /**
   * The sub-cases of a 一件事 parent case. Like `caseNo` and `dueOn` it is optional, so no index holds it: it is
   * matched while reading the range the other filters select; give the parent's station to keep that range small.
   */
  readonly parentCaseId?: string;
  /**
   * Matched against the applicant's name (any part), the applicant's ID number (exact, ignoring the case of a
   * trailing x) and the case number (exact).
   */
  readonly search?: string;
  /**
   * Inclusive ISO-date bounds on `dueOn`. The UI turns a traffic light into bounds with deadline.ts and the
   * working-day calendar (e.g. red = due before today); cases without a due date never match.
   */
  readonly dueOn?: { readonly from?: string; readonly to?: string };
  readonly order?: 'newest' | 'due-first';
  /** Page size; defaults to DEFAULT_PAGE_SIZE so a list of 50,000 cases only ever holds one page. */
  readonly limit?: number;
  readonly skip?: number;
}

export interface CaseRepository {
  /** One page of cases matching the query; emits again whenever a case on or entering the page changes. */
  observeCases(query: CaseListQuery): Observable<Case[]>;
  /** How many cases match the query, ignoring paging. */
  observeCaseCount(query: CaseListQuery): Observable<number>;
  countCases(query: CaseListQuery): Promise<number>;
  observeCase(id: string): Observable<Case | undefined>;
  getCase(id: string): Promise<Case | undefined>;
  /** Every case on the device, a page at a time in id order: for reports and exports that must not hold them all. */
  casesInPages(pageSize: number): AsyncGenerator<Case[]>;
  createCase(newCase: Case): Promise<Case>;
  /**
   * Applies `mutate` to the latest stored version of the case. If another write lands first, RxDB reruns `mutate`
   * on the newer version instead of overwriting it.
   */
  updateCase(id: string, mutate: (current: Case) => Case): Promise<Case>;
  /** Stores a draft as the clerk types; refuses to overwrite a case that has left the draft state meanwhile. */
  saveDraft(draft: Case): Promise<Case>;
  /**
   * Writes a changed case together with the event that records the change; see the implementation for retries.
   * `base` is the version the change was computed from: if another write (e.g. a pulled change) replaced it
   * meanwhile, the change is replayed onto the stored version (rebaseCase) instead of overwriting it.
   */
  recordCaseChange(next: Case, event: CaseEvent, base?: Case): Promise<void>;
  /** Stores a material photo or scan on the case; the material lists the attachment id. */
  putAttachment(caseId: string, attachmentId: string, data: Blob, type: string): Promise<void>;
  getAttachment(caseId: string, attachmentId: string): Promise<Blob | undefined>;
}

// A resident ID (18 characters, the last may be X; or the old 15 digits) cannot be a name, so it is looked up
// through the ID-number index alone instead of scanning for name matches.
const RESIDENT_ID = /^(\d{17}[\dXx]|\d{15})$/;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function caseListSelector(query: CaseListQuery): MangoQuerySelector<Case> {
  const selector: MangoQuerySelector<Case> = {};
  if (query.stationId !== undefined) {
    selector.acceptedAtStation = { $eq: query.stationId };
  }
  if (typeof query.status === 'string') {
    selector.status = { $eq: query.status };
  } else if (query.status !== undefined) {
    selector.status = { $in: [...query.status] };
  }
  if (query.itemCode !== undefined) {
    selector.itemCode = { $eq: query.itemCode };
  }
  if (query.channel !== undefined) {
    selector.channel = { $eq: query.channel };
  }
  if (query.parentCaseId !== undefined) {
    selector.parentCaseId = { $eq: query.parentCaseId };
  }
  if (query.dueOn !== undefined) {
    selector.dueOn = {
      ...(query.dueOn.from === undefined ? { $exists: true } : { $gte: query.dueOn.from }),
      ...(query.dueOn.to === undefined ? {} : { $lte: query.dueOn.to }),
    };
  }
  const search = query.search?.trim() ?? '';
  if (RESIDENT_ID.test(search)) {
    selector['applicant.idNumber'] = { $eq: search.toUpperCase() };
  } else if (search !== '') {
    selector.$or = [
      { 'applicant.name': { $regex: escapeRegExp(search) } },
      { 'applicant.idNumber': { $in: [search, search.toUpperCase()] } },
      { caseNo: { $eq: search } },
    ];
  }
  return selector;
}

export function caseListQuery(query: CaseListQuery): MangoQuery<Case> {
  return {
    selector: caseListSelector(query),
    sort:
      query.order === 'due-first'
        ? [{ dueOn: 'asc' }, { id: 'asc' }]
        : [{ createdAt: 'desc' }, { id: 'desc' }],
    limit: query.limit ?? DEFAULT_PAGE_SIZE,
    skip: query.skip ?? 0,
  };
}

/**
 * One page of every case, after the given id, read through Dexie's ['_deleted', 'id'] index so that each page stops
 * after `pageSize` documents. RxDB's query planner does not know that index and, left alone, reads an id range through
 * ['_deleted', 'applicant.idNumber', 'createdAt', 'id'] — every case, sorted in memory, for every page: at 50,000
 * cases the dashboard took minutes instead of seconds. Its development checks refuse to name an index the schema does
 * not list, so the page is read from the storage, which also spares building an RxDocument per case.
 */
function casePageQuery(afterId: string, pageSize: number): MangoQuery<RxDocumentData<Case>> {
  return {
    selector: { id: { $gt: afterId }, _deleted: { $eq: false } },
    sort: [{ id: 'asc' }],
    limit: pageSize,
    index: ['_deleted', 'id'],
  };
}

export const preparedCasePage = (
  schema: RxJsonSchema<RxDocumentData<Case>>,
  afterId: string,
  pageSize: number,
): PreparedQuery<Case> => prepareQuery(schema, normalizeMangoQuery(schema, casePageQuery(afterId, pageSize)));

const withoutStorageFields = ({
  _meta,
  _rev,
  _deleted,
  _attachments,
  ...stored
}: RxDocumentData<Case>): Case => stored as Case;

/** The case changed on this device (e.g. a pulled change) in a field the command changed too, while it ran. */
export class CaseChangedMeanwhileError extends Error {
  readonly localizedMessage: LocalizedMessage = {
    zh: '办件刚被他人修改，请核对最新内容后重试',
    en: 'The case was just changed elsewhere; check its latest details and try again',
  };

  constructor(readonly caseId: string) {
    super(`Case ${caseId} changed while a command on it ran`);
  }
}

export const ACTION_NOT_APPLIED_EVENT = 'case.action-not-applied';

/**
 * Follows an event whose case write was refused because the case changed meanwhile. Its id derives from the refused
 * event's, so a retried command appends it once.
 */
const notAppliedEvent = (refused: CaseEvent): CaseEvent => {
  const { fromStatus: _from, toStatus: _to, note: _note, ...rest } = refused;
  return {
    ...rest,
    id: `${refused.id.slice(0, 32)}-void`,
    type: ACTION_NOT_APPLIED_EVENT,
    at: new Date().toISOString(),
  };
};

/** RxDB's own fields (`_rev`, `_meta`, `_attachments`) say nothing about the case's content. */
const withoutLocalFields = (c: Case): Case =>
  Object.fromEntries(Object.entries(c).filter(([key]) => !key.startsWith('_'))) as unknown as Case;

const sameCase = (a: Case, b: Case): boolean =>
  canonicalJson(withoutLocalFields(a)) === canonicalJson(withoutLocalFields(b));

const toCase = (doc: RxDocument<Case> | null): Case | undefined => doc?.toMutableJSON();

export function createCaseRepository(db: JinbanDatabase, events: CaseEventRepository): CaseRepository {
  const cases = db.cases;

  const findDocument = async (id: string): Promise<RxDocument<Case>> => {
    const doc = await cases.findOne(id).exec();
    if (!doc) {
      throw new Error(`Case ${id} does not exist on this device`);
    }
    return doc;
  };

  return {
    observeCases: (query) =>
      cases.find(caseListQuery(query)).$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON()))),

    observeCaseCount: (query) => cases.count({ selector: caseListSelector(query) }).$,

    countCases: (query) => cases.count({ selector: caseListSelector(query) }).exec(),

    observeCase: (id) => cases.findOne(id).$.pipe(map(toCase)),

    getCase: async (id) => toCase(await cases.findOne(id).exec()),

    casesInPages: async function* (pageSize) {
      let afterId = '';
      for (;;) {
        const query = preparedCasePage(cases.schema.jsonSchema, afterId, pageSize);
        const { documents: page } = await cases.storageInstance.query(query);
        if (page.length > 0) yield page.map(withoutStorageFields);
        const last = page[page.length - 1];
        if (last === undefined || page.length < pageSize) return;
        afterId = last.id;
      }
    },

    createCase: (newCase) =>
      withStorageFullMapping(async () => (await cases.insert(newCase)).toMutableJSON()),

    updateCase: (id, mutate) =>
      withStorageFullMapping(async () => {
        const doc = await findDocument(id);
        const updated = await doc.incrementalModify(({ _deleted, ...current }) => ({
          ...mutate(current as Case),
          _deleted,
        }));
        return updated.toMutableJSON();
      }),

    saveDraft: (draft) => {
      if (draft.status !== 'draft') {
        return Promise.reject(new Error(`saveDraft got case ${draft.id} in status ${draft.status}`));
      }
      return withStorageFullMapping(() =>
        insertOrModify(cases, draft.id, draft, (stored) => {
          if (stored.status !== 'draft') {
            throw new Error(`Case ${draft.id} is no longer a draft (${stored.status})`);
          }
          return draft;
        }),
      );
    },

    /**
     * "Each action writes the case and an event together", but RxDB has no transaction across collections. So the
     * event is written first and the case second:
     * - a crash after the event and before the case leaves a recorded action whose effect is missing, never a case
     *   change without its audit event;
     * - the caller retries the same action with the same event id: appending an existing event is a no-op and the
     *   case write stores the same `next` again, so any number of retries converges on one event and one case state.
     * The command read its case before it awaited the catalog, the calendar and the device, and replication may have
     * stored a newer version since: that version is rebased onto, never overwritten, or someone else's edit would be
     * gone from this device and, after the next push, from the server, with no conflict to show for it. When both
     * changed the same field the change is refused (CaseChangedMeanwhileError): the clerk decided on a value that is
     * no longer there. The check runs before the event is written, so a refusal usually leaves no trace; and again
     * inside the case write, which RxDB reruns on whatever version is stored by then. A refusal there, after the
     * event, appends a second event saying the action did not take effect: the timeline stays true and append-only.
     */
    recordCaseChange: async (next, event, base) => {
      if (event.caseId !== next.id) {
        throw new Error(`Event ${event.id} belongs to case ${event.caseId}, not ${next.id}`);
      }
      const rebased = (stored: Case): Case => {
        if (base === undefined || sameCase(stored, base) || sameCase(stored, next)) return next;
        const rebase = rebaseCase(withoutLocalFields(base), withoutLocalFields(stored), next);
        if (rebase.conflicts.length > 0) throw new CaseChangedMeanwhileError(next.id);
        return rebase.rebased;
      };
      const stored = toCase(await cases.findOne(next.id).exec());
      if (stored !== undefined) rebased(stored);
      await events.appendEvent(event);
      try {
        await withStorageFullMapping(() => insertOrModify(cases, next.id, next, rebased));
      } catch (error) {
        if (error instanceof CaseChangedMeanwhileError) await events.appendEvent(notAppliedEvent(event));
        throw error;
      }
    },

    putAttachment: async (caseId, attachmentId, data, type) => {
      const doc = await findDocument(caseId);
      await withStorageFullMapping(() => doc.putAttachment({ id: attachmentId, data, type }));
    },

    getAttachment: async (caseId, attachmentId) => {
      const attachment = (await findDocument(caseId)).getAttachment(attachmentId);
      return attachment ? attachment.getData() : undefined;
    },
  };
}
