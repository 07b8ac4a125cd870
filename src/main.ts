import { openDataLayer } from './data/data-layer';
import {
  browserOnlineSignal,
  createAdminClient,
  createAuthClient,
  startAttachmentSync,
  startReplication,
} from './data/replication';
import { StorageFullError } from './data/storage-errors';
import type { LocalizedMessage } from './domain/localized-message';
import { LOCALES, localize, translate } from './ui/i18n/messages';
import './ui/jb-app';
import { registerServiceWorker } from './ui/pwa/service-worker-registration';

/**
 * Starts the app: opens the on-device database (seeding the demo catalog on first start), starts replication with
 * the sync server that served the app (it follows the session: it runs while someone is signed in online, pauses
 * offline and resumes when the network returns), then hands the repositories to the shell. index.html shows a
 * loading message until then.
 */
async function start(root: HTMLElement): Promise<void> {
  // The router matches with URLPattern, which older Safari and Firefox lack.
  if (!('URLPattern' in globalThis)) await import('urlpattern-polyfill');
  try {
    const dataLayer = await openDataLayer();
    const online = browserOnlineSignal();
    const auth = createAuthClient({ device: dataLayer.device, online });
    const sync = startReplication(dataLayer.db, { serverUrl: location.origin, auth, online });
    const app = document.createElement('jb-app');
    app.catalogRepository = dataLayer.catalog;
    app.stationRepository = dataLayer.stations;
    app.caseRepository = dataLayer.cases;
    app.caseEventRepository = dataLayer.caseEvents;
    app.calendarRepository = dataLayer.calendars;
    app.deviceRepository = dataLayer.device;
    app.caseCommands = dataLayer.commands;
    app.authClient = auth;
    app.adminClient = createAdminClient({ auth, device: dataLayer.device });
    app.syncController = sync;
    app.photoSync = startAttachmentSync(dataLayer.db, { serverUrl: location.origin, auth, online });
    root.replaceChildren(app);
  } catch (error) {
    console.error('Opening the data layer failed', error);
    root.replaceChildren(bootError(error instanceof StorageFullError ? error.userMessage : storageFailed));
  }
}

const storageFailed: LocalizedMessage = {
  zh: translate('zh-CN', 'app.storageFailed'),
  en: translate('en', 'app.storageFailed'),
};

/** Chinese and English together: the language switch lives in the shell, which could not start. */
function bootError(text: LocalizedMessage): HTMLElement {
  const message = document.createElement('div');
  message.className = 'boot-error';
  message.setAttribute('role', 'alert');
  for (const locale of LOCALES) {
    const paragraph = document.createElement('p');
    paragraph.lang = locale;
    paragraph.textContent = localize(locale, text);
    message.append(paragraph);
  }
  return message;
}

const root = document.getElementById('app');
// Registered even when the database fails to open, so a fixed version can still arrive.
registerServiceWorker();
if (root !== null) void start(root);
