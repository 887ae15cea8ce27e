// How reliably jsQR reads a sealed ballot's QR codes from a photo, by QR version (the
// figure behind QR_VERSION in src/courier/qr-chunks.ts). Each code is drawn as the booth
// draws it, shown in Chromium at a given width, slightly blurred and tilted as a camera
// would see it (none, tilts of 8° and 15°, three combined tilts, a 20° turn), saved as a
// JPEG at quality 60 (a messenger's), and read back with jsQR: at full size, and (as the
// submit page does when nothing was found) shrunk to 0.8, 0.65 and 0.5 of it.
//   node --import tsx bench/qr-readability.bench.ts [versions, e.g. 16,20,25] [widths, e.g. 400,500,600]
import qrcode from 'qrcode-generator';
import { launchBrowser } from '../test/helpers/browser.ts';
import { ROOT } from '../test/helpers/tools.ts';
import { join } from 'node:path';

type Version = 14 | 15 | 16 | 17 | 18 | 20 | 22 | 25;
// bytes a version holds at level M (byte mode)
const CAPACITY: Record<Version, number> = { 14: 362, 15: 412, 16: 450, 17: 504, 18: 560, 20: 666, 22: 779, 25: 997 };
const TILTS = [
  'none',
  'perspective(1200px) rotateX(8deg)',
  'perspective(1200px) rotateX(15deg)',
  'perspective(1200px) rotateX(12deg) rotateY(-8deg) rotateZ(4deg)',
  'perspective(1200px) rotateX(8deg) rotateY(-6deg) rotateZ(3deg)',
  'perspective(900px) rotateX(15deg) rotateY(-12deg) rotateZ(8deg)',
  'rotate(20deg)',
];
const SAMPLES = 6;

const versions = (process.argv[2] ?? '16,20,25').split(',').map(Number) as Version[];
const widths = (process.argv[3] ?? '400,500,600').split(',').map(Number);
// ballot-like content: decimal digits and JSON punctuation, different in each sample
let seed = 1;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const content = (n: number) => Array.from({ length: n }, () => (random() < 0.9 ? String(Math.floor(random() * 10)) : '",:{}'[Math.floor(random() * 5)])).join('');

function svg(version: Version, data: string): string {
  const qr = qrcode(version, 'M');
  qr.addData(data, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.isDark(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return `<svg viewBox="0 0 ${n + 8} ${n + 8}" shape-rendering="crispEdges" style="width:100%;height:100%;display:block"><rect width="${n + 8}" height="${n + 8}" fill="#fff"/><path d="${d}"/></svg>`;
}

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
console.log('| version | width | read at full size | read at full size or shrunk (the submit page) |\n| --- | --- | --- | --- |');
for (const version of versions) {
  for (const width of widths) {
    let read = 0;
    let readShrunk = 0;
    let all = 0;
    for (let k = 0; k < SAMPLES; k++) {
      const data = content(CAPACITY[version]);
      const code = svg(version, data);
      for (const tilt of TILTS) {
        await page.setContent(`<body style="margin:0;background:#ccc"><div id=w style="padding:200px;display:inline-block"><div style="width:${width}px;height:${width}px;transform:${tilt};filter:blur(0.4px)">${code}</div></div></body>`);
        await page.addScriptTag({ path: join(ROOT, 'node_modules/jsqr/dist/jsQR.js') });
        const photo = await page.locator('#w').screenshot({ type: 'jpeg', quality: 60 });
        const got = await page.evaluate(async (b64) => {
          const img = new Image();
          img.src = `data:image/jpeg;base64,${b64}`;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = img.width;
          canvas.height = img.height;
          // at full size, then shrunk as the submit page tries when nothing was found (SMALLER in qr-photos.ts)
          const out: (string | null)[] = [];
          for (const scale of [1, 0.8, 0.65, 0.5]) {
            canvas.width = Math.round(img.width * scale);
            canvas.height = Math.round(img.height * scale);
            const ctx = canvas.getContext('2d')!;
            ctx.imageSmoothingQuality = 'high';
            ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
            const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
            const r = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number, o: object) => { binaryData: number[] } | null }).jsQR(pixels.data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' });
            out.push(r ? String.fromCharCode(...r.binaryData) : null);
            if (r) break;
          }
          return out;
        }, photo.toString('base64'));
        all++;
        if (got[0] === data) read++;
        if (got.includes(data)) readShrunk++;
      }
    }
    console.log(`| ${version} | ${width} px | ${read} of ${all} | ${readShrunk} of ${all} |`);
  }
}
await browser.close();
