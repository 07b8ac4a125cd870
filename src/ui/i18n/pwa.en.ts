import type { pwaZh } from './pwa.zh';

/** English messages of the app update prompt and the storage banner; merged into en.ts. */
export const pwaEn: { readonly [K in keyof typeof pwaZh]: string } = {
  'update.available': 'A new version is available',
  'update.detail': 'Save what you are filling in before updating.',
  'update.now': 'Update now',
  'update.later': 'Later',
  'storage.nearlyFull':
    'The device storage is nearly full ({percent}% used). Sync and free up space soon, or new cases cannot be saved.',
  'storage.dismiss': 'Dismiss',
};
