import type { SeededRandom } from './seeded-random';
import { WireTrace } from './wire-trace';

export interface NetworkFaults {
  /** The request never reaches the server. */
  readonly dropRequest: number;
  /** The server handles the request (and commits a push), but its answer never arrives. */
  readonly dropResponse: number;
  /** The request reaches the server twice; the client sees one answer. */
  readonly duplicate: number;
  /** The request or its answer waits up to maxDelayMs. */
  readonly delay: number;
  readonly maxDelayMs: number;
}

export const NO_FAULTS: NetworkFaults = {
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  delay: 0,
  maxDelayMs: 0,
};

export interface FaultCounts {
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  delayed: number;
}

export interface FaultyNetwork {
  readonly fetch: typeof fetch;
  setFaults(faults: NetworkFaults): void;
  readonly counts: FaultCounts;
  /** The `seq` of the latest pull request per collection: the checkpoint the client had stored when it sent it. */
  readonly lastPullSeq: Map<string, number>;
  readonly trace: WireTrace;
}

const PULL = /\/api\/replication\/([^/]+)\/pull\?/;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The tablet's network between it and the sync server, failing as a village's mobile link does: replication
 * requests (pulls and pushes) are dropped on the way there or back, sent twice, or held up. Sign-in, token refresh
 * and the event stream pass untouched: a lost refresh answer ends the session by design (a refresh token works
 * once), which is not what this network is meant to test; the server's restarts cut the stream anyway.
 */
export function faultyNetwork(random: SeededRandom, base: typeof fetch = globalThis.fetch): FaultyNetwork {
  let faults = NO_FAULTS;
  const counts: FaultCounts = { droppedRequests: 0, droppedResponses: 0, duplicated: 0, delayed: 0 };
  const lastPullSeq = new Map<string, number>();
  const trace = new WireTrace();
  const delay = async (): Promise<void> => {
    if (!random.chance(faults.delay)) return;
    counts.delayed++;
    await sleep(random.int(0, faults.maxDelayMs));
  };

  const faultyFetch: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const pull = PULL.exec(url);
    if (pull !== null) {
      lastPullSeq.set(pull[1]!, Number(new URL(url).searchParams.get('seq') ?? '0'));
    }
    const replication = pull !== null || (url.includes('/api/replication/') && url.endsWith('/push'));
    if (!replication) return base(input, init);
    await delay();
    if (random.chance(faults.dropRequest)) {
      counts.droppedRequests++;
      await trace.record(url, init?.body, undefined, ' (request dropped)');
      throw new TypeError('fetch failed (request dropped by the test network)');
    }
    if (random.chance(faults.duplicate)) {
      counts.duplicated++;
      // The copy's answer is read and thrown away; whichever arrives, the client sees the original's.
      void base(input, init).then(
        (response) => response.arrayBuffer(),
        () => undefined,
      );
    }
    const response = await base(input, init);
    if (random.chance(faults.dropResponse)) {
      counts.droppedResponses++;
      await trace.record(url, init?.body, response.clone(), ' (answer dropped)');
      // Read to the end first, so the server has finished with the request before the client gives up.
      await response.arrayBuffer().catch(() => undefined);
      throw new TypeError('fetch failed (response dropped by the test network)');
    }
    await trace.record(
      url,
      init?.body,
      response.ok ? response.clone() : undefined,
      response.ok ? '' : ` (${response.status})`,
    );
    await delay();
    return response;
  };
  return {
    fetch: faultyFetch,
    setFaults: (next) => {
      faults = next;
    },
    counts,
    lastPullSeq,
    trace,
  };
}
