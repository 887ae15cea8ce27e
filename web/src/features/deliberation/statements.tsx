// Pieces shared by the deliberation screens (participation, report, organiser):
// statements shown with their language and translation, small vote bars, and
// errors in the reader's language. Kept apart from the booth's components so that
// the voting page does not download any of it.
import { ApiError } from '../../api/client.ts';
import { EnglishDetail } from '../../components/error-message.tsx';
import type { ConversationCounts, ConversationView, StatementLang, StatementView } from '../../api/conversations.ts';
import { currentLanguage, formatNumber, formatPercent, t, tn, type Key, type Language } from '../../i18n/index.ts';

export const MAX_STATEMENT = 280;

/** What StatementText shows: a statement of the deliberation, or one a composition
 * report names (its language as text; 'und' or another word when not known). */
type ShownStatement = Pick<StatementView, 'text' | 'translations'> & { lang: string; meta?: boolean };

/** A statement as written (with its language), and a human translation into the
 * reader's language below it when there is one. Always text, never markup. */
export function StatementText({ s, large, showLanguage }: { s: ShownStatement; large?: boolean; showLanguage?: boolean }) {
  const language = currentLanguage();
  const translation = s.lang !== language ? s.translations?.[language] : undefined;
  const known = isLanguage(s.lang) ? s.lang : null;
  return (
    <div class={large ? 'statement large' : 'statement'}>
      <p class="statement-original" lang={known ?? ''} dir="auto">
        {s.text}
      </p>
      {translation ? (
        <p class="statement-translation">
          <span class="muted small">{t('talk.translation')} </span>
          <span lang={language} dir="auto">
            {translation}
          </span>
        </p>
      ) : showLanguage && known && known !== language ? (
        <p class="muted small">{t('talk.writtenIn', { language: languageName(known) })}</p>
      ) : null}
      {s.meta ? <p class="badge meta">{t('talk.meta')}</p> : null}
    </div>
  );
}

const LANGUAGE_KEYS: Record<Language, Key> = { en: 'talk.langEn', 'fa-AF': 'talk.langFa', 'ps-AF': 'talk.langPs' };
const isLanguage = (l: string): l is Language => Object.hasOwn(LANGUAGE_KEYS, l);

/** A language's name in the reader's language ("Dari", «دری», «دري»). */
export function languageName(l: StatementLang): string {
  return l === 'und' ? '' : t(LANGUAGE_KEYS[l]);
}

export function ConversationState({ state }: { state: ConversationView['state'] }) {
  return <span class={`badge ${state}`}>{t(state === 'open' ? 'talk.stateOpen' : 'talk.stateClosed')}</span>;
}

export function countsText(c: ConversationCounts): string {
  return t('talk.counts', { participants: tn('talk.participants', c.participants), statements: tn('talk.statements', c.statements), votes: tn('talk.votes', c.votes) });
}

export function shares(agree: number, disagree: number, pass: number): { agree: number; disagree: number; pass: number } {
  const total = agree + disagree + pass;
  return total > 0 ? { agree: agree / total, disagree: disagree / total, pass: pass / total } : { agree: 0, disagree: 0, pass: 0 };
}

/** Agree / disagree / pass as one stacked bar (SVG, mirrored in right-to-left pages)
 * with the same figures written out for everyone, screen readers included. */
export function VoteBar({ agree, disagree, pass, label, counts }: { agree: number; disagree: number; pass: number; label?: string; counts?: boolean }) {
  const s = shares(agree, disagree, pass);
  const a = s.agree * 100;
  const d = s.disagree * 100;
  const text = counts
    ? t('report.countsLine', { agree, disagree, pass })
    : t('report.sharesLine', { agree: formatPercent(s.agree), disagree: formatPercent(s.disagree), pass: formatPercent(s.pass) });
  return (
    <div class="votebar-row">
      {label ? <span class="votebar-label">{label}</span> : null}
      <svg class="votebar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect class="vb-track" x="0" y="0" width="100" height="10" />
        <rect class="vb-agree" x="0" y="0" width={a.toFixed(2)} height="10" />
        <rect class="vb-disagree" x={a.toFixed(2)} y="0" width={d.toFixed(2)} height="10" />
      </svg>
      <span class="votebar-text small">{text}</span>
    </div>
  );
}

export function formatSeconds(ms: number | null | undefined): string {
  const v = ms ?? 0;
  return formatNumber(v >= 1000 ? Math.round(v / 100) / 10 : Math.max(0.01, Math.round(v / 10) / 100));
}

