/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

/** The message the page posts (through workbox-window's messageSkipWaiting) when the clerk accepts an update. */
interface SkipWaitingMessage {
  readonly type: 'SKIP_WAITING';
}

const isSkipWaitingMessage = (data: unknown): data is SkipWaitingMessage =>
  typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING';

// Every built file (lazy pages and worker chunks included) is stored on install, so after one visit the station
// works for days without a connection. The list is injected at build time by vite-plugin-pwa.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Routes live in the hash, so every page the clerk opens is a navigation to `/`. The sync API is never a page:
// it must always reach the server (or fail, so replication retries) rather than receive the app shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

// A new version waits until the clerk chooses to update: switching mid-application would mix old and new code
// in one open page.
self.addEventListener('message', (event) => {
  if (isSkipWaitingMessage(event.data)) void self.skipWaiting();
});

// On the very first visit no worker controls the page yet; claiming it means a page opened later in that same
// session (a lazily loaded chunk) still loads if the connection drops before the next start.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
