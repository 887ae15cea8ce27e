// The sealed ballot as a short sequence of QR codes, for when only a photo crosses a border
// (src/courier/qr-chunks.ts: what each code holds). Loaded only when the voter opens the
// "QR codes" section of the carry panel: the encoder is not part of the voting page's first
// load. Each code is drawn as an SVG path (no inline style: the CSP allows none), black on
// white with a quiet zone of 4 modules and more white around it, one under the other at
// the width of the screen, numbered "Code 1 of N". Its words come from the carry panel
// (./carry-ballot.tsx), so that the texts a page shows are all in the code it loads first.
import { useMemo } from 'preact/hooks';
import qrcode from 'qrcode-generator';
import { QR_ERROR_CORRECTION, QR_VERSION, qrPayloads, type QrSegment } from '../../../../src/courier/qr-chunks.ts';

const QUIET = 4;

/** The dark modules as one path: a rectangle per run of dark modules in a row. */
function modulesPath(segments: readonly QrSegment[]): { size: number; d: string } {
  const qr = qrcode(QR_VERSION, QR_ERROR_CORRECTION);
  for (const s of segments) qr.addData(s.data, s.mode);
  qr.make();
  const n = qr.getModuleCount();
  let d = '';
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; ) {
      if (!qr.isDark(y, x)) {
        x++;
        continue;
      }
      let run = 1;
      while (x + run < n && qr.isDark(y, x + run)) run++;
      d += `M${x + QUIET} ${y + QUIET}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: n + 2 * QUIET, d };
}

function QrCode({ segments, label }: { segments: readonly QrSegment[]; label: string }) {
  const { size, d } = useMemo(() => modulesPath(segments), [segments]);
  return (
    <svg class="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

export interface CarryQrProps {
  /** The ballot's exact text. */
  text: string;
  /** "Code i of n". */
  label: (i: number, n: number) => string;
  /** Said instead of the codes when the ballot needs more than can be shown. */
  tooLong: string;
}

export default function CarryQr({ text, label: labelOf, tooLong }: CarryQrProps) {
  const payloads = useMemo(() => {
    try {
      return qrPayloads(text);
    } catch {
      return null;
    }
  }, [text]);
  if (!payloads) return <p class="error">{tooLong}</p>;
  const n = payloads.length;
  return (
    <ol class="qr-codes" data-testid="qr-codes" data-count={n}>
      {payloads.map((segments, i) => {
        const label = labelOf(i + 1, n);
        return (
          <li key={i}>
            <figure class="qr-figure" data-testid="qr-code">
              <QrCode segments={segments} label={label} />
              <figcaption>{label}</figcaption>
            </figure>
          </li>
        );
      })}
    </ol>
  );
}
