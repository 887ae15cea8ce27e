// Sealed ballots kept on this device (web/src/offline/outbox.ts), on every page: one still
// waiting for the network, or one sent since the voter last looked — cast (with its tracker
// and where to check it) or refused. The booth of that election says the same itself, so
// the ballot it waits on is not repeated there.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { formatReceipt } from '../../../src/courier/receipt.ts';
import { dismissEntry, onOutboxChange, outboxEntries, sendWaiting, shownByBooth, type OutboxEntry } from '../offline/outbox.ts';

export function OutboxNotice() {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    let live = true;
    const look = () =>
      void outboxEntries()
        .then((all) => live && setEntries(all))
        .catch(() => undefined);
    const stop = onOutboxChange(look);
    look();
    return () => {
      live = false;
      stop();
    };
  }, []);
  const inBooth = shownByBooth();
  const shown = entries.filter((e) => e.tracker !== inBooth);
  if (shown.length === 0) return null;
  return (
    <section class="outbox" aria-label={t('frame.outboxTitle')} data-testid="outbox">
      {shown.map((e) => (
        <div key={e.tracker} class="card" data-state={e.state}>
          {e.state === 'waiting' ? (
            <>
              <p role="status">{t('frame.outboxWaiting')}</p>
              <p class="tracker mono">{e.tracker}</p>
              <button class="secondary" type="button" onClick={() => void sendWaiting()}>
                {t('frame.outboxSendNow')}
              </button>
            </>
          ) : (
            <>
              <p role="status" class={e.state === 'cast' ? 'success' : 'error'}>
                {e.state === 'cast' ? t('frame.outboxCast') : e.code === 'voting-closed' ? t('frame.outboxRefusedClosed') : t('frame.outboxRefused')}
              </p>
              <p class="tracker mono">{e.tracker}</p>
              {e.state === 'cast' && e.answer.event ? (
                <p class="mono small" dir="ltr" data-testid="outbox-receipt">
                  {formatReceipt({ election: e.election, height: e.answer.event.height, hash: e.answer.event.hash, tracker: e.tracker })}
                </p>
              ) : null}
              <div class="actions">
                <a class="secondary" href={`/e/${encodeURIComponent(e.election)}?tracker=${encodeURIComponent(e.tracker)}#check`}>
                  {t('frame.outboxCheck')}
                </a>
                <button class="secondary" type="button" onClick={() => void dismissEntry(e)}>
                  {t('frame.outboxDismiss')}
                </button>
              </div>
            </>
          )}
        </div>
      ))}
    </section>
  );
}
