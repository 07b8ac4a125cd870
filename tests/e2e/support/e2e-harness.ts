import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startJinbanServer } from './jinban-server';

/** The clerk's tablet, the size every screen is designed for first. */
export const TABLET_VIEWPORT = { width: 1280, height: 800 } as const;

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface AppPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught errors thrown in the page; a healthy page leaves this empty. */
  readonly pageErrors: Error[];
}

export interface E2eHarness {
  /** Address of the sync server, which serves the app; ends in a slash. */
  readonly baseUrl: string;
  /**
   * Opens the app in a fresh browser context (empty IndexedDB and localStorage, like a new tablet) at
   * `path`, a hash route such as `#/catalog`.
   */
  openApp(path?: string, options?: { viewport?: { width: number; height: number } }): Promise<AppPage>;
  close(): Promise<void>;
}

/**
 * The product as `npm start` runs it: the real sync server, with the demo county and its accounts, serving the
 * production build in dist/ on a free port; and a headless Chromium to open it in.
 */
export async function startE2eHarness(): Promise<E2eHarness> {
  if (!existsSync(resolve(PROJECT_ROOT, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `vite build` before the e2e tests');
  }
  const server = await startJinbanServer();
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const contexts = new Set<BrowserContext>();
  return {
    baseUrl: server.url,
    async openApp(path = '', options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? TABLET_VIEWPORT,
        locale: 'zh-CN',
      });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = await context.newPage();
      const pageErrors: Error[] = [];
      page.on('pageerror', (error) => pageErrors.push(error));
      await page.goto(new URL(path, server.url).href);
      return { page, context, pageErrors };
    },
    async close() {
      await Promise.all([...contexts].map((context) => context.close()));
      await browser.close();
      await server.close();
    },
  };
}
