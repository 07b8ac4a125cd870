import { type DeploymentLoad, loadSizes, measureDeploymentLoad } from './deployment-load';
import { runServerBench } from './server-bench';
import { runStationAppBench } from './station-app-bench';
import { runSyncBench } from './sync-bench';

/**
 * `npm run bench [-- <name>…]`: every benchmark, or only the named ones (station-app, sync, server), each writing
 * bench-results/<name>.json. BENCH_QUICK=1 shrinks every size for a smoke run of the harness; its figures say
 * nothing about the targets.
 */

const QUICK = process.env['BENCH_QUICK'] === '1';
const BENCHES = ['station-app', 'sync', 'server'] as const;
type BenchName = (typeof BENCHES)[number];

const isBenchName = (name: string): name is BenchName => (BENCHES as readonly string[]).includes(name);

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !isBenchName(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${BENCHES.join(', ')}.`);
  process.exit(2);
}
const selected = requested.length === 0 ? BENCHES : BENCHES.filter((name) => requested.includes(name));

const sizes = loadSizes(QUICK);
// The SQLite load figures appear in both the sync and the server report: measured once, shared by both.
let sqliteLoad: Promise<DeploymentLoad> | undefined;
const measureSqliteOnce = (): Promise<DeploymentLoad> => {
  sqliteLoad ??= measureDeploymentLoad('sqlite', 1, sizes);
  return sqliteLoad;
};

for (const name of selected) {
  if (name === 'station-app') await runStationAppBench(QUICK);
  if (name === 'sync') await runSyncBench(QUICK, measureSqliteOnce);
  if (name === 'server') await runServerBench(QUICK, sizes, measureSqliteOnce);
}
