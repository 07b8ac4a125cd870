import type { RxCollection, RxStorage, WithDeleted } from 'rxdb';

/**
 * Attachments never travel inside replicated documents: material photos go to the server on their own, by content
 * hash (attachment-sync.ts), and the document names them in `materials[].attachmentIds`. Left alone, RxDB would put
 * every photo into the pushed case, the server would keep those `_attachments` as sent, and another device pulling
 * the case would be asked to store attachments it has no bytes for (RxDB refuses such a write).
 *
 * withoutAttachments is the replication's `push.modifier`. Pulled pages get empty attachments (withEmptyAttachments)
 * and the storage keeps a device's own when RxDB writes them (withLocalAttachmentsOnPull); push answers, which RxDB
 * writes as resolved conflicts, get them from keepLocalAttachments (replication.ts).
 */

/** How RxDB's replication labels its writes of pulled documents (replication-protocol/downstream.js). */
export const PULLED_WRITE_CONTEXT = 'replication-downstream-';

/** The document as the server sees it: without `_attachments`. */
export function withoutAttachments<T>(document: WithDeleted<T>): WithDeleted<T> {
  const { _attachments: _left, ...rest } = document as WithDeleted<T> & { _attachments?: unknown };
  return rest as WithDeleted<T>;
}

/**
 * Push answers (the server's masters, which RxDB writes over the local documents as resolved conflicts) carrying the
 * attachments this device already holds for them, so adopting an answer keeps the photos taken here, including
 * those not uploaded yet. Any `_attachments` from the server are ignored. One read for the whole answer.
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

/**
 * A pulled page as RxDB may store it: any `_attachments` from the server dropped, an empty set in their place. RxDB
 * keeps the pulled document as the state it assumes the server has, and its next push of that document needs
 * `_attachments` there (its error AT4 otherwise). Which photos the device holds is settled when RxDB writes the
 * page (withLocalAttachmentsOnPull): reading the device's copies here, before RxDB asks for the next page, would
 * wait for the previous page's write and so stop the pull from fetching while it writes.
 */
export function withEmptyAttachments<T>(collection: RxCollection) {
  if (!collection.schema.jsonSchema.attachments) return (documents: WithDeleted<T>[]) => documents;
  return (documents: WithDeleted<T>[]): WithDeleted<T>[] =>
    documents.map((document) => ({ ...document, _attachments: {} }));
}

/**
 * RxDB replaces a document's attachments with the pulled ones, so without this a pulled change (e.g. an approver's
 * decision) would delete the photos taken here, including those not uploaded yet. In RxDB's write of a pulled page
 * each document keeps the attachments of the version it replaces, which RxDB read for that write anyway.
 */
export function withLocalAttachmentsOnPull<Internals, Options>(
  storage: RxStorage<Internals, Options>,
): RxStorage<Internals, Options> {
  return {
    ...storage,
    async createStorageInstance<RxDocType>(
      params: Parameters<typeof storage.createStorageInstance<RxDocType>>[0],
    ) {
      const instance = await storage.createStorageInstance<RxDocType>(params);
      if (!params.schema.attachments) return instance;
      const write = instance.bulkWrite.bind(instance);
      instance.bulkWrite = (rows, context) =>
        write(
          context.startsWith(PULLED_WRITE_CONTEXT)
            ? rows.map((row) => ({
                ...row,
                document: { ...row.document, _attachments: row.previous?._attachments ?? {} },
              }))
            : rows,
          context,
        );
      return instance;
    },
  };
}
