// Reading the QR codes of a sealed ballot from photos (the submit page; loaded only when a
// courier chooses photos, so jsQR — pure JavaScript, no wasm — is not part of the page's
// first load). Each photo is decoded by the browser (createImageBitmap), drawn on a
// canvas no larger than needed (a phone's 12-megapixel photo is first tried at 1200
// pixels, then larger if no code was found: the code may fill only part of the picture),
// and searched for codes; a found code is painted over and the photo searched again, so a
// screenshot that shows two codes gives both. What a code holds is returned as its exact
// bytes (src/courier/qr-chunks.ts reads them). Runs on the page, a pause between passes.
import jsQR from 'jsqr';

const SIZES = [1200, 2400, 4000];
const MAX_CODES_PER_PHOTO = 8;
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Point = { x: number; y: number };

/** Paints a found code white (a little larger than its corners), so the next pass finds another. */
function paintOver(ctx: CanvasRenderingContext2D, corners: Point[]): void {
  const cx = corners.reduce((s, p) => s + p.x, 0) / corners.length;
  const cy = corners.reduce((s, p) => s + p.y, 0) / corners.length;
  ctx.fillStyle = '#fff';
  ctx.beginPath();
  corners.forEach((p, i) => {
    const x = cx + (p.x - cx) * 1.15;
    const y = cy + (p.y - cy) * 1.15;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.closePath();
  ctx.fill();
}

async function codesAt(bitmap: ImageBitmap, width: number, height: number): Promise<string[]> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return [];
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  const found: string[] = [];
  for (let k = 0; k < MAX_CODES_PER_PHOTO; k++) {
    const image = ctx.getImageData(0, 0, width, height);
    const code = jsQR(image.data, width, height, { inversionAttempts: 'dontInvert' });
    if (!code) break;
    found.push(String.fromCharCode(...code.binaryData));
    const l = code.location;
    paintOver(ctx, [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner]);
    await pause();
  }
  return found;
}

/** The contents of the QR codes found in one photo (none when it holds no readable code or is not an image). */
export async function codesInPhoto(photo: Blob): Promise<string[]> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(photo);
  } catch {
    return [];
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height);
    let tried = 0;
    for (const limit of SIZES) {
      const scale = Math.min(1, limit / longest);
      const width = Math.round(bitmap.width * scale);
      if (width <= tried) break;
      tried = width;
      const found = await codesAt(bitmap, width, Math.round(bitmap.height * scale));
      if (found.length > 0) return found;
      await pause();
    }
    return [];
  } finally {
    bitmap.close();
  }
}
