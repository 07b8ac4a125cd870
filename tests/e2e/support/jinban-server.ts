import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TSX_CLI = join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs');
const SERVER_MAIN = join(PROJECT_ROOT, 'replication-server/src/main.ts');
const START_TIMEOUT_MS = 60_000;

export interface JinbanServer {
  /** Base address of the server, which also serves the built app; ends in a slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** A port nobody listens on right now, drawn by the system. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the sync server exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      if ((await fetch(new URL('/healthz', url))).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the sync server did not start within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * Starts the real sync server (`tsx replication-server/src/main.ts`, as `npm start` does) on a free port with an
 * empty SQLite database in a temporary folder, seeding the demo county and its accounts. It serves dist/.
 * Passwords are hashed with few iterations, only to keep start-up short.
 */
export async function startJinbanServer(): Promise<JinbanServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'jb-e2e-server-'));
  const child = spawn(process.execPath, [TSX_CLI, SERVER_MAIN], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DIST_DIR: join(PROJECT_ROOT, 'dist'),
      JINBAN_DEMO: '1',
      PASSWORD_ITERATIONS: '1000',
      LOG_LEVEL: 'warn',
    },
    // Its own process group, so closing ends tsx and the node process it starts.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
      const killed = setTimeout(() => {
        if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(killed);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilHealthy(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, close: stop };
}
