import { createHash } from 'node:crypto';
import pg from 'pg';
import type { BaseLogger } from 'pino';
import type { StoredDocument } from '../store/store';
import { type Change, type ChangeBus, type ChangeEvent, ChangeFeed, summariseChanges } from './change-feed';

export interface PostgresChangeBusOptions {
  readonly connectionString: string;
  /** The store's schema; each schema (county) gets its own channel, since channels are per database. */
  readonly schema?: string;
  readonly logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
}

// NOTIFY refuses payloads of 8000 bytes or more; stay well below so a change's tags can never hit the limit.
const MAX_PAYLOAD_BYTES = 7000;
const MAX_CHANNEL_LENGTH = 63;
const FIRST_RECONNECT_DELAY_MS = 250;
const MAX_RECONNECT_DELAY_MS = 30_000;

/** The NOTIFY channel of a schema: `jinban_changes`, or `jinban_changes_<schema>`. */
export function changeChannel(schema: string | undefined): string {
  if (schema === undefined) return 'jinban_changes';
  const channel = `jinban_changes_${schema}`;
  if (channel.length <= MAX_CHANNEL_LENGTH) return channel;
  return `jinban_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/**
 * One NOTIFY payload per change, `{collection, seq, tags}`. A change whose tags do not fit in one payload is sent as
 * several payloads with the same collection and seq and a share of the tags each: a stream whose reader holds tags
 * from two shares hears about the seq twice, which costs it one empty pull.
 */
export function encodeChanges(changes: readonly Change[]): string[] {
  const payloads: string[] = [];
  for (const { collection, seq, tags } of changes) {
    const emptySize = Buffer.byteLength(JSON.stringify({ collection, seq, tags: [] }));
    let share: string[] = [];
    let size = emptySize;
    for (const tag of tags) {
      const tagSize = Buffer.byteLength(JSON.stringify(tag)) + 1;
      if (share.length > 0 && size + tagSize > MAX_PAYLOAD_BYTES) {
        payloads.push(JSON.stringify({ collection, seq, tags: share }));
        share = [];
        size = emptySize;
      }
      share.push(tag);
      size += tagSize;
    }
    payloads.push(JSON.stringify({ collection, seq, tags: share }));
  }
  return payloads;
}

/** The change a payload describes; undefined for anything else on the channel. */
export function decodeChange(payload: string | undefined): Change | undefined {
  try {
    const value: unknown = JSON.parse(payload ?? '');
    if (value === null || typeof value !== 'object') return undefined;
    const { collection, seq, tags } = value as Record<string, unknown>;
    if (typeof collection !== 'string' || !Number.isSafeInteger(seq) || !Array.isArray(tags))
      return undefined;
    if (!tags.every((tag) => typeof tag === 'string')) return undefined;
    return { collection, seq: seq as number, tags };
  } catch {
    return undefined;
  }
}

/**
 * The change bus of a deployment with many instances on one PostgreSQL database.
 *
 * There is one path: `publish` only NOTIFYs, and every instance — the one that accepted the push included — hands
 * its streams what its LISTEN connection receives. So no instance needs to recognise its own notifications, and a
 * stream sees the same events whichever instance it is connected to.
 *
 * LISTEN runs on a dedicated connection, not one from a pool (a pooled connection would stop listening when it is
 * handed back). When that connection drops, notifications sent meanwhile are lost; the bus reconnects with
 * exponential backoff and then tells every stream to RESYNC, so clients pull what they may have missed.
 * NOTIFY goes through a small pool of its own, so announcing still works while the listener reconnects.
 */
export class PostgresChangeBus implements ChangeBus {
  private readonly _feed = new ChangeFeed();
  private readonly _channel: string;
  private readonly _notifier: pg.Pool;
  private _listener: pg.Client | undefined;
  private _reconnectTimer: NodeJS.Timeout | undefined;
  private _closed = false;

  private constructor(private readonly _options: PostgresChangeBusOptions) {
    this._channel = changeChannel(_options.schema);
    this._notifier = new pg.Pool({
      connectionString: _options.connectionString,
      max: 2,
      application_name: 'jinban-notifier',
    });
    // An idle pooled connection that dies must not take the process down; the next NOTIFY opens a new one.
    this._notifier.on('error', (error) =>
      _options.logger.warn({ err: error }, 'change notifier connection lost'),
    );
  }

  /** Resolves once this instance is listening, so no push committed after startup goes unannounced. */
  static async open(options: PostgresChangeBusOptions): Promise<PostgresChangeBus> {
    const bus = new PostgresChangeBus(options);
    try {
      bus._watch(await bus._listen());
    } catch (error) {
      await bus._notifier.end();
      throw error;
    }
    return bus;
  }

  async publish(written: readonly StoredDocument[]): Promise<void> {
    const payloads = encodeChanges(summariseChanges(written));
    if (payloads.length === 0) return;
    try {
      await this._notifier.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
        this._channel,
        payloads,
      ]);
    } catch (error) {
      // Live clients miss this hint only: the next change they hear of, or their next reconnect, makes them pull.
      this._options.logger.error({ err: error, channel: this._channel }, 'could not announce a change');
    }
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    return this._feed.subscribe(listener);
  }

  async close(): Promise<void> {
    this._closed = true;
    clearTimeout(this._reconnectTimer);
    const listener = this._listener;
    this._listener = undefined;
    await listener?.end().catch(() => undefined);
    await this._notifier.end();
    await this._feed.close();
  }

  private async _listen(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this._options.connectionString,
      application_name: 'jinban-listener',
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== this._channel) return;
      const change = decodeChange(message.payload);
      if (change === undefined) {
        this._options.logger.warn({ channel: this._channel }, 'ignored a malformed change notification');
        return;
      }
      this._feed.emit({ kind: 'change', ...change });
    });
    // An 'error' with no listener would crash the process; until _watch adds the one that reconnects, connect() and
    // query() below report failures.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`LISTEN "${this._channel}"`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private _watch(client: pg.Client): void {
    this._listener = client;
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost || this._closed) return;
      lost = true;
      this._listener = undefined;
      this._options.logger.warn({ err: error, channel: this._channel }, 'change listener connection lost');
      client.end().catch(() => undefined);
      this._reconnect(FIRST_RECONNECT_DELAY_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
  }

  private _reconnect(delayMs: number): void {
    this._reconnectTimer = setTimeout(async () => {
      if (this._closed) return;
      try {
        const client = await this._listen();
        if (this._closed) {
          await client.end();
          return;
        }
        this._watch(client);
        this._options.logger.info({ channel: this._channel }, 'change listener reconnected');
        // Pushes committed while nobody here was listening were announced to no one: every stream must pull.
        this._feed.emit({ kind: 'resync' });
      } catch (error) {
        const next = Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS);
        this._options.logger.warn(
          { err: error, channel: this._channel, retryInMs: next },
          'change listener could not reconnect',
        );
        this._reconnect(next);
      }
    }, delayMs);
  }
}
