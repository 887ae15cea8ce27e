// Copy a tracker (44 characters nobody wants to retype) to the clipboard.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.ts';

export function CopyButton({ text }: { text: string }) {
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
      <button class="secondary" type="button" onClick={() => void copy()} data-testid="copy-tracker">
        {t('vote.copyTracker')}
      </button>
      <span role="status" class="small">
        {copied === true ? t('vote.copied') : copied === false ? t('vote.copyFailed') : ''}
      </span>
    </>
  );
}
