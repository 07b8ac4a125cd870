import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** What the header's sync indicator says: 在线 · 已同步, 离线, the count waiting to upload, the last sync. */
export const syncIndicatorStatus = (page: Page): Locator =>
  page.locator('jb-app header jb-sync-indicator').getByRole('status');

export const syncIndicatorText = async (page: Page): Promise<string> =>
  ((await syncIndicatorStatus(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** A write starts its push within moments; before that the indicator may still show the state before it. */
const PUSH_START_MS = 500;

/** Waits until the tablet is online, in sync, and has nothing left to upload. */
export async function waitUntilSynced(page: Page): Promise<void> {
  await page.waitForTimeout(PUSH_START_MS);
  await expect
    .poll(() => syncIndicatorText(page), { timeout: 30_000 })
    .toMatch(/^在线 · 已同步 (?!.*待上传)/);
}
