import { type Remote, wrap } from 'comlink';
import type { CompressedPhoto, CompressPhotoOptions, ImageWorkerApi } from './image.worker';
import { isUnreadableImageError, UnreadableImageError } from './image-errors';

export type { CompressedPhoto, CompressPhotoOptions, ImageWorkerApi };

let imageWorker: Remote<ImageWorkerApi> | undefined;

/** Starts the worker on first use, so a session that never takes a photo never loads it. */
export function getImageWorker(): Remote<ImageWorkerApi> {
  imageWorker ??= wrap<ImageWorkerApi>(
    new Worker(new URL('./image.worker.ts', import.meta.url), { type: 'module' }),
  );
  return imageWorker;
}

/**
 * Compresses a material photo off the main thread. A file that is not an image rejects with UnreadableImageError,
 * whose `userMessage` the UI can show.
 */
export async function compressPhoto(file: Blob, options?: CompressPhotoOptions): Promise<CompressedPhoto> {
  try {
    return await getImageWorker().compressPhoto(file, options);
  } catch (error) {
    // Comlink rebuilds worker errors as plain Errors; give the caller back the typed error with its userMessage.
    throw isUnreadableImageError(error) ? new UnreadableImageError({ cause: error }) : error;
  }
}
