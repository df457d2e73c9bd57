// Camera photos are 3–12 MB; an inspection needs a readable picture, and the
// phone's storage and a weak uplink need small files. Downscale so the longer
// side is at most 1600 px, re-encoded as JPEG.

import { MAX_PHOTO_SIDE } from './inspection';

/** A JPEG no larger than MAX_PHOTO_SIDE on its longer side; the original if it cannot be decoded here. */
export async function downscalePhoto(file: Blob, maxSide = MAX_PHOTO_SIDE, quality = 0.85): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    // imageOrientation 'from-image' applies the EXIF rotation, so portrait photos stay upright.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new Error('无法读取这张照片（格式不受支持或文件已损坏）');
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('无法处理照片（浏览器不支持画布）');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('无法压缩照片');
  return blob;
}
