// "Submit a ballot someone gave you" (/submit): a courier — a relative across a border, a
// friend with a working connection — pastes the sealed ballot a voter sent them, or picks
// the file, or chooses the photos of its QR codes (./qr-photos.ts reads them), and submits it
// to this server's ballot box. The page reads it first (whole?
// damaged on its way? for which election?), then sends its exact bytes. Nothing is asked
// of the courier and nothing about them is sent; the answer names only the tracker.
import { useMemo, useState } from 'preact/hooks';
import { assembleQrParts, partRanges, readQrPart, type QrPart } from '../../../../src/courier/qr-chunks.ts';
import { readSealedBallot, sealBallot, SEALED_BEGIN, SEALED_END, type SealedProblem } from '../../../../src/courier/sealed-ballot.ts';
import { api, ApiError } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zCastAnswer, type CastAnswer } from '../../api/ballots.ts';
import { zElectionView } from '../../api/elections.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { WithCode } from '../../components/with-code.tsx';
import { Txt } from '../../components/text.tsx';
import { currentLanguage, formatNumber, t, type Key } from '../../i18n/index.ts';
import { castRefusal, type Refusal } from '../vote/booth-state.ts';

/** How long a courier's submission waits for the ballot box's answer. */
const SUBMIT_TIMEOUT_MS = 60_000;

const MAX_SEALED_FILE = 2 * 1024 * 1024;

/** The markers of a sealed ballot, named as they are written. */
const MARK_NAMES = [SEALED_BEGIN, SEALED_END].map((m) => m.replace(/-/g, ''));
const MARKS = [...MARK_NAMES, ...MARK_NAMES.map((m) => m.split(' ')[0]!)];

const PROBLEM_TEXT: Record<SealedProblem, Key> = {
  empty: 'courier.problemEmpty',
  'not-a-ballot': 'courier.problemNotBallot',
  damaged: 'courier.problemDamaged',
  incomplete: 'courier.problemIncomplete',
};

const REFUSAL_TEXT: Record<Refusal, Key> = {
  closed: 'courier.refusedClosed',
  credential: 'courier.refusedCredential',
  invalid: 'courier.refusedInvalid',
  replayed: 'courier.refusedReplayed',
};

function ElectionOf({ uuid }: { uuid: string }) {
  const election = useResource(() => api(`/elections/${encodeURIComponent(uuid)}`, zElectionView), [uuid]);
  if (election.error instanceof ApiError && election.error.status === 404) {
    return (
      <p class="error" data-testid="submit-unknown-election">
        {t('courier.unknownElection')}
      </p>
    );
  }
  if (!election.data) return null;
  return (
    <p data-testid="submit-election">
      {t('courier.forElection')} <strong>
        <Txt value={election.data.name} />
      </strong>
      {election.data.state !== 'open' ? <span class="muted"> · {t('courier.notOpen')}</span> : null}
    </p>
  );
}

/** What the photos chosen so far gave: the parts read, and how many photos or codes were of no use. */
interface PhotoReading {
  parts: QrPart[];
  /** Photos in which no code of a sealed ballot was read. */
  noCode: number;
  /** Codes of a sealed ballot that failed their check. */
  damaged: number;
}
const NO_PHOTOS: PhotoReading = { parts: [], noCode: 0, damaged: 0 };

const numbers = (ns: readonly number[]) => partRanges(ns, formatNumber, currentLanguage() === 'en' ? ', ' : '، ');

/** "Or choose the photos of its QR codes": the parts read so far, what is missing; the whole ballot, once complete, goes to `onBallot`. */
function QrPhotos({ onBallot }: { onBallot: (sealed: string) => void }) {
  const [photos, setPhotos] = useState<PhotoReading>(NO_PHOTOS);
  const [reading, setReading] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const assembly = useMemo(() => assembleQrParts(photos.parts), [photos.parts]);

  const pick = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length === 0) return;
    setReading(true);
    setUnavailable(false);
    let next = photos;
    try {
      const { codesInPhoto } = await import('./qr-photos.ts');
      for (const file of files) {
        const parts: QrPart[] = [];
        let damaged = 0;
        for (const code of await codesInPhoto(file)) {
          const part = readQrPart(code);
          if (part.ok) parts.push(part.part);
          else if (part.problem === 'damaged') damaged++;
        }
        next = { parts: [...next.parts, ...parts], noCode: next.noCode + (parts.length === 0 && damaged === 0 ? 1 : 0), damaged: next.damaged + damaged };
        setPhotos(next);
      }
    } catch {
      setUnavailable(true);
    } finally {
      setReading(false);
      input.value = '';
    }
    const whole = assembleQrParts(next.parts);
    if (whole.ok) onBallot(sealBallot(whole.ballot.text));
  };

  return (
    <>
      <label for="sealed-photos">{t('courier.photosLabel')}</label>
      {/* not while photos are read: a second pick would start from the same codes and the two would overwrite each other */}
      <input id="sealed-photos" type="file" accept="image/*" multiple onChange={(e) => void pick(e)} disabled={reading} data-testid="sealed-photos" />
      <div aria-live="polite" data-testid="photos-state" data-reading={String(reading)}>
        {reading ? <p class="loading">{t('courier.photosReading')}</p> : null}
        {unavailable ? <p class="error">{t('courier.photosUnavailable')}</p> : null}
        {assembly.ok ? (
          <p data-testid="photos-complete">{t('courier.photosComplete', { total: photos.parts[0]?.total ?? 0 })}</p>
        ) : assembly.problem === 'missing' ? (
          <p data-testid="photos-missing" data-missing={assembly.missing.join(',')}>
            {t('courier.photosRead', { read: numbers(assembly.read), total: assembly.total })} {t('courier.photosMissing', { missing: numbers(assembly.missing) })}
          </p>
        ) : assembly.problem === 'mixed' ? (
          <p class="error" data-testid="photos-mixed">
            {t('courier.photosMixed', { n: assembly.ballots.length })}
          </p>
        ) : assembly.problem === 'damaged' ? (
          <p class="error" data-testid="photos-damaged">
            {t('courier.photosDamaged')}
          </p>
        ) : null}
        {photos.noCode > 0 ? (
          <p class="error" data-testid="photos-no-code">
            {t('courier.photosNoCode', { n: photos.noCode })}
          </p>
        ) : null}
        {photos.damaged > 0 ? (
          <p class="error" data-testid="photos-damaged-code">
            {t('courier.photosDamagedCode', { n: photos.damaged })}
          </p>
        ) : null}
      </div>
      {photos !== NO_PHOTOS && !reading ? (
        <div class="actions">
          <button class="secondary" type="button" onClick={() => setPhotos(NO_PHOTOS)} data-testid="photos-again">
            {t('courier.photosAgain')}
          </button>
        </div>
      ) : null}
    </>
  );
}

