import { Workbox } from 'workbox-window';

/** Built from workers/service-worker.ts by vite-plugin-pwa (see vite.config.ts). */
const SERVICE_WORKER_URL = '/service-worker.js';

/** Tablets stay open for days, so a new version is looked for every hour as well as on reconnecting. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Whether a new version of the app is installed and waiting. It takes over only when the clerk says so, because
 * swapping the code under an application being filled in would mix two versions in one page.
 */
export class AppUpdate extends EventTarget {
  private _workbox: Workbox | undefined;
  private _waiting = false;

  get waiting(): boolean {
    return this._waiting;
  }

  /** Called by the registration when a new service worker has installed and waits. */
  markWaiting(workbox: Workbox): void {
    this._workbox = workbox;
    this._waiting = true;
    this.dispatchEvent(new Event('change'));
  }

  /** Lets the waiting version take over, then reloads once it controls the page so the page runs the new code. */
  activate(): void {
    const workbox = this._workbox;
    if (workbox === undefined) return;
    workbox.addEventListener('controlling', () => window.location.reload());
    workbox.messageSkipWaiting();
  }
}

export const appUpdate = new AppUpdate();

/**
 * Installs the service worker that keeps the app usable offline. Only the production build has one: in
 * development Vite serves modules that change on every save.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const workbox = new Workbox(SERVICE_WORKER_URL);
  // Also fires on start-up when a version installed in an earlier session is still waiting.
  workbox.addEventListener('waiting', () => appUpdate.markWaiting(workbox));
  workbox
    .register()
    .then((registration) => {
      if (registration === undefined) return;
      const checkForUpdate = (): void => {
        if (navigator.onLine) void workbox.update().catch(() => undefined);
      };
      window.addEventListener('online', checkForUpdate);
      setInterval(checkForUpdate, UPDATE_CHECK_INTERVAL_MS);
    })
    .catch((error: unknown) => console.warn('Registering the service worker failed', error));
}
