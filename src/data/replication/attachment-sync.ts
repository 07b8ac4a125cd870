import {
  auditTime,
  BehaviorSubject,
  concatMap,
  filter,
  from,
  interval,
  merge,
  type Observable,
  type Subscription,
} from 'rxjs';
import type { CaseMaterial } from '../../domain/case/case.schema';
import {
  MAX_PHOTO_BYTES,
  PHOTO_CHUNK_BYTES,
  photoHashesOf,
  sha256Hex,
} from '../../domain/case/material-photo';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { JinbanDatabase } from '../db';
import { withStorageFullMapping } from '../storage-errors';
import { type AuthClient, SessionEndedError } from './auth-client';
import { browserOnlineSignal, type OnlineSignal } from './online-signal';
import { readJson, ServerRefusedError, ServerUnreachableError } from './server-api';

export interface AttachmentSyncOptions {
  /** Origin of the sync server, as for startReplication. */
  readonly serverUrl: string;
  readonly auth: AuthClient;
  readonly online?: OnlineSignal;
  /** Quiet time after a change of the cases before uploading, so the case's own push goes first. */
  readonly settleMs?: number;
  /** How often to try again while photos wait (offline, server unreachable). */
  readonly retryMs?: number;
}

/** Photo uploads, for the sync indicator. */
export interface PhotoSyncStatus {
  /** Photos on this device the server is not known to have. */
  readonly pending: number;
  /** Bytes the server holds of the photo being uploaded now, of its size. */
  readonly current?: { readonly hash: string; readonly sent: number; readonly size: number };
  /** Why the last round stopped early; it is retried. */
  readonly error?: LocalizedMessage;
  /** Photos the server refused for good in this session (e.g. over the size limit), with its reason. */
  readonly refused: readonly { readonly hash: string; readonly reason: LocalizedMessage }[];
}

export interface AttachmentSync {
  /** Uploads every photo on this device the server lacks; resolves with the hashes it sent bytes of. */
  uploadPending(): Promise<readonly string[]>;
  /**
   * The photo `hash` of case `caseId`: from this device, else downloaded, checked against its hash and kept as the
   * case's attachment. Undefined when the server does not have it (yet) or this account may not see it.
   */
  getPhoto(caseId: string, hash: string): Promise<Blob | undefined>;
  observeStatus(): Observable<PhotoSyncStatus>;
  stop(): void;
}

const DEFAULT_SETTLE_MS = 2_000;
const DEFAULT_RETRY_MS = 60_000;

interface ServerCopy {
  readonly received: number;
  readonly complete: boolean;
}

interface UploadAnswer {
  readonly received: number;
  readonly complete: boolean;
}

/**
 * Material photos between this device and the sync server, apart from the documents (attachment-stubs.ts):
 * uploads run in the background after the cases change, and whenever the device comes back online. A photo goes
 * once per hash: HEAD tells whether the server has it or how much of it, the rest goes in PHOTO_CHUNK_BYTES
 * chunks, so a dropped connection costs at most one chunk and the next round resumes where the server stands.
 */
