import { appendFile, cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog/catalog.schema';
import demoCatalogJson from '../../src/domain/demo/demo-catalog.json';
import { type E2eHarness, launchChromium, startE2eHarness, TABLET_VIEWPORT } from './support/e2e-harness';
import { waitForServiceWorkerControl } from './support/service-worker';

const demoCatalog = demoCatalogJson as Catalog;
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
const SERVICE_WORKER_FILE = 'service-worker.js';
const ITEM_PAGE_CHUNK = /\/assets\/jb-page-catalog-item-[\w-]+\.js$/;
const IMAGE_WORKER_CHUNK = /^assets\/image\.worker-[\w-]+\.js$/;

const firstItem = (): Catalog['items'][number] => {
  const item = demoCatalog.items[0];
  if (item === undefined) throw new Error('the demo catalog has no item');
  return item;
};

const itemLink = (page: Page, name: string) =>
  page
    .locator('jb-catalog-entry')
    .getByRole('link')
    .filter({ has: page.getByRole('heading', { name, exact: true }) });

/** Every file of the build the tablet needs: all but source maps and the service worker itself. */
async function builtFiles(): Promise<string[]> {
  const entries = await readdir(DIST, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.map') && entry.name !== SERVICE_WORKER_FILE)
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = [0x89, 0x50, 0x4e, 0x47];
  if (!signature.every((byte, index) => bytes[index] === byte)) throw new Error('not a PNG');
  return `${view.getUint32(16)}x${view.getUint32(20)}`;
}

describe('offline-first PWA', () => {
  let harness: E2eHarness;

  beforeAll(async () => {
    harness = await startE2eHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('starts with no network after one visit and opens a lazily loaded item page offline', async () => {
    const item = firstItem();
    const { page, context, pageErrors } = await harness.openApp('#/catalog');
    await itemLink(page, item.name).waitFor();
    await waitForServiceWorkerControl(page);

    await context.setOffline(true);
    const itemChunkResponses: boolean[] = [];
    page.on('response', (response) => {
      if (ITEM_PAGE_CHUNK.test(new URL(response.url()).pathname)) {
        itemChunkResponses.push(response.fromServiceWorker());
      }
    });
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.locator('jb-app header').getByText('离线', { exact: true }).waitFor();
    await itemLink(page, item.name).click();
    await page.getByRole('heading', { level: 1, name: item.name }).waitFor();
    expect(page.url()).toContain(`#/catalog/item/${item.code}`);
    expect(itemChunkResponses).toEqual([true]);
    expect(pageErrors).toEqual([]);
  });

  it('stores every built file, lazy page and worker chunks included, in the service worker cache', async () => {
    const { page } = await harness.openApp('#/catalog');
    await waitForServiceWorkerControl(page);
    const cached = await page.evaluate(async () => {
      const paths: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) paths.push(new URL(request.url).pathname.slice(1));
      }
      return paths;
    });

    const files = await builtFiles();
    expect(files.some((file) => ITEM_PAGE_CHUNK.test(`/${file}`))).toBe(true);
    expect(files.some((file) => IMAGE_WORKER_CHUNK.test(file))).toBe(true);
    expect(files.filter((file) => !cached.includes(file))).toEqual([]);
  });

  it('serves an installable manifest whose icons load at their declared sizes', async () => {
    const html = await (await fetch(harness.baseUrl)).text();
    expect(html).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
    const favicon = await fetch(new URL('/favicon.ico', harness.baseUrl));
    expect(favicon.ok).toBe(true);

    const manifest = (await (await fetch(new URL('/manifest.webmanifest', harness.baseUrl))).json()) as {
      name: string;
      short_name: string;
      lang: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest).toMatchObject({
      name: '就近办',
      short_name: '就近办',
      lang: 'zh-CN',
      start_url: '/',
      display: 'standalone',
    });
    const start = await fetch(new URL(manifest.start_url, harness.baseUrl));
    expect(start.ok).toBe(true);
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, harness.baseUrl));
      expect(response.headers.get('content-type'), icon.src).toBe(icon.type);
      expect(pngSize(new Uint8Array(await response.arrayBuffer())), icon.src).toBe(icon.sizes);
    }
    const declared = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`);
    expect(declared).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  });

  it('tells the clerk when a write failed because the device storage is full', async () => {
    const { page, pageErrors } = await harness.openApp('#/catalog');
    await itemLink(page, firstItem().name).waitFor();
    await page.evaluate(() => {
      // What IndexedDB reports when the quota is used up, left unhandled by the code that wrote.
      void Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    });
    await page.getByRole('alert').filter({ hasText: '设备存储空间已满' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('warns before the device storage is full', async () => {
    const { page } = await harness.openApp('#/catalog');
    await page.addInitScript(() => {
      navigator.storage.estimate = async () => ({ usage: 95, quota: 100 });
    });
    await page.reload();
    await page.getByRole('alert').filter({ hasText: '设备存储空间即将用满（已用 95%）' }).waitFor();
  });
});

describe('app update', () => {
  let copy: string;
  let server: PreviewServer;
  let browser: Browser;

  beforeAll(async () => {
    // A copy of the build, so the test can publish a "new version" by changing its service worker.
    copy = await mkdtemp(join(tmpdir(), 'jb-update-'));
    await cp(DIST, join(copy, 'dist'), { recursive: true });
    server = await preview({
      configFile: false,
      root: copy,
      logLevel: 'warn',
      build: { outDir: 'dist' },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (copy !== undefined) await rm(copy, { recursive: true, force: true });
  });

  const hasWaitingWorker = (page: Page) =>
    page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting != null);

  it('waits for the clerk before a new version takes over, then reloads into it', async () => {
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error('vite preview did not report its address');
    const context = await browser.newContext({ viewport: TABLET_VIEWPORT, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(new URL('#/catalog', url).href);
    await waitForServiceWorkerControl(page);
    const prompt = page.locator('jb-update-prompt').getByRole('status');

    await appendFile(join(copy, 'dist', SERVICE_WORKER_FILE), '\n// the next version\n');
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await prompt.getByText('有新版本可用').waitFor();
    await prompt.getByRole('button', { name: '稍后' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await hasWaitingWorker(page)).toBe(true);

    // The version stays waiting across a restart, and the prompt comes back.
    await page.reload();
    await prompt.getByText('有新版本可用').waitFor();
    expect(await hasWaitingWorker(page)).toBe(true);

    await page.evaluate(() => {
      (window as Window & { beforeUpdate?: boolean }).beforeUpdate = true;
    });
    await prompt.getByRole('button', { name: '立即更新' }).click();
    await page.waitForFunction(() => !(window as Window & { beforeUpdate?: boolean }).beforeUpdate);
    await page.locator('jb-catalog-entry').first().waitFor();
    expect(await hasWaitingWorker(page)).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await prompt.count()).toBe(0);
    await context.close();
  });
});
