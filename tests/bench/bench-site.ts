import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * One site on one origin: the production build of the app at / and the data-layer bench page at /bench/. Sharing the
 * origin lets the bench page fill the very IndexedDB database the app opens on its next start.
 */

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_PAGE_PATH = '/bench/index.html';

/** `vite build` of the product as `npm run build` does it (vite.config.ts), into `outDir` instead of dist/. */
export async function buildApp(outDir: string): Promise<void> {
  await build({ root: PROJECT_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

/**
 * The bench page in production mode, so the data layer runs as in the app: no RxDB dev-mode, no schema validation.
 * It goes into the app's output after the app build, so it is not among the files the service worker precaches.
 */
export async function buildBenchPage(siteDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve(PROJECT_ROOT, 'tests/bench/pages'),
    base: '/bench/',
    mode: 'production',
    // Its chunking warnings (one big chunk, the demo data imported statically) do not matter for a bench page.
    logLevel: 'error',
    build: { outDir: join(siteDir, 'bench'), emptyOutDir: true, sourcemap: false },
  });
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  /** Ends in a slash. */
  readonly url: string;
  close(): Promise<void>;
}

async function resolveFile(siteDir: string, urlPath: string): Promise<string | undefined> {
  const path = normalize(join(siteDir, decodeURIComponent(urlPath)));
  if (path !== siteDir && !path.startsWith(siteDir + sep)) return undefined;
  const found = await stat(path).catch(() => undefined);
  if (found?.isDirectory()) return resolveFile(siteDir, join(urlPath, 'index.html'));
  return found?.isFile() ? path : undefined;
}

/** Serves `siteDir` on 127.0.0.1 at a free port. */
export function serveStatic(siteDir: string): Promise<StaticServer> {
  const root = resolve(siteDir);
  const server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    resolveFile(root, urlPath)
      .then(async (file) => {
        if (file === undefined) {
          response.writeHead(404).end();
          return;
        }
        const body = await readFile(file);
        response
          .writeHead(200, {
            'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
            'Cache-Control': 'no-cache',
          })
          .end(body);
      })
      .catch(() => response.writeHead(500).end());
  });
  return new Promise((resolveServer, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolveServer({
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
