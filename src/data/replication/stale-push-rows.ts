import {
  type RxCollection,
  type RxReplicationWriteToMasterRow,
  type WithDeleted,
  writeDocToDocState,
} from 'rxdb';
import { filter, type Subscription } from 'rxjs';

export interface PushRowsSplit<T> {
  /** Rows whose document is what the device stores now: these go to the server. */
  readonly current: RxReplicationWriteToMasterRow<T>[];
  /** The stored versions of the documents whose rows were stale, as conflict answers for RxDB. */
  readonly staleAnswers: WithDeleted<T>[];
}

/**
 * How RxDB's replication labels its own writes into a collection: pulled pages ('replication-downstream-…') and
 * adopted push answers ('replication-up-write-conflict').
 */
const REPLICATION_WRITE_CONTEXT = 'replication-';

/**
 * RxDB's upstream pushes a snapshot of a document, taken when it saw the write (or when its resync read the
 * collection), together with the assumed master state, which it reads later, just before the push. A pulled version
 * stored in between (RxDB writes the document first and the assumed master second) turns the row into a claim that
 * the device changed the newer master back into the older snapshot: the server accepts or merges that like an edit,
 * and someone else's change is gone without a conflict to show for it. So a row whose document is no longer what
 * the device stores is not sent. It is answered as a conflict carrying the stored version: RxDB's write of that
 * answer over its stale snapshot fails on the revision (409) and is dropped, as RxDB intends for a document written
 * meanwhile, and anything the device itself changed since goes out in RxDB's next push round.
 *
 * Only the replication's own writes make a snapshot stale in that way (a newer local edit is simply pushed in the
 * next round), so the guard watches the collection from before the replication starts and reads back only the
 * documents the replication has written since: a tablet pushing the cases it accepted offline reads nothing extra.
 */
export class StalePushGuard<T> {
  private readonly _writtenByReplication = new Set<string>();
  private readonly _subscription: Subscription;

  constructor(private readonly _collection: RxCollection<T>) {
    this._subscription = _collection.eventBulks$
      .pipe(filter((bulk) => bulk.context.startsWith(REPLICATION_WRITE_CONTEXT)))
      .subscribe((bulk) => {
        for (const event of bulk.events) this._writtenByReplication.add(event.documentId);
      });
  }

  async split(rows: readonly RxReplicationWriteToMasterRow<T>[]): Promise<PushRowsSplit<T>> {
    const collection = this._collection;
    const primaryPath = collection.schema.primaryPath as string;
    const idOf = (document: unknown) => String((document as Record<string, unknown>)[primaryPath]);
    const suspects = rows
      .map((row) => idOf(row.newDocumentState))
      .filter((id) => this._writtenByReplication.has(id));
    if (suspects.length === 0) return { current: [...rows], staleAnswers: [] };

    const stored = await collection.storageInstance.findDocumentsById(suspects, true);
    const storedById = new Map(stored.map((document) => [idOf(document), document]));
    const hasAttachments = collection.schema.jsonSchema.attachments !== undefined;
    const current: RxReplicationWriteToMasterRow<T>[] = [];
    const staleAnswers: WithDeleted<T>[] = [];
    for (const row of rows) {
      const now = storedById.get(idOf(row.newDocumentState));
      if (now === undefined) {
        current.push(row);
        continue;
      }
      const storedState = writeDocToDocState(now, hasAttachments, false) as WithDeleted<T>;
      if (collection.conflictHandler.isEqual(row.newDocumentState, storedState, 'stale-push-check'))
        current.push(row);
      else staleAnswers.push(storedState);
    }
    return { current, staleAnswers };
  }

  stop(): void {
    this._subscription.unsubscribe();
  }
}
