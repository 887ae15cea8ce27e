// The guides inside the app, in the reader's language: /help lists them, /help/<guide> shows
// one (the voter's, the observer's, the trustee's, the credential authority's), each section
// with an anchor that HelpLink points at. Buttons are named by their pages' own texts, so a
// guide never names a button differently from the page it explains. Commands stay as typed.
import { useEffect } from 'preact/hooks';
import { GUIDES, type Guide } from '../../components/help-link.tsx';
import { formatNumber, isRtl, t, type Key } from '../../i18n/index.ts';
import type { Route } from '../../router.ts';

/** Where a guide's texts live (help.<prefix>.<section>.title / .body). */
const PREFIX: Record<Guide, string> = { voter: 'voter', observer: 'observer', trustee: 'trustee', 'credential-authority': 'ca' };

/** Commands and file examples shown as typed, after a section's text. */
const COMMANDS: Partial<Record<string, string>> = {
  'observer.tools': 'npx jirga verify UUID.bel\nbelenios-tool election verify --dir DIR',
  'trustee.check': 'npx jirga verify ELECTION.bel\njirga setup generate-trustee-key-threshold --step 1..6\njirga election decrypt-threshold',
  'credential-authority.list': 'id,weight\ndelegate-kabul-001\ndelegate-herat-014,2',
  'credential-authority.after': 'npx jirga setup generate-credentials --uuid UUID --group BELENIOS-2048 --file voters.txt',
};

/** A paragraph; on a right-to-left page, Latin runs (a credential, a key name, a program)
 * are isolated left to right and kept on one line, so they read as typed. */
function Paragraph({ text }: { text: string }) {
  if (!isRtl()) return <p>{text}</p>;
  const parts = text.split(/([A-Za-z][A-Za-z0-9-]*(?:[ +]+[A-Za-z0-9][A-Za-z0-9-]*)*)/);
  return (
    <p>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <bdi key={i} dir="ltr" class="nowrap">
            {part}
          </bdi>
        ) : (
          part
        ),
      )}
    </p>
  );
}

const isGuide = (g: string | undefined): g is Guide => g !== undefined && Object.hasOwn(GUIDES, g);

/** The buttons the guides name, in the reader's language. */
function buttons(): Record<string, string> {
  return {
    quickExit: t('frame.quickExit'),
    prepare: t('vote.prepare'),
    cast: t('vote.cast'),
    audit: t('vote.audit'),
    checkBallot: t('election.checkBallot'),
    verifyRun: t('verify.run'),
    download: t('verify.download'),
    generate: t('trustee.generate'),
    saveKey: t('trustee.saveKey'),
    sendPublic: t('trustee.sendPublic'),
    continue: t('trustee.continue'),
    decrypt: t('trustee.decrypt'),
    caGenerate: t('ca.generate'),
    savePrivate: t('ca.savePrivate'),
    print: t('ca.print'),
    caSend: t('ca.send'),
  };
}

function GuideList() {
  return (
    <article>
      <h1>{t('help.title')}</h1>
      <p>{t('help.intro')}</p>
      <ul class="help-guides">
        {(Object.keys(GUIDES) as Guide[]).map((g) => (
          <li key={g}>
            <a href={`/help/${g}`}>{t(`help.${PREFIX[g]}.title` as Key)}</a>
            <p class="muted small">{t(`help.${PREFIX[g]}.summary` as Key)}</p>
          </li>
        ))}
      </ul>
    </article>
  );
}

function GuidePage({ guide }: { guide: Guide }) {
  const prefix = PREFIX[guide];
  const params = buttons();
  return (
    <article class="help">
      <p>
        <a href="/help">{t('help.allGuides')}</a>
      </p>
      <h1>{t(`help.${prefix}.title` as Key)}</h1>
      <p>{t(`help.${prefix}.summary` as Key)}</p>
      <nav aria-label={t('help.contents')}>
        <ol>
          {GUIDES[guide].map((s) => (
            <li key={s}>
              <a href={`#${s}`}>{t(`help.${prefix}.${s}.title` as Key)}</a>
            </li>
          ))}
        </ol>
      </nav>
      {GUIDES[guide].map((s, i) => {
        const commands = COMMANDS[`${guide}.${s}`];
        return (
          <section key={s} id={s} aria-labelledby={`${s}-title`}>
            <h2 id={`${s}-title`}>{`${formatNumber(i + 1)}. ${t(`help.${prefix}.${s}.title` as Key)}`}</h2>
            {t(`help.${prefix}.${s}.body` as Key, params)
              .split('\n')
              .map((p) => (
                <Paragraph key={p} text={p} />
              ))}
            {commands ? (
              <pre class="mono small" dir="ltr" lang="en" role="region" tabIndex={0} aria-label={t('help.commands')}>
                <code>{commands}</code>
              </pre>
            ) : null}
          </section>
        );
      })}
    </article>
  );
}

export default function HelpPage({ route }: { route: Route }) {
  const guide = route.page === 'help' ? route.guide : undefined;
  // an anchor (#cast) names a section: show it once the page is drawn
  useEffect(() => {
    const id = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (id) document.getElementById(id)?.scrollIntoView();
  }, [route]);
  if (guide === undefined) return <GuideList />;
  if (!isGuide(guide)) {
    return (
      <article>
        <h1>{t('notFound.title')}</h1>
        <p>
          <a href="/help">{t('help.allGuides')}</a>
        </p>
      </article>
    );
  }
  return <GuidePage guide={guide} />;
}
