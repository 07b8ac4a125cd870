import { addRxPlugin, type RxCollection, type RxReplicationWriteToMasterRow, type WithDeleted } from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { type RxReplicationState, replicateRxCollection } from 'rxdb/plugins/replication';
import {
  BehaviorSubject,
  catchError,
  combineLatest,
  concatMap,
  distinctUntilChanged,
  EMPTY,
  filter,
  firstValueFrom,
  from,
  map,
  merge,
  type Observable,
  of,
  Subject,
  type Subscription,
  switchMap,
  take,
  takeUntil,
  throttleTime,
  timer,
} from 'rxjs';
import type { LocalizedMessage } from '../../domain/localized-message';
import type { JinbanCollections, JinbanDatabase } from '../db';
import { createDeviceRepository, type ServerSession } from '../device.repository';
import {
  keepLocalAttachments,
  PULLED_WRITE_CONTEXT,
  withEmptyAttachments,
  withoutAttachments,
} from './attachment-stubs';
import { type AuthClient, SessionEndedError } from './auth-client';
import { openChangeStream } from './change-stream';
import { DEVICE_HEADER, PENDING_HEADER, withHeaders } from './device-headers';
import { checkIntegrity, type IntegrityReport } from './integrity-check';
import { browserOnlineSignal, type OnlineSignal } from './online-signal';
import { countPendingPushes, pendingCounts } from './pending-pushes';
import { forEachConcurrently, pushRequestsOf } from './push-requests';
import { RepullWindow } from './repull-window';
import { readJson, ServerRefusedError, ServerUnreachableError, serializedJsonBody } from './server-api';
import { StalePushGuard } from './stale-push-rows';
import { createSyncJournal, type RejectedChange } from './sync-journal';
import { type InitialSyncProgress, type SyncStatus, syncStateOf } from './sync-status';

addRxPlugin(RxDBLeaderElectionPlugin);

/** The collections the sync server replicates (its REPLICATED_COLLECTIONS); all of this database's collections. */
export const REPLICATED_COLLECTIONS = [
  'cases',
  'case_events',
  'catalogs',
  'calendars',
  'stations',
] as const satisfies readonly (keyof JinbanCollections)[];
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

/** Published by administrators; everyone else only pulls them. */
const REFERENCE_COLLECTIONS: ReadonlySet<ReplicatedCollection> = new Set([
  'catalogs',
  'calendars',
  'stations',
]);

/**
 * The server's default limits (MAX_PULL_LIMIT, MAX_PUSH_ROWS): every request and every IndexedDB transaction costs
 * about as much as the cases in it, so a new tablet's 10,000 cases go in as few as the server takes.
 */
export const PULL_BATCH_SIZE = 1000;
export const PUSH_BATCH_SIZE = 1000;
/**
 * RxDB hands the push handler this many rows at once, which it sends as requests of PUSH_BATCH_SIZE rows, two at a
 * time: the server checks one while the other travels. RxDB's rounds run one after another, and between two it
 * stores the acknowledgements of the first and reads the assumed server state of the next, with nothing on the wire:
 * so a new tablet's backlog of 10,000 goes in one round. In the sync bench, rounds of 2,500 left the network idle for
 * about two seconds after the first; one round starts its first request a little later and ends much sooner. The
 * pending count drops when a round is stored, so it now steps down once per 10,000.
 */
const PUSH_ROUND_SIZE = 10_000;
const PUSH_REQUESTS_IN_FLIGHT = 2;
/** How long RxDB waits before repeating a failed pull or push; the stream's reconnect usually hints sooner. */
const RETRY_TIME_MS = 10_000;
/** Below the server's default 5 MiB body limit, so a batch of cases with new photos goes in several requests. */
const MAX_PUSH_BYTES = 4 * 1024 * 1024;
const PERSIST_SYNCED_AT_EVERY_MS = 30_000;
const INTEGRITY_CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