const TALK_ERRORS: Record<string, Key> = {
  network: 'error.network',
  duplicate: 'talk.errDuplicate',
  'near-duplicate': 'talk.errNearDuplicate',
  'not-joined': 'talk.errNotJoined',
  'conversation-closed': 'talk.errClosed',
  'statement-too-long': 'talk.errTooLong',
  'empty-statement': 'talk.errEmpty',
  'control-characters': 'talk.errInvalid',
  'invalid-text': 'talk.errInvalid',
  'code-needed': 'talk.errCodeFormat',
  'invalid-code': 'talk.errCode',
  'rate-limited': 'talk.errTooFast',
  'too-many-votes': 'talk.errTooFast',
  'too-many-statements': 'talk.errTooMany',
  'statement-limit': 'talk.errStatementLimit',
  'no-such-statement': 'talk.errGone',
};

/** The statement id a 409 duplicate answer names. */
export function duplicateOf(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const s = error.data?.statement;
  return typeof s === 'number' ? s : undefined;
}

/** An error of the deliberation API in the reader's language. `where` says what
 * was being done, for answers without a known code. For a duplicate, `existing` is
 * the statement it repeats (null: not shown to participants). */
export function TalkError({ error, where, existing }: { error: unknown; where?: 'join' | 'vote' | 'write' | 'other'; existing?: StatementView | null }) {
  if (!error) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div class="failure" role="alert">
        <p class="error">{t('error.unexpected')}</p>
      </div>
    );
  }
  let key: Key | undefined = error.code ? TALK_ERRORS[error.code] : undefined;
  // the server's own (English) words only when this page has none better, and only to English readers
  const known = key !== undefined;
  if (!key) {
    if (error.status === 429) key = where === 'write' ? 'talk.errTooMany' : 'talk.errTooFast';
    else if (error.status === 409) key = where === 'write' ? 'talk.errDuplicate' : 'talk.errClosed';
    else if (error.status === 403 && where === 'join') key = 'talk.errCode';
    else if (error.status === 400 && where === 'join') key = 'talk.errCodeFormat';
    else if (error.status === 400 && where === 'write') key = 'talk.errInvalid';
    else if (error.status === 401) key = 'talk.errNotJoined';
    else if (error.status === 404) key = 'error.notFound';
    else key = 'error.refused';
  }
  const duplicate = key === 'talk.errDuplicate' || key === 'talk.errNearDuplicate';
  return (
    <div class="failure" role="alert" data-code={error.code ?? String(error.status)}>
      <p class="error">{t(key, { max: MAX_STATEMENT })}</p>
      {duplicate && existing ? (
        <blockquote class="existing" data-testid="existing-statement">
          <StatementText s={existing} />
        </blockquote>
      ) : null}
      {duplicate && existing === null ? <p>{t('talk.errDuplicateHidden')}</p> : null}
      {duplicate ? <p>{t('talk.errDuplicateHelp')}</p> : null}
      {!known && error.code !== 'network' && !duplicate ? <EnglishDetail text={error.message} /> : null}
    </div>
  );
}

export const GROUP_SHAPES = ['circle', 'square', 'diamond', 'triangle', 'circle', 'square', 'diamond', 'triangle'] as const;

/** A small marker in the group's colour and shape (the same as on the map). */
export function GroupSwatch({ group }: { group: number }) {
  return (
    <svg class="swatch" viewBox="-6 -6 12 12" aria-hidden="true" focusable="false">
      <Marker group={group} x={0} y={0} r={5} />
    </svg>
  );
}

export function Marker({ group, x, y, r }: { group: number; x: number; y: number; r: number }) {
  const shape = GROUP_SHAPES[group % GROUP_SHAPES.length]!;
  const cls = `g${group % 8} marker`;
  if (shape === 'square') return <rect class={cls} x={x - r * 0.85} y={y - r * 0.85} width={r * 1.7} height={r * 1.7} />;
  if (shape === 'diamond') return <polygon class={cls} points={`${x},${y - r * 1.15} ${x + r * 1.15},${y} ${x},${y + r * 1.15} ${x - r * 1.15},${y}`} />;
  if (shape === 'triangle') return <polygon class={cls} points={`${x},${y - r * 1.2} ${x + r * 1.1},${y + r * 0.8} ${x - r * 1.1},${y + r * 0.8}`} />;
  return <circle class={cls} cx={x} cy={y} r={r} />;
}

export function groupName(group: number): string {
  return t('report.group', { n: group + 1 });
}
