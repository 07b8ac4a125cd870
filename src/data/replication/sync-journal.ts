import type { RxLocalDocument } from 'rxdb';
import { distinctUntilChanged, map, type Observable } from 'rxjs';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { JinbanDatabase } from '../db';
import { withStorageFullMapping } from '../storage-errors';

/** A local change the server refused for good; the clerk has to look at the document. */
export interface RejectedChange {
  readonly collection: string;
  readonly id: string;
  readonly reason: LocalizedMessage;
}

/** What replication remembers across restarts (and shares between tabs): refusals and the last good sync. */
export interface SyncJournalState {
  readonly rejected: readonly RejectedChange[];
  readonly lastSyncedAt?: string;
}

export interface SyncJournal {
  observe(): Observable<SyncJournalState>;
  /**
   * Records what one push of `collection` taught: `rejected` rows need attention; `accepted` ids went through (or
   * came back as conflicts the conflict handler resolves), so an earlier refusal of them is settled.
   */
  recordPush(
    collection: string,
    rejected: readonly RejectedChange[],
    accepted: readonly string[],
  ): Promise<void>;
  recordSynced(at: string): Promise<void>;
}

const JOURNAL_DOCUMENT_ID = 'sync-journal';
const EMPTY: SyncJournalState = { rejected: [] };

type JournalDocument = RxLocalDocument<JinbanDatabase, SyncJournalState>;

export function createSyncJournal(db: JinbanDatabase): SyncJournal {
  const journalDocument = async (): Promise<JournalDocument> => {
    const existing = await db.getLocal<SyncJournalState>(JOURNAL_DOCUMENT_ID);
    if (existing) return existing;
    try {
      return await withStorageFullMapping(() => db.insertLocal<SyncJournalState>(JOURNAL_DOCUMENT_ID, EMPTY));
    } catch (error) {
      // Another tab created it first.
      const winner = await db.getLocal<SyncJournalState>(JOURNAL_DOCUMENT_ID);
      if (!winner) throw error;
      return winner;
    }
  };

  const modify = async (change: (state: SyncJournalState) => SyncJournalState): Promise<void> => {
    const doc = await journalDocument();
    await withStorageFullMapping(() => doc.incrementalModify(change));
  };

  return {
    observe: () =>
      db.getLocal$<SyncJournalState>(JOURNAL_DOCUMENT_ID).pipe(
        map((doc) => (doc ? doc.toJSON().data : EMPTY)),
        distinctUntilChanged(),
      ),

    recordPush: async (collection, rejected, accepted) => {
      const touched = new Set([...accepted, ...rejected.map((change) => change.id)]);
      const untouched = (change: RejectedChange) =>
        change.collection !== collection || !touched.has(change.id);
      const current = (await journalDocument()).toJSON().data;
      if (rejected.length === 0 && current.rejected.every(untouched)) return;
      await modify((state) => ({ ...state, rejected: [...state.rejected.filter(untouched), ...rejected] }));
    },

    recordSynced: (at) => modify((state) => ({ ...state, lastSyncedAt: at })),
  };
}