export default function SubmitPage() {
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState(false);
  const reading = useMemo(() => readSealedBallot(text), [text]);
  const submit = useAction<CastAnswer>();

  const pick = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    setFileError(false);
    submit.setResult(undefined);
    submit.setError(null);
    if (!file) return;
    // a sealed ballot is a few KiB: a large file is something else, and is not read
    if (file.size > MAX_SEALED_FILE) return setFileError(true);
    try {
      setText(await file.text());
    } catch {
      setFileError(true);
    }
  };
  const send = (e: Event) => {
    e.preventDefault();
    if (!reading.ok) return;
    const { ballot } = reading;
    // a link that takes the ballot and never answers: given up after a minute, "Submit" again sends the same ballot (counted once)
    void submit.run(() => api(`/elections/${encodeURIComponent(ballot.election)}/ballots`, zCastAnswer, { method: 'POST', rawBody: ballot.text, timeoutMs: SUBMIT_TIMEOUT_MS }));
  };
  const refusal = submit.error ? castRefusal(submit.error) : null;
  const done = submit.result;

  return (
    <section data-testid="submit-page">
      <h1>{t('courier.title')}</h1>
      <p>{t('courier.intro')}</p>
      <form onSubmit={send} noValidate>
        <label for="sealed-text">
          <WithCode text={t('courier.pasteLabel')} codes={MARKS} />
        </label>
        <textarea
          id="sealed-text"
          class="mono sealed"
          dir="ltr"
          rows={8}
          value={text}
          spellcheck={false}
          autocomplete="off"
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            submit.setResult(undefined);
            submit.setError(null);
          }}
          aria-describedby="sealed-state"
          data-testid="sealed-text"
        />
        <label for="sealed-file">{t('courier.fileLabel')}</label>
        <input id="sealed-file" type="file" accept=".txt,.json,text/plain,application/json" onChange={(e) => void pick(e)} data-testid="sealed-file" />
        {fileError ? <p class="error">{t('courier.fileUnreadable')}</p> : null}
        <QrPhotos
          onBallot={(sealed) => {
            setText(sealed);
            submit.setResult(undefined);
            submit.setError(null);
          }}
        />
        <div id="sealed-state" aria-live="polite">
          {reading.ok ? (
            <div class="card" data-testid="sealed-ok">
              <p>{t('courier.readOk')}</p>
              <ElectionOf uuid={reading.ballot.election} />
              <p>{t('courier.tracker')}</p>
              <p class="tracker mono" data-testid="sealed-tracker">
                {reading.ballot.tracker}
              </p>
            </div>
          ) : text.trim() !== '' ? (
            <p class="error" data-testid="sealed-problem" data-problem={reading.problem}>
              <WithCode text={t(PROBLEM_TEXT[reading.problem])} codes={MARKS} />
            </p>
          ) : null}
        </div>
        {done ? null : (
          <div class="actions">
            <button class="primary" type="submit" disabled={!reading.ok || submit.pending} data-testid="submit-ballot">
              {submit.error && !refusal ? t('courier.tryAgain') : t('courier.submit')}
            </button>
          </div>
        )}
      </form>
      {submit.pending ? <p class="loading">{t('courier.sending')}</p> : null}
      {done && reading.ok ? (
        <div class="card" role="status" data-testid="submit-done">
          <p class="success">{done.relayed ? t('courier.doneRelayed') : done.alreadyRecorded ? t('courier.doneAlready') : t('courier.done')}</p>
          <p class="tracker mono">{done.tracker}</p>
          <p>{t('courier.doneAfter')}</p>
          <p>
            <a href={`/e/${encodeURIComponent(reading.ballot.election)}?tracker=${encodeURIComponent(done.tracker)}#check`}>{t('courier.seeBox')}</a>
          </p>
        </div>
      ) : null}
      {submit.error ? (
        <div class="card" role="alert" data-testid="submit-failed" data-refusal={refusal ?? 'retry'}>
          {refusal ? <p class="error">{t(REFUSAL_TEXT[refusal])}</p> : <ErrorMessage error={submit.error} />}
          {refusal ? null : <p>{t('courier.retryExplain')}</p>}
        </div>
      ) : null}
      <p class="muted small">{t('courier.privacy')}</p>
    </section>
  );
}
