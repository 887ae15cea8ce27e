// Copy a tracker (44 characters nobody wants to retype), a receipt or a sealed ballot to the clipboard.
import { useState } from 'preact/hooks';
import { t, type Key } from '../../i18n/index.ts';

export function CopyButton({ text, label = 'vote.copyTracker', testId = 'copy-tracker' }: { text: string; label?: Key; testId?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <>
      <button class="secondary" type="button" onClick={() => void copy()} data-testid={testId}>
        {t(label)}
      </button>
      <span role="status" class="small">
        {copied === true ? t('vote.copied') : copied === false ? t('vote.copyFailed') : ''}
      </span>
    </>
  );
}
