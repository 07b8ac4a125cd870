import type { Page } from 'playwright-core';

/**
 * Resolves once the service worker has installed (so its precache, every chunk of the app, is complete) and controls
 * the page: from then on the tablet can lose its network and still open any screen.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}
