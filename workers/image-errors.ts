import type { LocalizedMessage } from '../src/domain/localized-message';

export const UNREADABLE_IMAGE_MESSAGE: LocalizedMessage = {
  zh: '无法读取该图片文件',
  en: 'This file is not a readable image',
};

export const UNREADABLE_IMAGE_ERROR_NAME = 'UnreadableImageError';

/**
 * The browser could not decode the file as an image. Comlink carries only an error's name, message and stack out of
 * the worker, so the name is what identifies it on the other side and the message holds both languages.
 */
export class UnreadableImageError extends Error {
  override readonly name = UNREADABLE_IMAGE_ERROR_NAME;
  readonly userMessage: LocalizedMessage = UNREADABLE_IMAGE_MESSAGE;

  constructor(options?: { cause?: unknown }) {
    super(`${UNREADABLE_IMAGE_MESSAGE.zh} / ${UNREADABLE_IMAGE_MESSAGE.en}`, options);
  }
}

export const isUnreadableImageError = (error: unknown): boolean =>
  error instanceof Error && error.name === UNREADABLE_IMAGE_ERROR_NAME;
