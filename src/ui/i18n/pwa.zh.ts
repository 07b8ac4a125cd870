/** Chinese messages of the app update prompt and the storage banner; merged into zh.ts. */
export const pwaZh = {
  'update.available': '有新版本可用',
  'update.detail': '更新前请先保存正在填写的内容。',
  'update.now': '立即更新',
  'update.later': '稍后',
  'storage.nearlyFull':
    '设备存储空间即将用满（已用 {percent}%）。请尽快联网同步并清理设备空间，以免无法保存新的办件。',
  'storage.dismiss': '知道了',
} as const;
