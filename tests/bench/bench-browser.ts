import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium, headless, without the background traffic that would add noise to a timing. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A Chromium with its profile on disk in `profileDir`: an incognito context would keep IndexedDB in memory, and
 * every bench figure is about what reaches the device's storage.
 */
export const launchBenchBrowser = (profileDir: string): Promise<BrowserContext> =>
  chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
  });
