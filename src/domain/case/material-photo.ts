import type { CaseMaterial } from './case.schema';

/**
 * A material photo's attachment id is the SHA-256 of its compressed image, in lower-case hex: the case document
 * then names the photo's content, devices upload it once under that name, and any device can fetch and check it.
 * The thumbnail beside it (`<hash>-thumb`) stays on the device that took the photo.
 */
export const PHOTO_HASH_PATTERN = '^[0-9a-f]{64}$';
const PHOTO_HASH = new RegExp(PHOTO_HASH_PATTERN);

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** The largest photo the server keeps; the photo worker compresses far below it. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Uploads go in chunks of this size, so a dropped connection loses at most one chunk. */
export const PHOTO_CHUNK_BYTES = 256 * 1024;

export const isPhotoHash = (id: string): boolean => PHOTO_HASH.test(id);

export const isPhotoContentType = (type: string): type is PhotoContentType =>
  (PHOTO_CONTENT_TYPES as readonly string[]).includes(type);

/** The hashes of the photos a case's materials list (older, non-hash ids are left out). */
export const photoHashesOf = (materials: readonly CaseMaterial[]): string[] => [
  ...new Set(materials.flatMap((material) => material.attachmentIds ?? []).filter(isPhotoHash)),
];

/** SHA-256 in lower-case hex, with the Web Crypto API of browsers and Node alike. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  // A copy when needed: Web Crypto takes no view of a SharedArrayBuffer (as Node's Buffer pool may be).
  const source = bytes instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', source));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
