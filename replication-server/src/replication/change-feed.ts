import { EventEmitter } from 'node:events';
import type { StoredDocument } from '../store/store';

export interface Change {
  readonly collection: string;
  readonly seq: number;
  readonly tags: readonly string[];
}

/** A push wrote documents (`change`), or changes may have been missed and every stream must pull (`resync`). */
export type ChangeEvent = ({ readonly kind: 'change' } & Change) | { readonly kind: 'resync' };

/**
 * How open streams learn of committed pushes, whichever instance accepted them. Routes only see this interface:
 * with SQLite it is the in-process ChangeFeed, with PostgreSQL the PostgresChangeBus (LISTEN/NOTIFY).
 */
export interface ChangeBus {
  /** Announces what a committed push wrote; never rejects, because the push is already committed. */
  publish(written: readonly StoredDocument[]): Promise<void>;
  subscribe(listener: (event: ChangeEvent) => void): () => void;
  close(): Promise<void>;
}

/** One change per collection of a push, at its highest seq, carrying every read tag the push wrote. */
export function summariseChanges(written: readonly StoredDocument[]): Change[] {
  const latest = new Map<string, { seq: number; tags: Set<string> }>();
  for (const document of written) {
    const entry = latest.get(document.collection) ?? { seq: 0, tags: new Set<string>() };
    entry.seq = Math.max(entry.seq, document.seq);
    for (const tag of document.tags) entry.tags.add(tag);
    latest.set(document.collection, entry);
  }
  return [...latest].map(([collection, { seq, tags }]) => ({ collection, seq, tags: [...tags] }));
}

/** The in-process bus: enough when one server instance owns the database (SQLite). */
export class ChangeFeed implements ChangeBus {
  private readonly _emitter = new EventEmitter();

  constructor() {
    // Every open stream listens; a station county has more than the default 10.
    this._emitter.setMaxListeners(0);
  }

  async publish(written: readonly StoredDocument[]): Promise<void> {
    for (const change of summariseChanges(written)) this.emit({ kind: 'change', ...change });
  }

  /** Hands an event to this instance's subscribers only. */
  emit(event: ChangeEvent): void {
    this._emitter.emit('event', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this._emitter.on('event', listener);
    return () => this._emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this._emitter.removeAllListeners();
  }
}
