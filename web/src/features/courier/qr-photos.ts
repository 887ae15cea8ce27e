// Reading the QR codes of a sealed ballot from photos (the submit page; loaded only when a
// courier chooses photos, so jsQR — pure JavaScript, no wasm — is not part of the page's
// first load). Each photo is decoded by the browser (createImageBitmap), drawn on a
// canvas no larger than needed (a phone's 12-megapixel photo is first tried at 1200
// pixels, then larger if no code was found: the code may fill only part of the picture,
// then smaller: a blurred, tilted code is sometimes read once shrunk),
// and searched for codes; a found code is painted over and the photo searched again. jsQR
// is confused by several codes side by side (it pairs the corner marks of different
// codes), so a long photo — a phone's screenshot that shows two codes — is also searched
// in overlapping windows along its length, as is a photo in which nothing was found. What a code holds is returned as its exact
// bytes (src/courier/qr-chunks.ts reads them). Runs on the page, a pause between passes.
import jsQR from 'jsqr';

const SIZES = [1200, 2400, 4000];
/** When no code was found at any of SIZES: the first size shrunk by these factors. */
const SMALLER = [0.8, 0.65, 0.5];
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

type Box = { x: number; y: number; w: number; h: number };

function canvasOf(width: number, height: number): [HTMLCanvasElement, CanvasRenderingContext2D] | null {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return ctx ? [canvas, ctx] : null;
}

/**
 * The codes in the part `from` of `photo` (a canvas of the whole photo at the scale
 * searched); each found code is painted over there too, so that a later window that
 * holds a piece of it is not confused by its corner marks.
 */
async function codesIn(photo: CanvasRenderingContext2D, from: Box): Promise<string[]> {
  const made = canvasOf(from.w, from.h);
  if (!made) return [];
  const [canvas, ctx] = made;
  ctx.drawImage(photo.canvas, from.x, from.y, from.w, from.h, 0, 0, from.w, from.h);
  const found: string[] = [];
  for (let k = 0; k < MAX_CODES_PER_PHOTO; k++) {
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const code = jsQR(image.data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' });
    if (!code) break;
    found.push(String.fromCharCode(...code.binaryData));
    const l = code.location;
    const corners = [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner];
    paintOver(ctx, corners);
    paintOver(
      photo,
      corners.map((p) => ({ x: p.x + from.x, y: p.y + from.y })),
    );
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
    const { width: w, height: h } = bitmap;
    const long = Math.max(w, h);
    const short = Math.min(w, h);
    // windows along the long side, each 1.3 times the short side, overlapping
    const windows: Box[] = [];
    if (long > short * 1.4) {
      const size = Math.round(short * 1.3);
      for (let at = 0; ; at += Math.round(short * 0.4)) {
        const start = Math.min(at, long - size);
        windows.push(w >= h ? { x: start, y: 0, w: size, h } : { x: 0, y: start, w, h: size });
        if (start + size >= long) break;
      }
    }
    const found = new Set<string>();
    const tried = new Set<number>();
    // larger first (a code may fill only part of the photo), then smaller than the first
    // (a blurred, tilted code is sometimes read once shrunk: bench/qr-readability.bench.ts)
    const first = Math.min(1, SIZES[0]! / long);
    for (const scale of [...SIZES.map((limit) => Math.min(1, limit / long)), ...SMALLER.map((f) => first * f)]) {
      if (tried.has(Math.round(long * scale))) continue;
      tried.add(Math.round(long * scale));
      const at = (b: Box): Box => ({ x: Math.round(b.x * scale), y: Math.round(b.y * scale), w: Math.max(1, Math.round(b.w * scale)), h: Math.max(1, Math.round(b.h * scale)) });
      const whole = at({ x: 0, y: 0, w, h });
      const made = canvasOf(whole.w, whole.h);
      if (!made) return [];
      const photo = made[1];
      photo.imageSmoothingQuality = 'high';
      photo.drawImage(bitmap, 0, 0, whole.w, whole.h);
      for (const code of await codesIn(photo, whole)) found.add(code);
      // again while a round finds more: a code found and painted over no longer hides its neighbour
      for (let round = 0, before = -1; round < 3 && found.size > before; round++) {
        before = found.size;
        for (const window of windows) {
          await pause();
          for (const code of await codesIn(photo, at(window))) found.add(code);
        }
      }
      if (found.size > 0) return [...found];
      await pause();
    }
    return [];
  } finally {
    bitmap.close();
  }
}
