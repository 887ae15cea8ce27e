// The ballot box of an election: look up one's own tracker, and every tracker cast.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client.ts';
import { useAction, useResource } from '../../api/hooks.ts';
import { zBallotBox, zBoardPage, zTrackerCheck } from '../../api/elections.ts';
import { checkReceipt, readReceipt, type ReceiptVerdict } from '../../../../src/courier/receipt.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { WithCode } from '../../components/with-code.tsx';
import { t } from '../../i18n/index.ts';

/** A tracker handed over in the address (?tracker=…, the booth's "See the ballot box" link). */
function trackerInAddress(): string {
  return new URLSearchParams(location.search).get('tracker')?.trim() ?? '';
}

/** A receipt handed over in the address's fragment (#receipt=…: never sent to the server), from the booth or a link opened at another address. */
function receiptInAddress(): string {
  const m = /(?:^#|&)receipt=([^&]*)/.exec(location.hash);
  try {
    return m ? decodeURIComponent(m[1]!).trim() : '';
  } catch {
    return '';
  }
}


const VERDICT_TEXT = { consistent: 'election.receiptConsistent', contradicts: 'election.receiptContradicts', behind: 'election.receiptBehind' } as const;

/** A voter's receipt (the booth's "Your receipt") against this copy of the board. */
export function ReceiptCheck({ uuid }: { uuid: string }) {
  const [text, setText] = useState(receiptInAddress);
  const form = useRef<HTMLFormElement>(null);
  const check = useAction<ReceiptVerdict | 'unreadable' | 'other-election'>();
  const run = () =>
    void check.run(async () => {
      const receipt = readReceipt(text);
      if (!receipt) return 'unreadable';
      if (receipt.election !== uuid) return 'other-election';
      const after = receipt.height > 0 ? `after=${receipt.height - 1}&` : '';
      const page = await api(`/elections/${encodeURIComponent(uuid)}/records?${after}limit=1`, zBoardPage);
      return checkReceipt(receipt, page);
    });
  // a receipt from the address is checked at once, and shown
  useEffect(() => {
    if (text === '') return;
    run();
    form.current?.scrollIntoView({ block: 'center' });
  }, []);
  const verdict = check.result;
  const line = verdict && verdict !== 'unreadable' && verdict !== 'other-election' ? text.trim().split(/\s+/).join(' ') : null;
  return (
    <form
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
      data-testid="receipt-check"
    >
      <label for="receipt">
        <WithCode text={t('election.receiptLabel')} codes={['JIRGA-RECEIPT']} />
      </label>
      <input id="receipt" type="text" class="mono" dir="ltr" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} autocomplete="off" spellcheck={false} />
      <div class="actions">
        <button class="secondary" type="submit" disabled={text.trim() === ''}>
          {t('election.receiptCheck')}
        </button>
      </div>
      {verdict === 'consistent' ? <p class="success" data-verdict={verdict}>{t(VERDICT_TEXT.consistent)}</p> : null}
      {verdict === 'contradicts' || verdict === 'behind' ? <p class="failure" data-verdict={verdict}>{t(VERDICT_TEXT[verdict])}</p> : null}
      {verdict === 'unreadable' ? (
        <p class="error" data-verdict={verdict}>
          <WithCode text={t('election.receiptUnreadable')} codes={['JIRGA-RECEIPT']} />
        </p>
      ) : null}
      {verdict === 'other-election' ? <p class="error" data-verdict={verdict}>{t('election.receiptOtherElection')}</p> : null}
      <p class="muted small">{t('election.receiptElsewhere')}</p>
      {line ? (
        <div data-testid="receipt-elsewhere">
          <p class="small">{t('election.receiptLink')}</p>
          <p class="mono small" dir="ltr">{`/e/${encodeURIComponent(uuid)}#receipt=${encodeURIComponent(line)}`}</p>
          <p class="small">
            <WithCode text={t('election.receiptCommand')} codes={['jirga receipt', '--server', 'torsocks']} />
          </p>
          <p class="mono small" dir="ltr" data-testid="receipt-command">
            {`jirga receipt "${line}" --server ${location.origin}`}
          </p>
        </div>
      ) : null}
      <ErrorMessage error={check.error} />
    </form>
  );
}

