import type { RxCollection, WithDeleted } from 'rxdb';

/**
 * Attachments never travel inside replicated documents: material photos go to the server on their own, by content
 * hash (attachment-sync.ts), and the document names them in `materials[].attachmentIds`. Left alone, RxDB would put
 * every photo into the pushed case, the server would keep those `_attachments` as sent, and another device pulling
 * the case would be asked to store attachments it has no bytes for (RxDB refuses such a write).
 *
 * withoutAttachments is the replication's `push.modifier`; keepLocalAttachments runs on each pulled page and each
 * push answer (replication.ts).
 */

/** The document as the server sees it: without `_attachments`. */
export function withoutAttachments<T>(document: WithDeleted<T>): WithDeleted<T> {
  const { _attachments: _left, ...rest } = document as WithDeleted<T> & { _attachments?: unknown };
  return rest as WithDeleted<T>;
}

/**
 * Pulled documents carrying the attachments this device already holds for them. RxDB replaces a document's
 * attachments with the pulled ones, so without this a pulled change (e.g. an approver's decision) would delete the
 * photos taken here, including those not uploaded yet. Any `_attachments` from the server are ignored. Takes a whole
 * page at once: one read for the page, where RxDB's per-document modifier would read each document on its own.
 */
export function keepLocalAttachments<T>(collection: RxCollection) {
  if (!collection.schema.jsonSchema.attachments) return async (documents: WithDeleted<T>[]) => documents;
  const primaryPath = collection.schema.primaryPath as string;
  const idOf = (document: WithDeleted<T>) => String((document as Record<string, unknown>)[primaryPath]);
  return async (documents: WithDeleted<T>[]): Promise<WithDeleted<T>[]> => {
    if (documents.length === 0) return documents;
    const local = await collection.storageInstance.findDocumentsById(documents.map(idOf), false);
    const attachments = new Map(local.map((doc) => [idOf(doc as WithDeleted<T>), doc._attachments]));
    return documents.map((document) => ({
      ...document,
      _attachments: attachments.get(idOf(document)) ?? {},
    }));
  };
}
