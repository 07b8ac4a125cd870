import type { LocalizedMessage } from '../domain/localized-message';

export const STORAGE_FULL_MESSAGE: LocalizedMessage = {
  zh: '设备存储空间已满，刚才的修改没有保存；已保存的办件不受影响。请先同步上传或清理设备空间后重试。',
  en: 'The device storage is full, so the last change was not saved; cases saved before are safe. Sync or free up space on the device, then try again.',
};

/**
 * The browser refused a write because the origin's storage quota is used up. IndexedDB aborts the whole transaction,
 * so the failed write leaves nothing half-written and everything stored before stays as it was.
 */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  readonly userMessage: LocalizedMessage = STORAGE_FULL_MESSAGE;

  constructor(options?: { cause?: unknown }) {
    super(STORAGE_FULL_MESSAGE.en, options);
  }
}

// Chrome and Safari name the DOMException QuotaExceededError (legacy code 22); old Firefox used its own name.
const QUOTA_ERROR_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const LEGACY_QUOTA_ERROR_CODE = 22;

/**
 * The quota error arrives wrapped: Dexie keeps the DOMException as `inner`, RxDB errors carry the storage error in
 * `parameters`, and standard errors use `cause`. Follow all of them.
 */
export function isQuotaExceeded(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) {
    return false;
  }
  const candidate = error as {
    name?: unknown;
    code?: unknown;
    inner?: unknown;
    cause?: unknown;
    parameters?: { error?: unknown; errors?: unknown };
  };
  if (typeof candidate.name === 'string' && QUOTA_ERROR_NAMES.has(candidate.name)) {
    return true;
  }
  if (error instanceof DOMException && candidate.code === LEGACY_QUOTA_ERROR_CODE) {
    return true;
  }
  const wrapped = [candidate.inner, candidate.cause, candidate.parameters?.error];
  const nested = Array.isArray(candidate.parameters?.errors) ? candidate.parameters.errors : [];
  return [...wrapped, ...nested].some((inner) => isQuotaExceeded(inner, depth + 1));
}

/** Runs a write and reports a full device as StorageFullError; every other error passes through unchanged. */
export async function withStorageFullMapping<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw isQuotaExceeded(error) ? new StorageFullError({ cause: error }) : error;
  }
}