export interface ReplicationOptions {
  /** Origin of the sync server, e.g. https://sync.example.cn */
  readonly serverUrl: string;
  readonly auth: AuthClient;
  /** Defaults to the browser's navigator.onLine; tests switch it by hand. */
  readonly online?: OnlineSignal;
  readonly retryTimeMs?: number;
}

export interface SyncController {
  /** Emits the current status on subscription and on every change. */
  observeSyncStatus(): Observable<SyncStatus>;
  /** Pulls every collection now and pushes anything waiting ("sync now"). */
  syncNow(): void;
  /** Resolves when, online and signed in, every local change has been pushed and every announced change pulled. */
  awaitInSync(): Promise<void>;
  /**
   * Compares every collection with the server's copy (integrity-check.ts) and pulls again from the start what
   * differs. Runs by itself once the first sync after sign-in has caught up, then daily; empty while offline.
   */
  checkIntegrity(): Promise<readonly IntegrityReport[]>;
  /** Stops replicating for good (the database is closing). */
  stop(): Promise<void>;
}

type Checkpoint = { readonly seq: number };
type Replication = RxReplicationState<unknown, Checkpoint>;

interface PullAnswer {
  readonly documents: WithDeleted<unknown>[];
  readonly checkpoint: Checkpoint;
}

interface PushAnswer {
  readonly conflicts: WithDeleted<unknown>[];
  readonly rejected: readonly { readonly id: string; readonly reason: LocalizedMessage }[];
}

const ROW_TOO_LARGE: LocalizedMessage = {
  zh: '这份记录（含照片）太大，无法上传，请删除部分照片后重试',
  en: 'This record (with its photos) is too large to upload; remove some photos and try again',
};
const SYNC_FAILED: LocalizedMessage = { zh: '同步出错，稍后自动重试', en: 'Sync failed; retrying shortly' };

/**
 * Replicates every collection with the sync server while a session exists, live through one event stream. Starts
 * at once and follows the session: signing out (or the server ending the session) stops replication, and signing
 * in as someone else starts it afresh under that account's checkpoints. Offline, every request waits for the
 * network; back online, it pulls what it missed and pushes what was written meanwhile. In a multi-tab browser only the leading tab replicates.
 */
