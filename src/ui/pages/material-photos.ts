import type { CompressedPhoto } from '../../../workers/image-worker-client';
import type { CaseRepository } from '../../data/case.repository';
import { sha256Hex } from '../../domain/case/material-photo';

/**
 * A material photo is stored on its case twice: the compressed image, whose id the material lists, and a small
 * thumbnail beside it for the checklist, so a list of photos never decodes full images on a low-end tablet.
 * The image's id is its SHA-256 (domain/case/material-photo.ts); the thumbnail stays on this device.
 */
export const thumbnailAttachmentId = (attachmentId: string): string => `${attachmentId}-thumb`;

export const photoAttachmentIdOf = async (photo: CompressedPhoto): Promise<string> =>
  sha256Hex(await photo.image.arrayBuffer());

export async function storeMaterialPhoto(
  cases: CaseRepository,
  caseId: string,
  attachmentId: string,
  photo: CompressedPhoto,
): Promise<void> {
  await cases.putAttachment(caseId, attachmentId, photo.image, photo.type);
  await cases.putAttachment(caseId, thumbnailAttachmentId(attachmentId), photo.thumbnail, photo.type);
}

/** The thumbnail of a stored photo, or the image itself for a photo stored without one. */
export async function loadPhotoThumbnail(
  cases: CaseRepository,
  caseId: string,
  attachmentId: string,
): Promise<Blob | undefined> {
  return (
    (await cases.getAttachment(caseId, thumbnailAttachmentId(attachmentId))) ??
    (await cases.getAttachment(caseId, attachmentId))
  );
}
