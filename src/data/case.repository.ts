import type { MangoQuery, MangoQuerySelector, RxDocument } from 'rxdb';
import { map, type Observable } from 'rxjs';
import type { Case, CaseEvent, CaseStatus, Channel } from '../domain/case/case.schema';
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
  createCase(newCase: Case): Promise<Case>;
  /**
   * Applies `mutate` to the latest stored version of the case. If another write lands first, RxDB reruns `mutate`
   * on the newer version instead of overwriting it.
   */
  updateCase(id: string, mutate: (current: Case) => Case): Promise<Case>;
  /** Stores a draft as the clerk types; refuses to overwrite a case that has left the draft state meanwhile. */
  saveDraft(draft: Case): Promise<Case>;
  /** Writes a changed case together with the event that records the change; see the implementation for retries. */
  recordCaseChange(next: Case, event: CaseEvent): Promise<void>;
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
     */
    recordCaseChange: async (next, event) => {
      if (event.caseId !== next.id) {
        throw new Error(`Event ${event.id} belongs to case ${event.caseId}, not ${next.id}`);
      }
      await events.appendEvent(event);
      await withStorageFullMapping(() => insertOrModify(cases, next.id, next, () => next));
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