export function startReplication(db: JinbanDatabase, options: ReplicationOptions): SyncController {
  const serverUrl = options.serverUrl.replace(/\/+$/, '');
  const { auth } = options;
  const online = options.online ?? browserOnlineSignal();
  const journal = createSyncJournal(db);

  const run$ = new BehaviorSubject<SyncRun | undefined>(undefined);
  const streamConnected$ = new BehaviorSubject(false);
  const failure$ = new BehaviorSubject<LocalizedMessage | undefined>(undefined);
  const progress$ = new BehaviorSubject<readonly InitialSyncProgress[] | undefined>(undefined);
  const pending$ = new BehaviorSubject(0);
  const syncedAt$ = new BehaviorSubject<string | undefined>(undefined);

  const hooks: RunHooks = {
    succeeded: () => {
      failure$.next(undefined);
      syncedAt$.next(new Date().toISOString());
    },
    failed: (error) => {
      // An ended session shows as 'signed-out' (see the auth client), not as a failure.
      if (!(error instanceof SessionEndedError)) failure$.next(messageOf(error));
    },
    pulled: (collection, count, caughtUp) => {
      const progress = progress$.value;
      if (progress === undefined) return;
      const next = progress.map((entry) =>
        entry.collection !== collection || entry.done
          ? entry
          : { ...entry, pulled: entry.pulled + count, done: caughtUp },
      );
      progress$.next(next);
    },
    streamConnected: (connected) => streamConnected$.next(connected),
  };

  const leadership = db.multiInstance ? db.waitForLeadership() : Promise.resolve(true);
  const subscriptions: Subscription[] = [
    from(leadership)
      .pipe(
        switchMap(() => auth.observeSession()),
        distinctUntilChanged((a, b) => sessionKey(a) === sessionKey(b)),
        concatMap(async (session) => {
          await run$.value?.cancel();
          streamConnected$.next(false);
          failure$.next(undefined);
          progress$.next(undefined);
          if (session === undefined) {
            run$.next(undefined);
            return;
          }
          progress$.next(
            REPLICATED_COLLECTIONS.map((collection) => ({ collection, pulled: 0, done: false })),
          );
          const { deviceId } = await createDeviceRepository(db).getIdentity();
          const run = new SyncRun(db, session, {
            serverUrl,
            deviceId,
            pendingPushes: () => pending$.value,
            auth,
            online,
            retryTimeMs: options.retryTimeMs ?? RETRY_TIME_MS,
            journal: { recordPush: journal.recordPush },
            hooks,
          });
          run$.next(run);
          await run.start();
        }),
      )
      .subscribe(),

    // Not for the first value: a run applies the online state itself when it starts.
    online
      .observe()
      .pipe(concatMap((isOnline) => run$.value?.setOnline(isOnline) ?? Promise.resolve()))
      .subscribe(),

    run$
      .pipe(
        switchMap((run) =>
          run === undefined ? EMPTY : pendingCounts(run.changes$, () => run.countPendingPushes()),
        ),
      )
      .subscribe(pending$),

    run$
      .pipe(
        switchMap((run) =>
          run === undefined
            ? EMPTY
            : progress$.pipe(
                filter((progress) => progress?.every((entry) => entry.done) === true),
                take(1),
                switchMap(() => timer(0, INTEGRITY_CHECK_EVERY_MS)),
                // A page counts as pulled when it arrives and RxDB stores it afterwards: comparing before it is
                // stored would report a difference that is not there.
                concatMap(() =>
                  from(run.awaitInSync().then(() => run.checkIntegrity())).pipe(catchError(() => EMPTY)),
                ),
              ),
        ),
      )
      .subscribe(),

    syncedAt$
      .pipe(
        filter((at): at is string => at !== undefined),
        throttleTime(PERSIST_SYNCED_AT_EVERY_MS, undefined, { leading: true, trailing: true }),
        concatMap((at) => from(journal.recordSynced(at)).pipe(catchError(() => EMPTY))),
      )
      .subscribe(),
  ];

  const replicating$ = run$.pipe(
    switchMap((run) =>
      run === undefined
        ? of(false)
        : combineLatest(run.replications.map((replication) => replication.active$)).pipe(
            map((active) => active.some(Boolean)),
          ),
    ),
  );

  const status$: Observable<SyncStatus> = combineLatest({
    online: online.observe(),
    signedIn: auth.observeSession().pipe(map((session) => session !== undefined)),
    sessionEnded: auth.observeSessionEnded(),
    streamConnected: streamConnected$,
    replicating: replicating$,
    failure: failure$,
    pendingPushes: pending$,
    journal: journal.observe(),
    syncedAt: syncedAt$,
    initialSync: progress$,
  }).pipe(
    map((facts) => {
      const lastSyncedAt = facts.syncedAt ?? facts.journal.lastSyncedAt;
      const { state, error } = syncStateOf({
        online: facts.online,
        signedIn: facts.signedIn,
        ...(facts.sessionEnded === undefined ? {} : { sessionEnded: facts.sessionEnded }),
        streamConnected: facts.streamConnected,
        replicating: facts.replicating,
        ...(facts.failure === undefined ? {} : { failure: facts.failure }),
      });
      return {
        online: facts.online,
        state,
        pendingPushes: facts.pendingPushes,
        rejected: facts.journal.rejected,
        ...(lastSyncedAt === undefined ? {} : { lastSyncedAt }),
        ...(facts.initialSync === undefined ? {} : { initialSync: facts.initialSync }),
        ...(error === undefined ? {} : { error }),
      };
    }),
    distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
  );

  return {
    observeSyncStatus: () => status$,
    syncNow: () => run$.value?.resync(),
    awaitInSync: async () => {
      await run$.value?.awaitInSync();
    },
    checkIntegrity: async () => (await run$.value?.checkIntegrity()) ?? [],
    stop: async () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
      await run$.value?.cancel();
      run$.next(undefined);
    },
  };
}

