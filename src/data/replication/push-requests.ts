import type { RxReplicationWriteToMasterRow } from 'rxdb';

type PushRow = RxReplicationWriteToMasterRow<unknown>;

export interface PushRequest {
  readonly rows: PushRow[];
  /** The rows as the request's JSON body, or undefined for a row too large to send on its own. */
  readonly body: string | undefined;
}

/**
 * Consecutive rows grouped into requests of at most `rowsPerRequest` rows and `maxBytes` of JSON each; a row over
 * the byte limit on its own gets a request without a body, to be reported as too large. Each row is serialized
 * once, for its size and for the body: a 10,000-case push spends its time on the tablet's CPU, not on the wire.
 */
export function pushRequestsOf(
  rows: readonly PushRow[],
  rowsPerRequest: number,
  maxBytes: number,
): PushRequest[] {
  // encodeInto a buffer one byte larger than allowed measures UTF-8 without allocating per row; a row it could not
  // encode to the end is over the limit whatever its full length.
  const encoder = new TextEncoder();
  const scratch = new Uint8Array(maxBytes + 1);
  const requests: PushRequest[] = [];
  let current: PushRow[] = [];
  let currentJson: string[] = [];
  let currentBytes = 0;
  const close = (): void => {
    if (current.length === 0) return;
    requests.push({ rows: current, body: `[${currentJson.join(',')}]` });
    current = [];
    currentJson = [];
    currentBytes = 0;
  };
  for (const row of rows) {
    const json = JSON.stringify(row);
    const { read, written: bytes } = encoder.encodeInto(json, scratch);
    if (read < json.length || bytes > maxBytes) {
      requests.push({ rows: [row], body: undefined });
      continue;
    }
    // Brackets and commas: one byte per row, plus one.
    if (current.length === rowsPerRequest || currentBytes + bytes + 1 > maxBytes) close();
    current.push(row);
    currentJson.push(json);
    currentBytes += bytes + 1;
  }
  close();
  return requests;
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
