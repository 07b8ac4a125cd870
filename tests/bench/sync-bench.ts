import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable, recordMachine, writeReport } from './bench-report';
import { PROJECT_ROOT } from './bench-site';
import { measureBrowserSync } from './browser-sync-bench';
import { type DeploymentLoad, loadFigures } from './deployment-load';

/**
 * Issue 4's benchmark, in bench-results/sync.json: the browser's first pull and push against raw IndexedDB, and
 * the SQLite server under ten pushing tablets and many live streams. Targets are reported, never thrown.
 */

const RESULT_PATH = join(PROJECT_ROOT, 'bench-results', 'sync.json');

export async function runSyncBench(quick: boolean, sqliteLoad: () => Promise<DeploymentLoad>): Promise<void> {
  const machine = recordMachine(quick);
  const workDir = await mkdtemp(join(tmpdir(), 'jinban-sync-bench-'));
  try {
    const documents = quick ? 1_000 : 10_000;
    console.log(`Sync: the browser's first pull and push of ${documents} cases against a SQLite server…`);
    const browser = await measureBrowserSync(workDir, { documents, repetitions: quick ? 2 : 3 });
    console.log('Sync: server load on SQLite…');
    const load = await sqliteLoad();
    // Pull throughput belongs to the server benchmark; issue 4 asks for pushes and fan-out.
    const serverFigures = loadFigures(load).filter((figure) => !figure.id.endsWith('.pull-throughput'));
    const report = {
      machine: machine.finish({ chromium: browser.chromium }),
      fixtures: {
        casesPerBrowserRun: documents,
        meanCaseJsonBytesUtf8: Math.round(browser.meanCaseJsonBytes),
        casesPerPushRepetition: load.push.documents[0] ?? 0,
        streams: load.fanOut.streams,
      },
      figures: [...browser.figures, ...serverFigures],
      notes: [
        'One SQLite server process (WAL, synchronous=FULL, data on the project disk), started fresh for the browser runs and again for the load; the browser, the server and the load clients share the machine.',
        'Browser runs: the app’s production build of openDataLayer + startReplication, same origin as the server; the clock starts at startReplication after sign-in and tab leadership; it stops when every case is stored on the device (pull) or written at the server (push), and again when awaitInSync resolves. The first pull also brings the catalog, calendars and stations.',
        'The push repetitions come from other stations each time, so no tablet pulls an earlier repetition’s cases; the server’s counters confirm every case written and none refused.',
        'Each ratio pairs a sync with a raw IndexedDB write of the same cases in the same repetition (the schema’s primary key and indexes, one transaction).',
        'Push throughput and fan-out: Node HTTP clients on the replication API (replication batch sizes); the ten clients share the six demo clerks’ sessions, the streams all thirteen demo accounts’ sessions (20 sign-ins a minute per address).',
        'Fan-out latency: from sending a single-case push to each in-scope stream reading its change event; no other load meanwhile.',
      ],
    };
    await writeReport(RESULT_PATH, report);
    console.log(`\n${formatTable(report)}\n\nWritten to ${RESULT_PATH}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
