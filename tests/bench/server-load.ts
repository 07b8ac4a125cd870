import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from '../../src/data/replication/replication';
import demoOrganisation from '../../src/domain/demo/demo-organisation.json';
import type { Deployment } from './bench-servers';
import { newCasesAtStation } from './fixtures/station-cases';
import { pullAllCases, pushCases, type Session, signIn } from './sync-http';

/**
 * Load from many tablets at once, as Node HTTP clients speaking the replication API the way the app does (pushes of
 * PUSH_BATCH_SIZE rows, pulls of PULL_BATCH_SIZE): push and pull throughput in documents per second.
 */

export interface DemoSessions {
  /** One session per demo account, each signed in at one instance (tokens are valid at every instance). */
  readonly byStaffId: ReadonlyMap<string, Session>;
  readonly clerks: readonly { readonly session: Session; readonly stationId: string }[];
}

/**
 * Signs in every demo account once, spread over the instances. A server allows 20 sign-ins a minute from one
 * address, so the load clients share these sessions: a request costs the server the same whichever session it
 * carries (the token is verified and checked for revocation every time).
 */
export async function signInDemoAccounts(deployment: Deployment): Promise<DemoSessions> {
  const byStaffId = new Map<string, Session>();
  const accounts = demoOrganisation.staff.filter((staff) => staff.id in demoOrganisation.demoPasswords);
  for (const [index, staff] of accounts.entries()) {
    const instance = deployment.instances[index % deployment.instances.length]!;
    byStaffId.set(staff.id, await signIn(instance.baseUrl, staff.id));
  }
  const clerks = accounts
    .filter((staff) => staff.role === 'clerk')
    .map((staff) => ({ session: byStaffId.get(staff.id)!, stationId: staff.stationId! }));
  return { byStaffId, clerks };
}

/** Client `index` is a tablet of the `index % 6`th clerk's station, talking to instance `index % instances`. */
function loadClients(deployment: Deployment, sessions: DemoSessions, clients: number) {
  return Array.from({ length: clients }, (_, index) => {
    const clerk = sessions.clerks[index % sessions.clerks.length]!;
    const instance = deployment.instances[index % deployment.instances.length]!;
    return { session: { ...clerk.session, baseUrl: instance.baseUrl }, stationId: clerk.stationId };
  });
}

export interface ThroughputRuns {
  readonly docsPerSecond: number[];
  /** Documents moved per repetition. */
  readonly documents: number[];
}

/**
 * `cases` new cases split over `clients` tablets pushing at the same time, per repetition; each repetition's cases
 * are new. Every case must be written: a refused row would make the figure meaningless.
 */
export async function measurePushThroughput(
  deployment: Deployment,
  sessions: DemoSessions,
  options: { readonly cases: number; readonly clients: number; readonly repetitions: number },
): Promise<ThroughputRuns> {
  const clients = loadClients(deployment, sessions, options.clients);
  const runs: ThroughputRuns = { docsPerSecond: [], documents: [] };
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    const perClient = Math.ceil(options.cases / clients.length);
    const work = clients.map((client, index) =>
      newCasesAtStation(perClient, client.stationId, 1_000 + repetition * 100 + index),
    );
    const start = performance.now();
    const results = await Promise.all(
      clients.map((client, index) => pushCases(client.session, work[index]!, PUSH_BATCH_SIZE)),
    );
    const elapsed = performance.now() - start;
    const refused = results.reduce((sum, result) => sum + result.rejected + result.conflicts, 0);
    if (refused > 0) throw new Error(`${refused} pushed cases were refused or conflicted`);
    const documents = perClient * clients.length;
    runs.docsPerSecond.push((documents / elapsed) * 1000);
    runs.documents.push(documents);
  }
  return runs;
}

/** `clients` tablets at once, each pulling every case of its station from checkpoint 0, per repetition. */
export async function measurePullThroughput(
  deployment: Deployment,
  sessions: DemoSessions,
  options: { readonly clients: number; readonly repetitions: number },
): Promise<ThroughputRuns> {
  const clients = loadClients(deployment, sessions, options.clients);
  const runs: ThroughputRuns = { docsPerSecond: [], documents: [] };
  for (let repetition = 0; repetition < options.repetitions; repetition++) {
    const start = performance.now();
    const counts = await Promise.all(clients.map((client) => pullAllCases(client.session, PULL_BATCH_SIZE)));
    const elapsed = performance.now() - start;
    const documents = counts.reduce((sum, count) => sum + count, 0);
    runs.docsPerSecond.push((documents / elapsed) * 1000);
    runs.documents.push(documents);
  }
  return runs;
}
