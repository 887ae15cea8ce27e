// A link from a step of the app to the guide that explains it (/help/<guide>#<section>).
// It opens in a new tab: the pages it is on keep work in memory only (a typed credential, a
// trustee's key, credentials not yet saved), which following a link in the same tab would lose.
// Light on purpose: the guides themselves are their own page, downloaded when opened.
import { t } from '../i18n/index.ts';

/** Each guide's sections, in order: their ids are the anchors HelpLink points at. */
export const GUIDES = {
  voter: ['before', 'credential', 'choose', 'tracker', 'cast', 'test', 'check', 'revote'],
  observer: ['role', 'browser', 'download', 'tools', 'fingerprints', 'trackers', 'limits'],
  trustee: ['role', 'key', 'threshold', 'safety', 'decrypt', 'check'],
  'credential-authority': ['role', 'list', 'create', 'keep', 'send', 'distribute', 'after'],
} as const;
export type Guide = keyof typeof GUIDES;

export function HelpLink<G extends Guide>({ guide, section }: { guide: G; section?: (typeof GUIDES)[G][number] }) {
  return (
    <a class="help-link small" href={`/help/${guide}${section ? `#${section}` : ''}`} target="_blank" rel="noopener">
      {t('frame.helpLink')}
    </a>
  );
}
