/**
 * Sync with the Jinban sync server — the only code that talks to it. For the UI (sign-in page, sync indicator):
 *
 * ```ts
 * const online = browserOnlineSignal();
 * const auth = createAuthClient({ device: layer.device, online });
 * const sync = startReplication(layer.db, { serverUrl, auth, online }); // once, at app start; follows the session
 * ```
 *
 * Sign-in page
 * - `auth.signIn(serverUrl, staffId, password)` → `Validation<SignedIn>`. Online it asks the server and keeps the
 *   session (tokens) and the profile in the device repository (`device.observeProfile()` then emits the profile, so
 *   the case commands act as that person) plus an offline verifier (PBKDF2-SHA256, 210,000 iterations, random salt;
 *   never the password). When the server cannot be reached (offline, timeout, 5xx) it falls back to
 *   `auth.signInOffline(staffId, password)`, which works for anyone who signed in online on this device before and
 *   refuses a wrong password with «密码错误». `SignedIn.mode === 'offline'` means: working, but no server session
 *   until the next online sign-in — show the status's 'signed-out' hint rather than an error.
 * - Failures come as `{ ok: false, error: LocalizedMessage }` to show as they are (the server's own message for a
 *   wrong staff ID/password or rate limiting).
 * - `auth.signOut()` ends the session here at once and at the server when reachable. Cases, unsent changes and the
 *   offline verifiers stay; warn first when `pendingPushes > 0`, since they leave only with the next sign-in.
 *
 * Sync indicator: `sync.observeSyncStatus()` emits `SyncStatus` (see sync-status.ts):
 * - `state`: 'signed-out' (no server session: never signed in, signed out, signed in offline, or the server ended
 *   the session — `error` says which to tell the clerk), 'offline', 'error' (`error` says why; RxDB and the stream
 *   keep retrying), 'syncing', 'connecting' (no live stream yet), 'idle' (in sync and listening).
 * - `pendingPushes`: local changes not yet acknowledged by the server (pending-pushes.ts explains the count).
 * - `rejected`: changes the server refused for good, `{ collection, id, reason }`; show the case as needing
 *   attention. The entry stays until a later push of that document goes through (the clerk edits the case).
 * - `initialSync`: per collection, what the first pull since sign-in/start has brought and whether it caught up
 *   (a new tablet's first download); show progress while any entry is not `done`. Absent while signed out.
 * - `lastSyncedAt`: when a pull or push last succeeded, kept across restarts.
 * - `sync.syncNow()` for a "sync now" button; `sync.awaitInSync()` resolves when everything is exchanged.
 *
 * Admin console: `createAdminClient({ auth, device })` (admin-client.ts) reads the conflict queue, resolves a
 * conflict, and reads automatic merges, the audit log and the sync monitor; administrators only, online only.
 *
 * Photos: `startAttachmentSync(db, { serverUrl, auth, online })` (attachment-sync.ts) uploads material photos apart
 * from the documents, by SHA-256, resumable; `getPhoto(caseId, hash)` fetches one another device took. Documents
 * never carry attachment bytes (attachment-stubs.ts).
 *
 * Behaviour: the collections replicate with RxDB's replicateRxCollection (pages of 1,000, pushes of 1,000 per request,
 * checkpoint `{ seq }`), guarded against two races of RxDB's own: a pulled version it skipped while a local change
 * waited is pulled again once the push is acknowledged (repull-window.ts), and a snapshot older than what the device
 * stores is never pushed (stale-push-rows.ts); its bookkeeping storages are kept to the replicating tab
 * (replication-meta-unshared.ts);
 * reference data is pull-only except for administrators; one fetch-based event stream hints all collections and
 * reconnects with exponential backoff and jitter (cap 60 s); offline, requests wait for the network, and 'online'
 * resumes at once. Access tokens are refreshed a minute before they expire and once after a 401. Only the leading
 * tab of a multi-tab browser replicates: the other tabs report 'connecting' with a pending count of 0 (rejections
 * and lastSyncedAt still show there, as they are kept in the database).
 */

export {
  type AdminAuditEntry,
  type AdminClient,
  type AutomaticMerge,
  type ConflictDecision,
  type ConflictDetail,
  type ConflictQuery,
  type ConflictStatus,
  type ConflictSummary,
  type ConflictWriter,
  createAdminClient,
  type DeviceSyncStatus,
  type DigestMismatch,
  type FieldChoice,
  NoServerSessionError,
  type StationSyncStatus,
  type SyncMonitorReport,
} from './admin-client';
export {
  type AttachmentSync,
  type AttachmentSyncOptions,
  type PhotoSyncStatus,
  startAttachmentSync,
} from './attachment-sync';
export {
  type AuthClient,
  type AuthClientOptions,
  createAuthClient,
  type RefreshOutcome,
  SessionEndedError,
  type SignedIn,
} from './auth-client';
export { browserOnlineSignal, type OnlineSignal, switchableOnlineSignal } from './online-signal';
export {
  REPLICATED_COLLECTIONS,
  type ReplicationOptions,
  type SyncController,
  startReplication,
} from './replication';
export { type CountyReportAnswer, createReportsClient, type ReportsClient } from './reports-client';
export type { RejectedChange } from './sync-journal';
export type { InitialSyncProgress, SyncState, SyncStatus } from './sync-status';