export function startAttachmentSync(db: JinbanDatabase, options: AttachmentSyncOptions): AttachmentSync {
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const { auth } = options;
  const online = options.online ?? browserOnlineSignal();
  const urlOf = (hash: string) => `${serverUrl}/api/attachments/${hash}`;

  /** Hashes the server is known to hold whole (or refused for good): never asked about again in this session. */
  const settled = new Set<string>();
  const refused: { hash: string; reason: LocalizedMessage }[] = [];
  const downloads = new Map<string, Promise<Blob | undefined>>();
  const status$ = new BehaviorSubject<PhotoSyncStatus>({ pending: 0, refused: [] });
  /** A new status: `current` and `error` hold only until the next report. */
  const report = (change: Pick<PhotoSyncStatus, 'current' | 'error'> & { readonly pending?: number }) =>
    status$.next({
      pending: change.pending ?? status$.value.pending,
      refused: [...refused],
      ...(change.current === undefined ? {} : { current: change.current }),
      ...(change.error === undefined ? {} : { error: change.error }),
    });

  /** Photos listed by a case on this device and stored with it, that the server may still lack. */
  const localPhotos = async () => {
    const cases = await db.cases.find().exec();
    return cases.flatMap((doc) =>
      photoHashesOf((doc.materials ?? []) as CaseMaterial[])
        .filter((hash) => !settled.has(hash) && doc.getAttachment(hash) !== null)
        .map((hash) => ({ caseId: doc.id, hash })),
    );
  };

  const serverCopy = async (hash: string): Promise<ServerCopy | undefined> => {
    try {
      const response = await auth.authorizedFetch(urlOf(hash), { method: 'HEAD' });
      return {
        received: Number(response.headers.get('upload-offset') ?? 0),
        complete: response.headers.get('upload-complete') === '?1',
      };
    } catch (error) {
      if (error instanceof ServerRefusedError && error.status === 404) return undefined;
      throw error;
    }
  };

  const send = async (
    hash: string,
    bytes: Uint8Array<ArrayBuffer>,
    type: string,
    offset: number,
  ): Promise<UploadAnswer> => {
    if (offset === 0 && bytes.byteLength <= PHOTO_CHUNK_BYTES) {
      const response = await auth.authorizedFetch(urlOf(hash), {
        method: 'PUT',
        headers: { 'content-type': type },
        body: bytes,
      });
      return readJson<UploadAnswer>(response);
    }
    const response = await auth.authorizedFetch(urlOf(hash), {
      method: 'PATCH',
      headers: {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'upload-length': String(bytes.byteLength),
        'upload-content-type': type,
      },
      body: bytes.subarray(offset, offset + PHOTO_CHUNK_BYTES),
    });
    return readJson<UploadAnswer>(response);
  };

  /** Sends what the server lacks of one photo; false when it had the photo already. */
  const upload = async (caseId: string, hash: string): Promise<boolean> => {
    const doc = await db.cases.findOne(caseId).exec();
    const attachment = doc?.getAttachment(hash);
    if (attachment == null) return false;
    let copy = await serverCopy(hash);
    if (copy?.complete) return false;
    const bytes = new Uint8Array(await (await attachment.getData()).arrayBuffer());
    let offset = copy?.received ?? 0;
    // Each pass sends a chunk or learns the server's offset; the bound only stops a server that never agrees.
    for (let pass = 0; pass < 2 * Math.ceil(bytes.byteLength / PHOTO_CHUNK_BYTES) + 4; pass += 1) {
      report({ current: { hash, sent: offset, size: bytes.byteLength } });
      try {
        const answer = await send(hash, bytes, attachment.type, offset);
        if (answer.complete) return true;
        offset = answer.received;
      } catch (error) {
        // Another device or a lost answer moved the upload on: continue from where the server stands.
        if (!(error instanceof ServerRefusedError && error.status === 409)) throw error;
        copy = await serverCopy(hash);
        if (copy?.complete) return true;
        offset = copy?.received ?? 0;
      }
    }
    throw new ServerUnreachableError(`The upload of ${hash} made no progress`);
  };

  const uploadPending = async (): Promise<readonly string[]> => {
    const sent: string[] = [];
    const photos = await localPhotos();
    report({ pending: photos.length });
    if (!online.isOnline()) return sent;
    try {
      for (const [index, { caseId, hash }] of photos.entries()) {
        try {
          if (await upload(caseId, hash)) sent.push(hash);
          settled.add(hash);
        } catch (error) {
          // 400 (bytes do not match the name) or 413/415: sending again would not help.
          if (!(error instanceof ServerRefusedError) || error.status === 401) throw error;
          settled.add(hash);
          refused.push({ hash, reason: error.reason });
        }
        report({ pending: photos.length - index - 1 });
      }
      report({ pending: 0 });
    } catch (error) {
      if (error instanceof SessionEndedError || error instanceof ServerUnreachableError) {
        report({ pending: (await localPhotos()).length, error: error.localizedMessage });
        return sent;
      }
      throw error;
    }
    return sent;
  };

  let running: Promise<readonly string[]> | undefined;
  /** One round at a time; a caller during a round waits for it and then for one more. */
  const runRound = async (): Promise<readonly string[]> => {
    while (running !== undefined) await running.catch(() => undefined);
    running = uploadPending().finally(() => {
      running = undefined;
    });
    return running;
  };

  const download = async (caseId: string, hash: string): Promise<Blob | undefined> => {
    const doc = await db.cases.findOne(caseId).exec();
    if (doc === null) return undefined;
    const local = doc.getAttachment(hash);
    if (local !== null) return local.getData();
    let response: Response;
    try {
      response = await auth.authorizedFetch(urlOf(hash));
    } catch (error) {
      if (error instanceof ServerRefusedError && error.status === 404) return undefined;
      throw error;
    }
    const blob = await response.blob();
    if (blob.size > MAX_PHOTO_BYTES || (await sha256Hex(new Uint8Array(await blob.arrayBuffer()))) !== hash) {
      throw new ServerUnreachableError(`The downloaded photo ${hash} is damaged`);
    }
    const type = response.headers.get('content-type') ?? 'image/jpeg';
    await withStorageFullMapping(async () => {
      // Read again: the case may have changed (or gained the photo) during the download.
      const latest = await db.cases.findOne(caseId).exec();
      if (latest !== null && latest.getAttachment(hash) === null) {
        await latest.putAttachment({ id: hash, data: blob, type });
      }
    });
    settled.add(hash);
    return blob;
  };

  const subscription: Subscription = merge(
    db.cases.$,
    online.observe().pipe(filter(Boolean)),
    auth.observeSession().pipe(filter((session) => session !== undefined)),
    interval(options.retryMs ?? DEFAULT_RETRY_MS),
  )
    .pipe(
      auditTime(options.settleMs ?? DEFAULT_SETTLE_MS),
      concatMap(() => from(runRound().catch(() => [] as readonly string[]))),
    )
    .subscribe();

  return {
    uploadPending: runRound,
    getPhoto: (caseId, hash) => {
      const key = `${caseId}/${hash}`;
      const pending =
        downloads.get(key) ??
        download(caseId, hash).finally(() => {
          downloads.delete(key);
        });
      downloads.set(key, pending);
      return pending;
    },
    observeStatus: () => status$.asObservable(),
    stop: () => {
      subscription.unsubscribe();
      status$.complete();
    },
  };
}
