import type { RxReplicationWriteToMasterRow } from 'rxdb';

type PushRow = RxReplicationWriteToMasterRow<unknown>;

export interface PushRequest {
  readonly rows: PushRow[];
  /** The rows as the request's JSON body, or undefined for a row too large to send on its own. */
  readonly body: string | undefined;
}

/**
 * Consecutive rows grouped into requests of at most `rowsPerRequest` rows and `maxBytes` of JSON body each; a row
 * whose request would be over the byte limit on its own gets a request without a body, to be reported as too large.
 * Each row is serialized once, for its size and for the body: a 10,000-case push spends its time on the tablet's CPU,
 * not on the wire.
 */
export function pushRequestsOf(
  rows: readonly PushRow[],
  rowsPerRequest: number,
  maxBytes: number,
): PushRequest[] {
  const measure = utf8Measure(maxBytes);
  const requests: PushRequest[] = [];
  let current: PushRow[] = [];
  let currentJson: string[] = [];
  // The body's bytes so far: '[' and, per row, its JSON and the ',' or ']' after it.
  let currentBytes = 1;
  const close = (): void => {
    if (current.length === 0) return;
    requests.push({ rows: current, body: `[${currentJson.join(',')}]` });
    current = [];
    currentJson = [];
    currentBytes = 1;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    const bytes = measure(json);
    if (bytes === undefined || 1 + bytes + 1 > maxBytes) {
      requests.push({ rows: [row], body: undefined });
      continue;
    }
    if (current.length === rowsPerRequest || currentBytes + bytes + 1 > maxBytes) close();
    current.push(row);
    currentJson.push(json);
    currentBytes += bytes + 1;
  }
  close();
  return requests;
}

/**
 * The UTF-8 length of a string, or undefined when it is over `maxBytes`. encodeInto measures it in one scratch
 * buffer, grown only for a longer string than any before and never past `maxBytes` + 1: a string it could not
 * encode to the end is over the limit whatever its full length. (UTF-8 takes at most 3 bytes per UTF-16 unit.)
 */
function utf8Measure(maxBytes: number): (text: string) => number | undefined {
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(0);
  return (text) => {
    const needed = Math.min(maxBytes + 1, 3 * text.length);
    if (scratch.length < needed) scratch = new Uint8Array(needed);
    const { read, written } = encoder.encodeInto(text, scratch);
    return read < text.length || written > maxBytes ? undefined : written;
  };
}

/**
 * Runs `work` on every item, at most `limit` at a time. After a failure no further item starts; the first failure is
 * thrown once the running ones have ended, so a retry of the whole round never overlaps with this one.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
