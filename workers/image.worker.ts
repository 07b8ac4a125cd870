import { expose } from 'comlink';
import { UnreadableImageError } from './image-errors';

export interface CompressPhotoOptions {
  /** Longest edge of the stored image in pixels; smaller photos keep their size. Default 1600. */
  readonly maxEdge?: number;
  /** JPEG quality from 0 to 1. Default 0.8. */
  readonly quality?: number;
  /** Longest edge of the thumbnail in pixels. Default 240. */
  readonly thumbEdge?: number;
}

export interface CompressedPhoto {
  readonly image: Blob;
  readonly thumbnail: Blob;
  /** Pixel size of `image`, upright as the camera's EXIF orientation says. */
  readonly width: number;
  readonly height: number;
  /** Size of the original file. */
  readonly bytesIn: number;
  /** Size of `image`; the thumbnail is not counted. */
  readonly bytesOut: number;
  readonly type: 'image/jpeg' | 'image/webp';
}

export interface ImageWorkerApi {
  /** Shrinks a material photo for storage and sync; rejects with UnreadableImageError if it is not an image. */
  compressPhoto(file: Blob, options?: CompressPhotoOptions): Promise<CompressedPhoto>;
}

const OUTPUT_TYPE = 'image/jpeg';

type DrawableImage = ImageBitmap | OffscreenCanvas;

function fitWithin(width: number, height: number, maxEdge: number): { width: number; height: number } {
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    // Tablet cameras store portrait photos as landscape pixels plus an EXIF rotation.
    return await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new UnreadableImageError({ cause: error });
  }
}

function drawScaled(source: DrawableImage, maxEdge: number): OffscreenCanvas {
  const { width, height } = fitWithin(source.width, source.height, maxEdge);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('OffscreenCanvas has no 2D context in this browser');
  // JPEG has no transparency: without a white backdrop the transparent parts of a PNG would turn black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  return canvas;
}

const encode = (canvas: OffscreenCanvas, quality: number): Promise<Blob> =>
  canvas.convertToBlob({ type: OUTPUT_TYPE, quality });

const api: ImageWorkerApi = {
  async compressPhoto(file, { maxEdge = 1600, quality = 0.8, thumbEdge = 240 } = {}) {
    const bitmap = await decode(file);
    let canvas: OffscreenCanvas;
    try {
      canvas = drawScaled(bitmap, maxEdge);
    } finally {
      bitmap.close();
    }
    // The scaled image is a cheaper and equally good source for the thumbnail than the full-size bitmap.
    const thumbnailCanvas = drawScaled(canvas, thumbEdge);
    const [image, thumbnail] = await Promise.all([encode(canvas, quality), encode(thumbnailCanvas, quality)]);
    return {
      image,
      thumbnail,
      width: canvas.width,
      height: canvas.height,
      bytesIn: file.size,
      bytesOut: image.size,
      type: OUTPUT_TYPE,
    };
  },
};

expose(api);
