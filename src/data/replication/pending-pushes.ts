import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  now,
  type RxDocumentData,
  writeDocToDocState,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { Observable } from 'rxjs';

const PAGE = 500;
/** A count follows a change this late at the soonest, so a burst of writes is counted once. */
const RECOUNT_DELAY_MS = 250;
/** After a count that took t, the next waits RECOUNT_SPACING × t: counting takes at most about a fifth of the time. */
const RECOUNT_SPACING = 4;

/**
 * The pending count, once at the start and again after each burst of `changes$` (local writes, replication progress).
 * A count reads every unpushed document, and while a tablet pushes 10,000 cases every batch is a change: counting
 * after each would read the whole backlog again and again, so after a count that took t the next one waits until
 * RECOUNT_SPACING × t after it ended. A count that fails or has no answer is skipped; the next change asks again.
 */
export function pendingCounts(
  changes$: Observable<unknown>,
  count: () => Promise<number | undefined>,
): Observable<number> {
  return new Observable<number>((subscriber) => {
    let changed = false;
    let counting = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let nextAt = 0;
    const recount = async (): Promise<void> => {
      timer = undefined;
      changed = false;
      counting = true;
      const startedAt = Date.now();
      try {
        const pending = await count();
        if (pending !== undefined) subscriber.next(pending);
      } catch {
        // Skipped, see above.
      }
      counting = false;
      const endedAt = Date.now();
      nextAt = endedAt + RECOUNT_SPACING * (endedAt - startedAt);
      if (changed) schedule();
    };
    const schedule = (): void => {
      if (counting || timer !== undefined || subscriber.closed) return;
      timer = setTimeout(() => void recount(), Math.max(RECOUNT_DELAY_MS, nextAt - Date.now()));
    };
    const onChange = (): void => {
      changed = true;
      schedule();
    };
    const subscription = changes$.subscribe(onChange);
    onChange();
    return () => {
      subscription.unsubscribe();
      clearTimeout(timer);
    };
  });
}

/**
 * Local changes of one replicated collection the server has not acknowledged yet.
 *
 * RxDB keeps, per replication, an upstream checkpoint in the fork's change order (advanced only after a push cycle
 * finished) and, per document, the state it assumes the server has (written when the server acknowledged a push or
 * when a pull brought it). A document is pending when it changed after the checkpoint and differs from that assumed
 * state — the same test RxDB's upstream uses to decide what to push, so the count drops exactly when RxDB considers
 * a change delivered. Refused rows count as delivered: they are reported as rejected instead.
 *
 * Changes written after the count began are left to the next count: a local write asks for one (pendingCounts), and
 * pulled documents, which keep arriving during a first sync, never change the count.
 *
 * Returns undefined when the replication has not started (another tab leads, or it was stopped).
 */
export async function countPendingPushes<DocType, Checkpoint>(
  replication: RxReplicationState<DocType, Checkpoint>,
): Promise<number | undefined> {
  const state = replication.internalReplicationState;
  if (state === undefined || replication.isStopped()) return undefined;
  const startedAt = now();
  const { forkInstance, metaInstance, conflictHandler, keepMeta } = state.input;
  const checkpointId = getComposedPrimaryKeyOfDocumentData(metaInstance.schema, {
    isCheckpoint: '1',
    itemId: 'up',
  });
  const [checkpointDoc] = await metaInstance.findDocumentsById([checkpointId], false);
  let checkpoint: unknown = checkpointDoc?.checkpointData;
  let pending = 0;
  for (;;) {
    const page = await getChangedDocumentsSince(forkInstance, PAGE, checkpoint);
    const documents = page.documents.filter((doc: RxDocumentData<DocType>) => doc._meta.lwt <= startedAt);
    const ids = documents.map((doc) => String((doc as Record<string, unknown>)[state.primaryPath]));
    const assumed = ids.length === 0 ? {} : await getAssumedMasterState(state, ids);
    documents.forEach((doc, index) => {
      const master = assumed[ids[index]!];
      const local = writeDocToDocState(doc, state.hasAttachments, !!keepMeta);
      if (master === undefined || !conflictHandler.isEqual(master.docData, local, 'jinban-pending-pushes')) {
        pending++;
      }
    });
    if (documents.length < PAGE) return pending;
    checkpoint = page.checkpoint;
  }
}
