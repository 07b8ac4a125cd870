import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The real sync server as its own process (`node --import tsx replication-server/src/main.ts`), for tests and
 * benchmarks that need what an in-process server cannot give: a SIGKILL, several instances, real sockets.
 */

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  readonly baseUrl: string;
  readonly port: number;
  /** What the process printed, the last 20,000 characters. */
  output(): string;
  /** Ends the process at once, as a power cut or the OOM killer would: no shutdown hook runs. */
  kill(): Promise<void>;
  /** Asks it to shut down (SIGTERM) and waits until it has. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now, drawn by the system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/** Starts the server with `env` on top of this process's environment and waits until /healthz answers. */
export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const chosenPort = port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${chosenPort}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'replication-server/src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(chosenPort), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on ${chosenPort} exited at startup:\n${output}`);
    if (Date.now() > deadline) {
      await end('SIGKILL');
      throw new Error(`server on ${chosenPort} did not start within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    const healthy = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    port: chosenPort,
    output: () => output,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
