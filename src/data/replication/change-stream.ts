import type { LocalizedMessage } from '../../domain/localized-message';
import { type AuthClient, SessionEndedError } from './auth-client';
import { ServerRefusedError, ServerUnreachableError } from './server-api';
import { readServerSentEvents } from './server-sent-events';

export type ChangeStreamState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected' }
  /** Ended (`error` undefined: the server closed it, e.g. as the token expired) or failed; reconnects after a backoff. */
  | { readonly kind: 'retrying'; readonly error?: LocalizedMessage };

export interface ChangeStreamOptions {
  /** GET /api/replication/stream of the sync server. */
  readonly url: string;
  readonly auth: AuthClient;
  /** At every (re)connect: changes may have been missed, so every collection must pull. */
  onResync(): void;
  /** A push wrote documents of `collection` that this account may read. */
  onChange(collection: string): void;
  onState(state: ChangeStreamState): void;
}

export interface ChangeStream {
  close(): void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
/** The server sends a heartbeat every 25 s; a connection silent for longer than this is dead even if not closed. */
const SILENCE_LIMIT_MS = 60_000;

const STREAM_LOST: LocalizedMessage = {
  zh: '与同步服务器的连接中断',
  en: 'The connection to the sync server was lost',
};

/** Exponential backoff with jitter: half the cap plus a random half, so tablets that lost the server together do not return together. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return cap / 2 + random() * (cap / 2);
}

/**
 * The one live connection to the server for all collections: fetch (an EventSource cannot send the Authorization
 * header) reading the event stream. Reconnects with backoff until closed or the session ends; the server ends the
 * stream when the access token expires, and the reconnect brings a fresh token.
 */
export function openChangeStream(options: ChangeStreamOptions): ChangeStream {
  let closed = false;
  let connection: AbortController | undefined;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const connectOnce = async (): Promise<void> => {
    connection = new AbortController();
    const abort = connection;
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(() => abort.abort(), SILENCE_LIMIT_MS);
    };
    try {
      heard();
      const response = await options.auth.authorizedFetch(
        options.url,
        { headers: { accept: 'text/event-stream' }, signal: abort.signal },
        undefined,
      );
      if (response.body === null) return;
      for await (const event of readServerSentEvents(response.body, heard)) {
        if (event.event === 'resync') {
          options.onState({ kind: 'connected' });
          options.onResync();
        } else if (event.event === 'change') {
          const { collection } = JSON.parse(event.data) as { collection?: unknown };
          if (typeof collection === 'string') options.onChange(collection);
        }
      }
    } finally {
      clearTimeout(silence);
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    while (!closed) {
      options.onState({ kind: 'connecting' });
      let error: LocalizedMessage | undefined;
      const connectedAt = Date.now();
      try {
        await connectOnce();
      } catch (failure) {
        if (closed) return;
        // The session is over: whoever follows the session stops replication; nothing to reconnect with.
        if (failure instanceof SessionEndedError) return;
        if (failure instanceof ServerUnreachableError) error = failure.localizedMessage;
        else if (failure instanceof ServerRefusedError) error = failure.reason;
        else error = STREAM_LOST;
      }
      if (closed) return;
      // A stream that stayed up a while was healthy: start the backoff over.
      attempt = Date.now() - connectedAt > MAX_RETRY_MS ? 1 : attempt + 1;
      options.onState({ kind: 'retrying', error });
      await pause(retryDelay(attempt));
    }
  };

  void run();
  return {
    close: () => {
      closed = true;
      connection?.abort();
      wake?.();
    },
  };
}
