// When the network fails at "Cast": the sealed ballot, to carry. It is encrypted and signed
// with the voter's credential — it reveals nothing and cannot be altered — so anyone on the
// other side of a shutdown can submit it (the submit page of any Jirga server, or `jirga
// cast`). A file and a block of text to paste into a messenger, and QR codes for when only
// a photo gets through (./carry-qr.tsx, loaded when that section is opened); never the credential.
import type { ComponentType } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { readSealedBallot, sealBallot, sealedFileName } from '../../../../src/courier/sealed-ballot.ts';
import { downloadText } from '../../components/download.ts';
import { t } from '../../i18n/index.ts';
import type { Prepared } from './booth-state.ts';
import type { CarryQrProps } from './carry-qr.tsx';
import { CopyButton } from './copy-button.tsx';

type QrState = { shown: ComponentType<CarryQrProps> } | 'loading' | 'failed' | null;
const qrLabel = (i: number, n: number) => t('vote.qrPart', { i, n });

/** The QR codes, drawn by a module of their own that is loaded when the section is opened. */
function CarryQrSection({ text }: { text: string }) {
  const [qr, setQr] = useState<QrState>(null);
  const toggle = (e: Event) => {
    if (!(e.target as HTMLDetailsElement).open || (qr !== null && qr !== 'failed')) return;
    setQr('loading');
    import('./carry-qr.tsx').then(
      (m) => setQr({ shown: m.default }),
      () => setQr('failed'),
    );
  };
  const Shown = qr !== null && typeof qr === 'object' ? qr.shown : null;
  return (
    <details class="carry-qr" onToggle={toggle} data-testid="carry-qr">
      <summary>{t('vote.qrTitle')}</summary>
      <p>{t('vote.qrExplain')}</p>
      {qr === 'loading' ? <p class="loading">{t('vote.qrLoading')}</p> : null}
      {qr === 'failed' ? <p class="error">{t('vote.qrUnavailable')}</p> : null}
      {Shown ? <Shown text={text} label={qrLabel} tooLong={t('vote.qrTooLong')} /> : null}
    </details>
  );
}

export function CarryBallot({ prepared }: { prepared: Prepared }) {
  const sealed = useMemo(() => sealBallot(prepared.text), [prepared.text]);
  const name = useMemo(() => {
    const read = readSealedBallot(sealed);
    return read.ok ? sealedFileName(read.ballot) : 'sealed-ballot.txt';
  }, [sealed]);
  return (
    <details class="card carry" data-testid="carry-ballot">
      <summary>{t('vote.carryTitle')}</summary>
      <p>{t('vote.carryExplain')}</p>
      <div class="actions">
        <button class="secondary" type="button" onClick={() => downloadText(name, sealed)} data-testid="carry-download">
          {t('vote.carryDownload')}
        </button>
        <CopyButton text={sealed} label="vote.carryCopy" testId="carry-copy" />
      </div>
      <label for="carry-text">{t('vote.carryText')}</label>
      <textarea id="carry-text" class="mono sealed" dir="ltr" readOnly rows={8} value={sealed} data-testid="carry-text" onFocus={(e) => (e.target as HTMLTextAreaElement).select()} />
      <CarryQrSection text={prepared.text} />
      <p class="muted small">{t('vote.carryCaution')}</p>
    </details>
  );
}
