// What the sanctions screens share: list names and dates, names and sentences as
// the lists print them (in their own script and direction), list badges,
// references, the note on what the lists are (and are not), the navigation, and
// relations read in the reader's language.
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.ts';
import { zLists } from '../../api/sanctions.ts';
import { formatDay, formatNumber, t, tn, type Key } from '../../i18n/index.ts';
import { hasArabicScript } from '../../../../src/sanctions/arabic.ts';
import { LIST_IDS, listOfRef, type ListId, type RelationType } from '../../../../src/sanctions/model.ts';
import { relationCode } from '../../../../src/sanctions/views.ts';

export const LIST_KEYS: Record<ListId, Key> = { UN: 'sanctions.list.UN', GB: 'sanctions.list.GB', US: 'sanctions.list.US' };

/** A date as the lists give it: a day in both calendars, or a year or month as printed. */
export function ListDate({ date }: { date: string | null | undefined }) {
  if (!date) return <span>—</span>;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return <time datetime={date}>{formatDay(date).both}</time>;
  return <time datetime={date}>{date.replace(/\d/g, (d) => formatNumber(Number(d)))}</time>;
}

/** Text as a list prints it (names, sentences), or a name as the reader typed it: in its own
 * language and direction, marked as list text (data-list-text: not the page's own words). */
export function Printed({ text, block }: { text: string; block?: boolean }) {
  const arabic = hasArabicScript(text);
  const Tag = block ? 'p' : 'span';
  return (
    <Tag lang={arabic ? 'ar' : 'en'} dir={arabic ? 'rtl' : 'ltr'} class="printed" data-list-text>
      {text}
    </Tag>
  );
}

export function ListBadges({ lists, none }: { lists: ListId[]; none?: boolean }) {
  if (lists.length === 0) return none ? <span class="badge unlisted">{t('sanctions.onNoList')}</span> : null;
  return (
    <>
      {LIST_IDS.filter((l) => lists.includes(l)).map((l) => (
        <span key={l} class={`badge list-${l}`} data-list={l}>
          {t(LIST_KEYS[l])}
        </span>
      ))}
    </>
  );
}

export function listsOfRefs(refs: string[]): ListId[] {
  return LIST_IDS.filter((l) => refs.some((r) => listOfRef(r) === l));
}

export const entityHref = (id: string) => `/sanctions/e/${encodeURIComponent(id)}`;

/** Where a text comes from in a list (a reference, a field's name), as the list writes it. */
export function ListCode({ text, small }: { text: string; small?: boolean }) {
  return (
    <span class={small ? 'muted small mono' : 'mono'} dir="ltr" lang="en" data-list-text>
      {text}
    </span>
  );
}

export function Refs({ refs }: { refs: string[] }) {
  return (
    <span class="mono refs" dir="ltr" lang="en" data-list-text>
      {refs.join(' · ')}
    </span>
  );
}

export function ListsNote() {
  // the note stands without the lists' dates when they cannot be read
  const { data: lists } = useResource(() => api('/sanctions/lists', zLists), []);
  return (
    <div class="notice small" data-testid="lists-note">
      <p>{t('sanctions.notProof')}</p>
      {lists ? (
        <ul class="plain">
          {lists.lists.map((l) => (
            <li key={l.list}>
              <strong>{t(LIST_KEYS[l.list])}</strong>: {t('sanctions.listAsOf')} <ListDate date={l.date} /> — {tn('sanctions.entries', l.records)}
              {l.latestListing ? (
                <span data-testid={`latest-${l.list}`}>
                  {' '}
                  — {t('sanctions.latestListing')} <ListDate date={l.latestListing} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SanctionsNav() {
  return (
    <p class="actions no-print">
      <a class="secondary" href="/sanctions">
        {t('sanctions.search')}
      </a>
      <a class="secondary" href="/sanctions/network">
        {t('sanctions.network')}
      </a>
      <a class="secondary" href="/sanctions/coverage">
        {t('sanctions.coverage')}
      </a>
    </p>
  );
}

/** A relation read from this entity's side, in the reader's language. */
export function relationText(r: { type: RelationType; kind: string }, side: 'subject' | 'object'): string {
  return t(`sanctions.rel.${relationCode(r, side)}` as Key);
}

export const TYPE_ORDER: RelationType[] = ['family', 'leadership', 'ownership', 'membership', 'associate'];
export const TYPE_KEYS: Record<RelationType, Key> = {
  family: 'sanctions.type.family',
  leadership: 'sanctions.type.leadership',
  ownership: 'sanctions.type.ownership',
  membership: 'sanctions.type.membership',
  associate: 'sanctions.type.associate',
};
