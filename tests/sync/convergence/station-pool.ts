import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import type { StationCall, StationConfig, StationMessage, StationReport } from './protocol';

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER_ENTRY = fileURLToPath(new URL('./station-worker.ts', import.meta.url));

/**
 * The station code built once into plain JavaScript for the worker threads: Node cannot load TypeScript in a worker
 * by itself, and the data layer reads Vite's `import.meta.env`. Built under the project's `dist/` (ignored by git and
 * the linter) so the bundle's imports of packages resolve to the project's node_modules.
 */
async function buildStationBundle(): Promise<{ file: string; remove(): void }> {
  mkdirSync(join(PROJECT_ROOT, 'dist'), { recursive: true });
  const outDir = mkdtempSync(join(PROJECT_ROOT, 'dist', 'convergence-stations-'));
  await build({
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'warn',
    mode: 'production',
    publicDir: false,
    build: {
      ssr: WORKER_ENTRY,
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'station-worker.mjs' } },
    },
  });
  return {
    file: join(outDir, 'station-worker.mjs'),
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}

export interface StationHandle {
  readonly index: number;
  call<T = unknown>(call: StationCall): Promise<T>;
}

export interface StationPool {
  readonly stations: readonly StationHandle[];
  /** Operations done so far, summed over the stations. */
  progress(): number;
  onProgress(listener: (total: number) => void): void;
  close(): Promise<void>;
}

/** Starts one worker thread per station and opens each station's tablet, signed in and synced. */
export async function openStationPool(configs: readonly StationConfig[]): Promise<StationPool> {
  const bundle = await buildStationBundle();
  const done = new Map<number, number>();
  const listeners: ((total: number) => void)[] = [];
  const total = () => [...done.values()].reduce((sum, n) => sum + n, 0);
  const workers: Worker[] = [];
  const stations = configs.map((config): StationHandle => {
    const worker = new Worker(bundle.file, { stdout: true, stderr: true });
    // RxDB's free-tier notice and other chatter; failures come back as answers.
    worker.stdout.resume();
    worker.stderr.resume();
    workers.push(worker);
    let nextId = 0;
    const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    worker.on('message', (message: StationMessage) => {
      if ('progress' in message) {
        done.set(message.station, message.progress);
        const sum = total();
        for (const listener of listeners) listener(sum);
        return;
      }
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.ok) pending?.resolve(message.result);
      else pending?.reject(new Error(`station ${config.index} (${config.staffId}): ${message.error}`));
    });
    worker.on('error', (error) => {
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
    return {
      index: config.index,
      call: <T>(call: StationCall) =>
        new Promise<T>((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
          worker.postMessage({ ...call, id });
        }),
    };
  });
  const close = async () => {
    await Promise.allSettled(stations.map((station) => station.call({ method: 'close' })));
    await Promise.allSettled(workers.map((worker) => worker.terminate()));
    bundle.remove();
  };
  try {
    await Promise.all(stations.map((station, i) => station.call({ method: 'open', config: configs[i]! })));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    stations,
    progress: total,
    onProgress: (listener) => listeners.push(listener),
    close,
  };
}

export type { StationReport };
