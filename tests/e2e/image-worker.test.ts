import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, loadConfigFromFile, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREADABLE_IMAGE_MESSAGE } from '../../workers/image-errors';
import { launchChromium } from './support/e2e-harness';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE_ROOT = fileURLToPath(new URL('./fixtures/image-worker', import.meta.url));
const WORKER_CHUNK = /^image\.worker-[\w-]+\.js$/;

/**
 * The worker is only reachable through a bundle, and the product build must not carry a test page, so this builds
 * a small page that imports the worker client, with the project's own worker settings.
 */
async function buildFixture(outDir: string): Promise<void> {
  const project = await loadConfigFromFile(
    { command: 'build', mode: 'production' },
    join(PROJECT_ROOT, 'vite.config.ts'),
    PROJECT_ROOT,
    'silent',
  );
  await build({
    configFile: false,
    root: FIXTURE_ROOT,
    logLevel: 'warn',
    worker: project?.config.worker,
    build: { outDir, emptyOutDir: true },
  });
}

async function openFixture(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.imageWorkerFixture !== undefined);
  return page;
}

describe('image worker', () => {
  let outDir: string;
  let server: PreviewServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'jb-image-worker-'));
    await buildFixture(outDir);
    server = await preview({
      configFile: false,
      root: FIXTURE_ROOT,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    const local = server.resolvedUrls?.local[0];
    if (local === undefined) throw new Error('vite preview did not report its address');
    url = local;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('is bundled as a separate worker chunk', async () => {
    const assets = await readdir(join(outDir, 'assets'));
    expect(assets.filter((file) => WORKER_CHUNK.test(file))).toHaveLength(1);
  });

  it('shrinks a 4000×3000 camera photo to 1600 px with a 240 px thumbnail while the page keeps running', async () => {
    const page = await openFixture(browser, url);
    expect(page.workers(), 'the worker starts on first use').toEqual([]);
    const workerStarted = page.waitForEvent('worker');

    const { report, inputBytes, ticks } = await page.evaluate(async () => {
      const fixture = window.imageWorkerFixture;
      const input = await fixture.cameraPhoto(4000, 3000);
      let ticks = 0;
      let compressing = true;
      const tick = () => {
        if (!compressing) return;
        ticks += 1;
        setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      const report = await fixture.compressAndReport(input);
      compressing = false;
      return { report, inputBytes: input.size, ticks };
    });

    expect(new URL((await workerStarted).url()).pathname.split('/').pop()).toMatch(WORKER_CHUNK);
    expect(report).toMatchObject({ width: 1600, height: 1200, type: 'image/jpeg' });
    expect(report.decodedImage).toMatchObject({ width: 1600, type: 'image/jpeg', size: report.bytesOut });
    expect(Math.abs(report.decodedImage.height - (1600 * 3000) / 4000)).toBeLessThanOrEqual(1);
    expect(report.decodedThumbnail).toMatchObject({ width: 240, type: 'image/jpeg' });
    expect(Math.abs(report.decodedThumbnail.height - (240 * 3000) / 4000)).toBeLessThanOrEqual(1);
    expect(report.bytesIn).toBe(inputBytes);
    expect(report.bytesOut).toBeLessThan(inputBytes / 4);
    expect(ticks, 'timers on the main thread fire while the worker compresses').toBeGreaterThanOrEqual(3);
  });

  it('turns a portrait photo upright from its EXIF orientation and reuses the one worker', async () => {
    const page = await openFixture(browser, url);

    const report = await page.evaluate(async () => {
      const fixture = window.imageWorkerFixture;
      // Orientation 6: the sensor's landscape pixels are to be turned 90° clockwise for display.
      const sideways = await fixture.withExifOrientation(await fixture.cameraPhoto(2000, 1000), 6);
      await fixture.compressAndReport(await fixture.cameraPhoto(100, 100));
      return fixture.compressAndReport(sideways);
    });

    expect(report).toMatchObject({ width: 800, height: 1600 });
    expect(report.decodedImage).toMatchObject({ width: 800, height: 1600 });
    expect(report.decodedThumbnail).toMatchObject({ width: 120, height: 240 });
    expect(page.workers()).toHaveLength(1);
  });

  it('never enlarges a photo that is already small', async () => {
    const page = await openFixture(browser, url);

    const report = await page.evaluate(async () => {
      const fixture = window.imageWorkerFixture;
      return fixture.compressAndReport(await fixture.cameraPhoto(800, 600));
    });

    expect(report.decodedImage).toMatchObject({ width: 800, height: 600 });
    expect(report.decodedThumbnail).toMatchObject({ width: 240, height: 180 });
  });

  it('rejects a text file, even one named as a JPEG, with the Chinese and English message', async () => {
    const page = await openFixture(browser, url);

    const rejections = await page.evaluate(async () => {
      const fixture = window.imageWorkerFixture;
      return Promise.all([
        fixture.rejectionOf(new Blob(['办件材料清单'], { type: 'text/plain' })),
        fixture.rejectionOf(new File(['not a photo'], 'photo.jpg', { type: 'image/jpeg' })),
      ]);
    });

    for (const rejection of rejections) {
      expect(rejection).toEqual({
        isUnreadableImageError: true,
        message: `${UNREADABLE_IMAGE_MESSAGE.zh} / ${UNREADABLE_IMAGE_MESSAGE.en}`,
        userMessage: UNREADABLE_IMAGE_MESSAGE,
      });
    }
  });
});
