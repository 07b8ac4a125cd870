import { PULL_BATCH_SIZE, PUSH_BATCH_SIZE } from '../../src/data/replication/replication';
import { type Figure, figure } from './bench-report';
import { type Backend, type StoredCases, startDeployment } from './bench-servers';
import { type FanOutRuns, measureFanOut } from './fan-out-latency';
import {
  measurePullThroughput,
  measurePushThroughput,
  signInDemoAccounts,
  type ThroughputRuns,
} from './server-load';

/**
 * One deployment (SQLite, or PostgreSQL with N instances) put through the same load: pushes from many tablets,
 * full pulls by many tablets, then live fan-out to many open streams; started fresh and thrown away afterwards.
 */

export interface LoadSizes {
  /** Cases pushed per repetition, split over the clients. */
  readonly cases: number;
  readonly clients: number;
  readonly repetitions: number;
  readonly streams: number;
  readonly rounds: number;
}

export const loadSizes = (quick: boolean): LoadSizes =>
  quick
    ? { cases: 1_000, clients: 10, repetitions: 2, streams: 50, rounds: 15 }
    : { cases: 10_000, clients: 10, repetitions: 3, streams: 200, rounds: 100 };

export interface DeploymentLoad {
  readonly label: string;
  readonly backend: Backend;
  readonly instances: number;
  readonly sizes: LoadSizes;
  readonly push: ThroughputRuns;
  readonly pull: ThroughputRuns;
  readonly fanOut: FanOutRuns;
  /** After every push of the run. */
  readonly storage: StoredCases;
}

export async function measureDeploymentLoad(
  backend: Backend,
  instances: number,
  sizes: LoadSizes,
): Promise<DeploymentLoad> {
  const deployment = await startDeployment(backend, instances);
  try {
    const sessions = await signInDemoAccounts(deployment);
    console.log(
      `  ${deployment.label}: ${sizes.repetitions}× push of ${sizes.cases} cases from ${sizes.clients} clients…`,
    );
    const push = await measurePushThroughput(deployment, sessions, sizes);
    console.log(`  ${deployment.label}: ${sizes.repetitions}× full pull by ${sizes.clients} clients…`);
    const pull = await measurePullThroughput(deployment, sessions, sizes);
    console.log(`  ${deployment.label}: fan-out to ${sizes.streams} streams, ${sizes.rounds} pushes…`);
    const fanOut = await measureFanOut(deployment, sessions, sizes);
    const storage = await deployment.storage();
    return { label: deployment.label, backend, instances, sizes, push, pull, fanOut, storage };
  } finally {
    await deployment.close();
  }
}

/** The deployment's figures, ids prefixed with e.g. `postgres-2.`. */
export function loadFigures(load: DeploymentLoad): Figure[] {
  const prefix = `${load.backend}-${load.instances}`;
  const { sizes, push, pull, fanOut } = load;
  const figures = [
    figure(
      `${prefix}.push-throughput`,
      `${load.label}: push, ${sizes.clients} clients`,
      'docs/s',
      push.docsPerSecond,
      {
        note: `${push.documents[0]} new cases per repetition in batches of ${PUSH_BATCH_SIZE}; each repetition's cases new`,
      },
    ),
    figure(
      `${prefix}.pull-throughput`,
      `${load.label}: full pull, ${sizes.clients} clients`,
      'docs/s',
      pull.docsPerSecond,
      {
        note: `${pull.documents[0]} cases per repetition in pages of ${PULL_BATCH_SIZE}, each client its station's cases from checkpoint 0`,
      },
    ),
    figure(
      `${prefix}.fan-out`,
      `${load.label}: push → SSE change, ${fanOut.streams} streams`,
      'ms',
      fanOut.latencyMs,
      {
        note: `${fanOut.rounds} single-case pushes, one at a time; n = deliveries to streams in the case's scope; missed: ${fanOut.missed}`,
      },
    ),
  ];
  if (load.instances > 1) {
    figures.push(
      figure(
        `${prefix}.fan-out.cross-instance`,
        `${load.label}: … to a stream on the other instance`,
        'ms',
        fanOut.crossInstanceMs,
      ),
    );
  }
  return figures;
}
