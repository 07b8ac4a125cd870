import { join } from 'node:path';
import pg from 'pg';
import { TEST_DATABASE_URL } from '../contract/store-factories';
import { formatTable, recordMachine, writeReport } from './bench-report';
import { PROJECT_ROOT } from './bench-site';
import { type DeploymentLoad, type LoadSizes, loadFigures, measureDeploymentLoad } from './deployment-load';

/**
 * Issue 6's benchmark, in bench-results/server.json: the same load on PostgreSQL with one and with two server
 * instances, side by side with SQLite from the same run, and what each database stores per case (for sizing).
 */

const RESULT_PATH = join(PROJECT_ROOT, 'bench-results', 'server.json');

/** The PostgreSQL settings behind the figures: durability and memory. */
async function postgresSettings(): Promise<string> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings
       WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'shared_buffers', 'max_connections')
       ORDER BY name`,
    );
    return rows.map((row) => `${row.name}=${row.setting}${row.unit ?? ''}`).join(', ');
  } finally {
    await client.end();
  }
}

const storageFacts = (load: DeploymentLoad) => ({
  [`${load.backend}${load.instances}Cases`]: load.storage.cases,
  [`${load.backend}${load.instances}MeanCaseBodyBytes`]: Math.round(load.storage.meanBodyBytes),
  [`${load.backend}${load.instances}DiskBytesPerCase`]: Math.round(load.storage.diskBytesPerCase),
});

export async function runServerBench(
  quick: boolean,
  sizes: LoadSizes,
  sqliteLoad: () => Promise<DeploymentLoad>,
): Promise<void> {
  const machine = recordMachine(quick);
  console.log('Server: SQLite, PostgreSQL ×1 and PostgreSQL ×2 under the same load…');
  const sqlite = await sqliteLoad();
  const postgres1 = await measureDeploymentLoad('postgres', 1, sizes);
  const postgres2 = await measureDeploymentLoad('postgres', 2, sizes);
  const loads = [sqlite, postgres1, postgres2];
  const report = {
    machine: machine.finish({ postgres: await postgresSettings() }),
    fixtures: {
      casesPerPushRepetition: sizes.cases,
      clients: sizes.clients,
      repetitions: sizes.repetitions,
      streams: sizes.streams,
      fanOutPushes: sizes.rounds,
      ...Object.assign({}, ...loads.map(storageFacts)),
    },
    figures: loads.flatMap(loadFigures),
    notes: [
      'Each deployment starts fresh (SQLite in a new file; PostgreSQL in a new schema of database test, dropped afterwards) and gets the same load in the same order: pushes, then full pulls, then fan-out.',
      'Server processes, PostgreSQL and the Node load clients share the machine’s cores; with two instances the load clients and streams alternate between them.',
      'PostgreSQL serialises pushes with one advisory lock (seq order = commit order), so a second instance adds request handling, not write concurrency.',
      'Disk bytes per case: every table and index of the database after the run (SQLite: pages in use, WAL included; PostgreSQL: pg_total_relation_size of every table, with indexes and TOAST), divided by its cases; the reference data and push bookkeeping are included.',
      'The ten load clients share the six demo clerks’ sessions and the streams all thirteen demo accounts’ sessions: a server allows 20 sign-ins a minute per address.',
    ],
  };
  await writeReport(RESULT_PATH, report);
  console.log(`\n${formatTable(report)}\n\nWritten to ${RESULT_PATH}`);
}
