import { map, type Observable } from 'rxjs';
import type { CaseEvent } from '../domain/case/case.schema';
import type { JinbanDatabase } from './db';
import { withStorageFullMapping } from './storage-errors';

/** The case history is append-only: there is deliberately no way to change or remove an event. */
export interface CaseEventRepository {
  /** A case's events, oldest first. */
  observeEvents(caseId: string): Observable<CaseEvent[]>;
  /** Appends an event; appending the same event id again changes nothing, so a retried action is safe. */
  appendEvent(event: CaseEvent): Promise<void>;
}

export function createCaseEventRepository(db: JinbanDatabase): CaseEventRepository {
  const events = db.case_events;
  return {
    observeEvents: (caseId) =>
      events
        .find({ selector: { caseId }, sort: [{ caseId: 'asc' }, { at: 'asc' }, { id: 'asc' }] })
        .$.pipe(map((docs) => docs.map((doc) => doc.toMutableJSON()))),

    appendEvent: async (event) => {
      await withStorageFullMapping(() => events.insertIfNotExists(event));
    },
  };
}