interface RunHooks {
  succeeded(): void;
  failed(error: unknown): void;
  pulled(collection: ReplicatedCollection, count: number, caughtUp: boolean): void;
  streamConnected(connected: boolean): void;
}

interface RunOptions {
  readonly serverUrl: string;
  readonly deviceId: string;
  /** The latest pending count, reported to the server's sync monitor on every pull. */
  readonly pendingPushes: () => number;
  readonly auth: AuthClient;
  readonly online: OnlineSignal;
  readonly retryTimeMs: number;
  readonly journal: {
    recordPush(collection: string, rejected: RejectedChange[], accepted: string[]): Promise<void>;
  };
  readonly hooks: RunHooks;
}

/** Replication of one session: a replication state per collection and the change stream that hints them. */
class SyncRun {
  readonly replications: readonly Replication[];
  /** Local writes and replication progress: when the pending count may have changed. */
  readonly changes$: Observable<unknown>;
  private readonly _hints = new Map<string, Subject<'RESYNC'>>();
  /**
   * Where a collection's next pull starts instead of its checkpoint: 0 after an integrity check found a difference,
   * or where pages may have been skipped while local writes were unacknowledged (repull-window.ts).
   */
  private readonly _pullFrom = new Map<ReplicatedCollection, number>();
  private readonly _repullWindows = new Map<ReplicatedCollection, RepullWindow>();
  private readonly _staleGuards: StalePushGuard<unknown>[] = [];
  /** PUSH_BATCH_SIZE, or fewer once the server has refused a request as too large (413). */
  private _pushRowsPerRequest = PUSH_BATCH_SIZE;
  private readonly _stopped = new BehaviorSubject(false);
  private _stream: { close(): void } | undefined;
  /** start/setOnline/cancel run one after another. */
  private _queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly _db: JinbanDatabase,
    private readonly _session: ServerSession,
    private readonly _options: RunOptions,
  ) {
    this.replications = REPLICATED_COLLECTIONS.map((name) => this._replicate(name, _db[name]));
    // What RxDB's downstream writes (pulled documents, the bulk of a first sync) never changes the count: it only
    // overwrites documents without unpushed changes. A cycle's end (active$ false) comes after its acknowledgements
    // are stored.
    this.changes$ = merge(
      ...REPLICATED_COLLECTIONS.map((name) =>
        _db[name].eventBulks$.pipe(filter((bulk) => !bulk.context.startsWith(PULLED_WRITE_CONTEXT))),
      ),
      ...this.replications.flatMap((replication) => [
        replication.sent$,
        replication.active$.pipe(filter((active) => !active)),
      ]),
    );
  }

  start(): Promise<void> {
    return this._enqueue(async () => {
      // Started even offline: the handlers wait for the network, and the pending count needs RxDB's replication
      // bookkeeping.
      await Promise.all(this.replications.map((replication) => replication.start()));
      await this._applyOnline(this._options.online.isOnline());
    });
  }

  setOnline(isOnline: boolean): Promise<void> {
    return this._enqueue(() => this._applyOnline(isOnline));
  }

  resync(): void {
    for (const hint of this._hints.values()) hint.next('RESYNC');
  }

  async awaitInSync(): Promise<void> {
    await Promise.all(this.replications.map((replication) => replication.awaitInSync()));
  }

  /**
   * Simplest correct repair of a mismatch: pull the whole collection again. RxDB overwrites each local copy that
   * has no unpushed change with the server's and pushes the others as usual; nothing local is dropped. Documents
   * only this device holds stay (the server lists the mismatch in its sync monitor until a check matches).
   */
  async checkIntegrity(): Promise<readonly IntegrityReport[]> {
    const reports: IntegrityReport[] = [];
    for (const name of REPLICATED_COLLECTIONS) {
      if (this._stopped.value || !this._options.online.isOnline()) break;
      const report = await checkIntegrity(this._db[name], {
        serverUrl: this._options.serverUrl,
        auth: this._options.auth,
        headers: this._deviceHeaders(),
      });
      if (report.differing.length > 0) {
        this._pullAgainFrom(name, 0);
      }
      reports.push(report);
    }
    return reports;
  }

  async countPendingPushes(): Promise<number | undefined> {
    const counts = await Promise.all(
      this.replications.filter((replication) => replication.push).map(countPendingPushes),
    );
    const known = counts.filter((count): count is number => count !== undefined);
    return known.length === 0 ? undefined : known.reduce((sum, count) => sum + count, 0);
  }

  cancel(): Promise<void> {
    this._stopped.next(true);
    return this._enqueue(async () => {
      this._closeStream();
      await Promise.all(this.replications.map((replication) => replication.cancel()));
      for (const guard of this._staleGuards) guard.stop();
    });
  }

  private _deviceHeaders(): Record<string, string> {
    return { [DEVICE_HEADER]: this._options.deviceId };
  }

  private _enqueue(task: () => Promise<void>): Promise<void> {
    this._queue = this._queue.then(task, task);
    return this._queue;
  }

  private async _applyOnline(isOnline: boolean): Promise<void> {
    if (this._stopped.value) return;
    // Offline, the replications are not paused: each request waits in _request until the network is back. RxDB
    // ends a push cycle that a pause interrupts without sending it, and a later cycle may store an upstream
    // checkpoint past the dropped documents, so edits saved just before the tablet went offline were never pushed.
    if (!isOnline) {
      this._closeStream();
      return;
    }
    // Pulls what the closed stream did not announce meanwhile.
    this.resync();
    this._openStream();
  }

  private _openStream(): void {
    if (this._stream !== undefined) return;
    const { hooks } = this._options;
    this._stream = openChangeStream({
      url: `${this._options.serverUrl}/api/replication/stream`,
      auth: this._options.auth,
      onResync: () => this.resync(),
      onChange: (collection) => this._hints.get(collection)?.next('RESYNC'),
      onState: (state) => {
        hooks.streamConnected(state.kind === 'connected');
        if (state.kind === 'retrying' && state.error !== undefined)
          hooks.failed(new StreamError(state.error));
      },
    });
  }

  private _closeStream(): void {
    this._stream?.close();
    this._stream = undefined;
    this._options.hooks.streamConnected(false);
  }

  private _replicate(name: ReplicatedCollection, collection: RxCollection): Replication {
    const hint = new Subject<'RESYNC'>();
    this._hints.set(name, hint);
    const pushes = this._session.role === 'admin' || !REFERENCE_COLLECTIONS.has(name);
    // Photos travel apart from documents (attachment-stubs.ts, attachment-sync.ts).
    const withLocalAttachments = keepLocalAttachments(collection);
    const withStubs = withEmptyAttachments(collection);
    // Watches the collection before the replication writes anything into it.
    const staleGuard = pushes ? new StalePushGuard(collection) : undefined;
    if (staleGuard !== undefined) this._staleGuards.push(staleGuard);
    const replication = replicateRxCollection<unknown, Checkpoint>({
      replicationIdentifier: `jinban|${this._options.serverUrl}|${this._session.staffId}|${name}`,
      collection,
      live: true,
      retryTime: this._options.retryTimeMs,
      // Leadership is awaited once for all collections and the stream, in startReplication.
      waitForLeadership: false,
      autoStart: false,
      // A hidden tab keeps replicating: RxDB would pause it, and a pause can drop a push cycle (see _applyOnline).
      toggleOnDocumentVisible: false,
      pull: {
        batchSize: PULL_BATCH_SIZE,
        stream$: hint.asObservable(),
        handler: async (checkpoint, batchSize) => {
          const page = await this._request(() => this._pull(name, checkpoint, batchSize));
          return { ...page, documents: withStubs(page.documents) };
        },
      },
      ...(staleGuard !== undefined
        ? {
            push: {
              batchSize: PUSH_ROUND_SIZE,
              // RxDB keeps a push's answer (the server's merged master) as the assumed master state too, like a
              // pulled document. Without `_attachments` there, RxDB's next push of that
              // document throws AT4 inside its upstream, which swallows the error and drops the whole batch; a later
              // batch then moves the upstream checkpoint past it, so the clerk's edits never reach the server and
              // nothing shows as pending. Hence the answers get their attachments like pulled documents.
              handler: async (rows) => {
                const { current, staleAnswers } = await staleGuard.split(rows);
                const answers =
                  current.length === 0 ? [] : await this._request(() => this._push(name, current));
                // Stale answers come from this device's storage and already hold its attachments.
                return [...(await withLocalAttachments(answers)), ...staleAnswers];
              },
              modifier: withoutAttachments,
            },
          }
        : {}),
    });
    if (pushes) this._repullAfterAcknowledgement(name, collection, replication);
    return replication;
  }

  /** See repull-window.ts: pulls again what RxDB may have skipped while local writes were unacknowledged. */
  private _repullAfterAcknowledgement(
    name: ReplicatedCollection,
    collection: RxCollection,
    replication: Replication,
  ): void {
    const window = new RepullWindow();
    this._repullWindows.set(name, window);
    const stopped$ = this._stopped.pipe(filter(Boolean));
    collection.eventBulks$
      .pipe(
        filter((bulk) => !bulk.context.startsWith(PULLED_WRITE_CONTEXT)),
        takeUntil(stopped$),
      )
      .subscribe(() => window.wroteLocally());
    replication.active$
      .pipe(
        filter((active) => !active),
        concatMap(() => {
          window.idle();
          if (!window.isOpen) return EMPTY;
          const writes = window.writes;
          return from(countPendingPushes(replication)).pipe(
            filter((pending) => pending === 0),
            map(() => window.takeRepull(writes)),
            catchError(() => EMPTY),
          );
        }),
        takeUntil(stopped$),
      )
      .subscribe((repullFrom) => {
        if (repullFrom !== undefined) this._pullAgainFrom(name, repullFrom);
      });
  }

  private _pullAgainFrom(name: ReplicatedCollection, seq: number): void {
    this._pullFrom.set(name, Math.min(this._pullFrom.get(name) ?? seq, seq));
    this._hints.get(name)?.next('RESYNC');
  }

  /** Waits for the network, then reports the outcome to the status; RxDB retries what throws. */
  private async _request<T>(send: () => Promise<T>): Promise<T> {
    await this._untilOnline();
    try {
      const result = await send();
      this._options.hooks.succeeded();
      return result;
    } catch (error) {
      this._options.hooks.failed(error);
      throw error;
    }
  }

  private async _untilOnline(): Promise<void> {
    const { online } = this._options;
    if (online.isOnline()) return;
    await firstValueFrom(merge(online.observe().pipe(filter(Boolean)), this._stopped.pipe(filter(Boolean))));
    if (this._stopped.value) throw new Error('Replication stopped');
  }

  private async _pull(
    name: ReplicatedCollection,
    checkpoint: Checkpoint | undefined,
    batchSize: number,
  ): Promise<PullAnswer> {
    const stored = checkpoint?.seq ?? 0;
    const seq = Math.min(this._pullFrom.get(name) ?? stored, stored);
    this._pullFrom.delete(name);
    const window = this._repullWindows.get(name);
    window?.requested(seq);
    const query = new URLSearchParams({ seq: String(seq), limit: String(batchSize) });
    const response = await this._options.auth.authorizedFetch(
      `${this._options.serverUrl}/api/replication/${name}/pull?${query}`,
      withHeaders({}, { ...this._deviceHeaders(), [PENDING_HEADER]: String(this._options.pendingPushes()) }),
    );
    // The page's checkpoint goes back with the page: RxDB stores it only after writing the documents.
    const page = await readJson<PullAnswer>(response);
    window?.answered(page.checkpoint.seq);
    this._options.hooks.pulled(name, page.documents.length, page.documents.length < batchSize);
    return page;
  }

  private async _push(
    name: ReplicatedCollection,
    rows: RxReplicationWriteToMasterRow<unknown>[],
  ): Promise<WithDeleted<unknown>[]> {
    const conflicts: WithDeleted<unknown>[] = [];
    const rejected: RejectedChange[] = [];
    const accepted: string[] = [];
    const refuseAsTooLarge = (row: RxReplicationWriteToMasterRow<unknown>) =>
      rejected.push({ collection: name, id: idOf(row), reason: ROW_TOO_LARGE });
    const send = async (chunkRows: RxReplicationWriteToMasterRow<unknown>[], body: string): Promise<void> => {
      let answer: PushAnswer;
      try {
        const response = await this._options.auth.authorizedFetch(
          `${this._options.serverUrl}/api/replication/${name}/push`,
          withHeaders({ method: 'POST', ...serializedJsonBody(body) }, this._deviceHeaders()),
        );
        answer = await readJson<PushAnswer>(response);
      } catch (error) {
        if (!(error instanceof ServerRefusedError) || error.status !== 413) throw error;
        // The server takes fewer rows or bytes per request than this tablet sends (MAX_PUSH_ROWS,
        // BODY_LIMIT_BYTES): the rows go again in halves, and later requests start at the smaller size. A single
        // row it still refuses is reported like any row too large, so it does not hold up the rest for ever.
        if (chunkRows.length === 1) {
          refuseAsTooLarge(chunkRows[0]!);
          return;
        }
        const half = Math.ceil(chunkRows.length / 2);
        this._pushRowsPerRequest = Math.min(this._pushRowsPerRequest, half);
        for (const part of [chunkRows.slice(0, half), chunkRows.slice(half)])
          await send(part, JSON.stringify(part));
        return;
      }
      conflicts.push(...answer.conflicts);
      const refused = new Set(answer.rejected.map((row) => row.id));
      rejected.push(...answer.rejected.map((row) => ({ collection: name, id: row.id, reason: row.reason })));
      accepted.push(...chunkRows.map(idOf).filter((id) => !refused.has(id)));
    };
    const requests = pushRequestsOf(rows, this._pushRowsPerRequest, MAX_PUSH_BYTES);
    await forEachConcurrently(requests, PUSH_REQUESTS_IN_FLIGHT, async (request) => {
      if (request.body === undefined) refuseAsTooLarge(request.rows[0]!);
      else await send(request.rows, request.body);
    });
    // RxDB counts refused rows as delivered, so they are not retried forever; the journal keeps them for the clerk.
    await this._options.journal.recordPush(name, rejected, accepted);
    return conflicts;
  }
}

/** A failure of the event stream, for the status only (the stream retries by itself). */
class StreamError extends Error {
  constructor(readonly localizedMessage: LocalizedMessage) {
    super(localizedMessage.en);
  }
}

function messageOf(error: unknown): LocalizedMessage {
  if (error instanceof ServerUnreachableError || error instanceof StreamError) return error.localizedMessage;
  if (error instanceof ServerRefusedError) return error.reason;
  return SYNC_FAILED;
}

const sessionKey = (session: ServerSession | undefined): string | undefined =>
  session === undefined ? undefined : `${session.serverUrl}|${session.staffId}|${session.role}`;

const idOf = (row: RxReplicationWriteToMasterRow<unknown>): string =>
  String((row.newDocumentState as { id?: unknown }).id ?? '');
