import type { Principal } from '../../replication-server/src/auth/principal';
import { caseTags, inCaseScope } from '../../replication-server/src/replication/scope';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import type { Role } from '../../src/domain/organisation/organisation.schema';
import { type OpenedStream, openStream } from '../server/event-stream';
import type { Deployment } from './bench-servers';
import { newCasesAtStation } from './fixtures/station-cases';
import type { DemoSessions } from './server-load';
import { authorization, pushCases } from './sync-http';

/**
 * Live fan-out: `streams` SSE clients open on the instances (the app's fetch-based stream), then one case pushed at a
 * time by a clerk at one instance; for every stream whose scope includes the case, the time from sending the push
 * to that stream reading its `change` event. Streams and pusher share this process and its clock.
 */

export interface FanOutRuns {
  readonly latencyMs: number[];
  /** The deliveries to a stream on another instance than the one that took the push. */
  readonly crossInstanceMs: number[];
  /** Deliveries expected by scope that did not arrive within ROUND_TIMEOUT_MS. */
  readonly missed: number;
  readonly streams: number;
  readonly rounds: number;
}

const ROUND_TIMEOUT_MS = 10_000;
/** Pushes come one at a time, a little apart, as the cases of many stations do. */
const PAUSE_MS = 20;
const OPEN_AT_ONCE = 20;

interface Listener {
  readonly index: number;
  readonly instance: number;
  readonly principal: Principal;
  readonly stream: OpenedStream;
}

interface Round {
  readonly instance: number;
  readonly startedAt: number;
  readonly waiting: Set<number>;
  readonly done: () => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const principals: ReadonlyMap<string, Principal> = new Map(
  demoOrganisation.staff.map((staff) => [
    staff.id,
    {
      staffId: staff.id,
      name: staff.name,
      role: staff.role as Role,
      ...(staff.stationId === undefined ? {} : { stationId: staff.stationId }),
      ...(staff.departmentCode === undefined ? {} : { departmentCode: staff.departmentCode }),
      jti: '',
      sessionId: '',
      expiresAt: Number.POSITIVE_INFINITY,
    },
  ]),
);

/** Stream `index` carries the `index % accounts`th demo account's session, at instance `index % instances`. */
async function openListeners(
  deployment: Deployment,
  sessions: DemoSessions,
  count: number,
): Promise<Listener[]> {
  const accounts = [...sessions.byStaffId.values()];
  const listeners: Listener[] = [];
  for (let first = 0; first < count; first += OPEN_AT_ONCE) {
    const batch = Array.from({ length: Math.min(OPEN_AT_ONCE, count - first) }, async (_, offset) => {
      const index = first + offset;
      const session = accounts[index % accounts.length]!;
      const instance = index % deployment.instances.length;
      const stream = await openStream(deployment.instances[instance]!.baseUrl, authorization(session));
      const opening = await stream.next();
      if (stream.status !== 200 || opening.event !== 'resync')
        throw new Error(`stream ${index} did not open`);
      return { index, instance, principal: principals.get(session.staffId)!, stream };
    });
    listeners.push(...(await Promise.all(batch)));
  }
  return listeners;
}

export async function measureFanOut(
  deployment: Deployment,
  sessions: DemoSessions,
  options: { readonly streams: number; readonly rounds: number },
): Promise<FanOutRuns> {
  const listeners = await openListeners(deployment, sessions, options.streams);
  const latencyMs: number[] = [];
  const crossInstanceMs: number[] = [];
  let round: Round | undefined;
  /** Events at or below a finished round's seq are late arrivals and count for no later round. */
  let settledSeq = 0;
  let roundSeq = 0;

  const reading = listeners.map(async (listener) => {
    try {
      for (;;) {
        const event = await listener.stream.next();
        const change = event.data as { collection?: string; seq?: number } | undefined;
        if (event.event !== 'change' || change?.collection !== 'cases' || (change.seq ?? 0) <= settledSeq)
          continue;
        const current = round;
        if (current === undefined || !current.waiting.delete(listener.index)) continue;
        const ms = performance.now() - current.startedAt;
        latencyMs.push(ms);
        if (listener.instance !== current.instance) crossInstanceMs.push(ms);
        roundSeq = Math.max(roundSeq, change.seq ?? 0);
        if (current.waiting.size === 0) current.done();
      }
    } catch {
      // The stream was closed at the end of the run.
    }
  });

  let missed = 0;
  try {
    for (let index = 0; index < options.rounds; index++) {
      const clerk = sessions.clerks[index % sessions.clerks.length]!;
      const instance = index % deployment.instances.length;
      const [doc] = newCasesAtStation(1, clerk.stationId, 500_000 + index);
      const tags = caseTags(doc!);
      const waiting = new Set(
        listeners
          .filter((listener) => inCaseScope(listener.principal, tags))
          .map((listener) => listener.index),
      );
      let done = () => {};
      const allSeen = new Promise<void>((resolve) => {
        done = resolve;
      });
      if (waiting.size === 0) done();
      round = { instance, startedAt: performance.now(), waiting, done };
      const pushed = await pushCases(
        { ...clerk.session, baseUrl: deployment.instances[instance]!.baseUrl },
        [doc!],
        1,
      );
      if (pushed.rejected + pushed.conflicts > 0) throw new Error('a fan-out case was refused');
      await Promise.race([allSeen, sleep(ROUND_TIMEOUT_MS)]);
      missed += waiting.size;
      round = undefined;
      settledSeq = Math.max(settledSeq, roundSeq);
      await sleep(PAUSE_MS);
    }
  } finally {
    for (const listener of listeners) listener.stream.close();
    await Promise.all(reading);
  }
  return { latencyMs, crossInstanceMs, missed, streams: listeners.length, rounds: options.rounds };
}