export function TrackerCheck({ uuid }: { uuid: string }) {
  const [tracker, setTracker] = useState(trackerInAddress);
  // found: whether it counts; not found: null
  const check = useAction<{ counted: boolean } | null>();
  const form = useRef<HTMLFormElement>(null);
  const run = () =>
    void check.run(async () => {
      try {
        return await api(`/elections/${uuid}/ballot?tracker=${encodeURIComponent(tracker.trim())}`, zTrackerCheck);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    });
  // a tracker from the booth is checked at once, and shown
  useEffect(() => {
    if (tracker === '') return;
    run();
    form.current?.scrollIntoView({ block: 'center' });
  }, []);
  const answer = check.result;
  return (
    <form
      ref={form}
      onSubmit={(e) => {
        e.preventDefault();
        run();
      }}
    >
      <label for="tracker">{t('election.trackerLabel')}</label>
      <input id="tracker" type="text" class="mono" value={tracker} onInput={(e) => setTracker((e.target as HTMLInputElement).value)} autocomplete="off" spellcheck={false} />
      <div class="actions">
        <button class="secondary" type="submit" disabled={tracker.trim() === ''}>
          {t('election.trackerCheck')}
        </button>
      </div>
      {answer ? <p class="success">{answer.counted ? t('election.trackerCounted') : t('election.trackerReplaced')}</p> : null}
      {answer === null ? <p class="failure">{t('election.trackerMissing')}</p> : null}
      <ErrorMessage error={check.error} />
    </form>
  );
}

/** Ballots a page of the list. */
const BOX_PAGE = 100;

/** The cursor of the next page, from the answer's Link header (rel="next"). */
function nextCursor(headers: Headers): number | undefined {
  const m = /[?&]after=(\d+)[^>]*>;\s*rel="next"/.exec(headers.get('link') ?? '');
  return m ? Number(m[1]) : undefined;
}

interface BoxPage {
  entries: { tracker: string; counted: boolean }[];
  next: number | undefined;
  total: number;
}

async function boxPage(uuid: string, after: number | undefined): Promise<BoxPage> {
  let next: number | undefined;
  let total = 0;
  const entries = await api(`/elections/${encodeURIComponent(uuid)}/ballots?${after === undefined ? '' : `after=${after}&`}limit=${BOX_PAGE}`, zBallotBox, {
    headers: (h) => {
      next = nextCursor(h);
      total = Number(h.get('x-total-count') ?? 0);
    },
  });
  return { entries, next, total: Math.max(total, entries.length) };
}

/** The ballot box a page at a time (the server never sends it whole), and the whole box as a file. */
export function BallotBox({ uuid }: { uuid: string }) {
  const { data: first, error } = useResource(() => boxPage(uuid, undefined), [uuid]);
  const [more, setMore] = useState<BoxPage[]>([]);
  const loading = useAction<BoxPage>();
  // a ballot box that cannot be read is shown as empty, as before
  const pages = first ? [first, ...more] : error ? [] : undefined;
  if (!pages) return <p class="loading">{t('common.loading')}</p>;
  const list = pages.flatMap((p) => p.entries);
  if (list.length === 0) return <p class="muted">{t('election.boxEmpty')}</p>;
  const last = pages[pages.length - 1]!;
  const total = Math.max(last.total, list.length);
  return (
    <div>
      <p class="muted small">{t('election.boxExplain')}</p>
      <ol class="mono small" data-testid="ballot-box">
        {list.map((b) => (
          <li key={b.tracker}>
            {b.tracker} {b.counted ? null : <span class="muted">({t('election.replaced')})</span>}
          </li>
        ))}
      </ol>
      <p class="muted small">{t('election.boxShown', { shown: list.length, total })}</p>
      <div class="actions">
        {last.next !== undefined ? (
          <button
            class="secondary"
            type="button"
            disabled={loading.pending}
            onClick={() =>
              void loading.run(async () => {
                const page = await boxPage(uuid, last.next);
                setMore((m) => [...m, page]);
                return page;
              })
            }
          >
            {t('election.boxMore')}
          </button>
        ) : null}
        <a href={`/api/elections/${encodeURIComponent(uuid)}/ballots.json`} download>
          {t('election.boxDownload')}
        </a>
      </div>
      <ErrorMessage error={loading.error} />
    </div>
  );
}
