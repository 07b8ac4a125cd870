import type { LocalizedMessage } from '../../domain/localized-message';
import type { RejectedChange } from './sync-journal';

export type SyncState = 'offline' | 'connecting' | 'syncing' | 'idle' | 'error' | 'signed-out';

/** How far the first pull of one collection has come since replication started (a new tablet downloads all). */
export interface InitialSyncProgress {
  readonly collection: string;
  readonly pulled: number;
  readonly done: boolean;
}

export interface SyncStatus {
  /** What the device believes about its connection (navigator.onLine or the injected signal). */
  readonly online: boolean;
  readonly state: SyncState;
  /** Local changes the server has not acknowledged yet; see pending-pushes.ts. */
  readonly pendingPushes: number;
  /** When a pull or push last succeeded; kept across restarts. */
  readonly lastSyncedAt?: string;
  /** Changes the server refused; each stays until a later push of the same document goes through. */
  readonly rejected: readonly RejectedChange[];
  /**
   * While signed in: per collection, what the first pull since replication (re)started has brought, and whether it
   * has caught up with the server. On a new tablet this is the initial download; show progress while any entry is
   * not `done`.
   */
  readonly initialSync?: readonly InitialSyncProgress[];
  /** Why the state is 'error' or 'signed-out'. */
  readonly error?: LocalizedMessage;
}

export interface SyncFacts {
  readonly online: boolean;
  readonly signedIn: boolean;
  /** Set when the server refused the session; cleared by the next sign-in. */
  readonly sessionEnded?: LocalizedMessage;
  readonly streamConnected: boolean;
  readonly replicating: boolean;
  /** The latest failed request or local replication failure, until the next request succeeds. */
  readonly failure?: LocalizedMessage;
}

export const NOT_SIGNED_IN: LocalizedMessage = {
  zh: '未登录同步服务器，请联网登录后同步',
  en: 'Not signed in to the sync server; sign in online to sync',
};

/** One state for the indicator; the first that applies wins. */
export function syncStateOf(facts: SyncFacts): { state: SyncState; error?: LocalizedMessage } {
  if (!facts.signedIn) return { state: 'signed-out', error: facts.sessionEnded ?? NOT_SIGNED_IN };
  if (!facts.online) return { state: 'offline' };
  if (facts.failure !== undefined) return { state: 'error', error: facts.failure };
  if (facts.replicating) return { state: 'syncing' };
  if (!facts.streamConnected) return { state: 'connecting' };
  return { state: 'idle' };
}
