// Why a name came near a listed entry, in the reader's language: the matcher's reasons
// (codes with parameters, src/sanctions/reasons.ts) worded by web/src/i18n/<language>/sanctions.ts.
// Names, name parts, references and the lists' dates stay as the query or the lists
// spell them, marked as list text (their own language and direction).
import { Fragment, type ComponentChild } from 'preact';
import type { SearchAnswer } from '../../api/sanctions.ts';
import { formatNumber, formatPercent, t, type Key } from '../../i18n/index.ts';
import { Printed } from './sanctions-parts.tsx';

export type Reason = SearchAnswer['matches'][number]['reasons'][number];

/** A translated text whose {placeholders} are filled with elements (names as the lists spell them). */
export function fill(key: Key, parts: Record<string, ComponentChild>): ComponentChild[] {
  return t(key)
    .split(/\{(\w+)\}/)
    .map((piece, i) => (i % 2 === 1 ? (parts[piece] ?? `{${piece}}`) : piece))
    .filter((piece) => piece !== '');
}

/** Several names or name parts as the lists spell them, separated as the reader's language separates a list. */
function Several({ items }: { items: readonly string[] }) {
  return (
    <>
      {items.map((x, i) => (
        <Fragment key={i}>
          {i > 0 ? t('sanctions.listSeparator') : null}
          <Printed text={x} />
        </Fragment>
      ))}
    </>
  );
}

/** A year or date as typed or as the lists give it, in the reader's digits when it is only digits. */
function Year({ text }: { text: string }) {
  return /^[\d-]+$/.test(text) ? <span dir="ltr">{text.replace(/\d/g, (d) => formatNumber(Number(d)))}</span> : <Printed text={text} />;
}

const KIND_KEYS: Record<Extract<Reason, { code: 'name-parts' }>['params']['kind'], Key> = {
  primary: 'sanctions.reasonKind.primary',
  alias: 'sanctions.reasonKind.alias',
  'weak-alias': 'sanctions.reasonKind.weakAlias',
  former: 'sanctions.reasonKind.former',
  'original-script': 'sanctions.reasonKind.originalScript',
  mentioned: 'sanctions.reasonKind.mentioned',
};

const PAIR_KEYS: Record<Extract<Reason, { params: { query: string } }>['code'], Key> = {
  'same-spelling': 'sanctions.reason.sameSpelling',
  'transliteration-variant': 'sanctions.reason.transliterationVariant',
  'sounds-alike': 'sanctions.reason.soundsAlike',
  'spelling-close': 'sanctions.reason.spellingClose',
  'across-scripts': 'sanctions.reason.acrossScripts',
  'written-as-one': 'sanctions.reason.writtenAsOne',
  'short-form': 'sanctions.reason.shortForm',
};

const NOT_A_MATCH_KEYS: Record<Extract<Reason, { code: 'not-a-match' }>['params']['because'], Key> = {
  'few-parts': 'sanctions.reason.notAMatch.fewParts',
  'common-names': 'sanctions.reason.notAMatch.commonNames',
  other: 'sanctions.reason.notAMatch.other',
};

/** One reason, worded. */
export function reasonText(r: Reason): ComponentChild[] {
  switch (r.code) {
    case 'as-form':
      return fill('sanctions.reason.asForm', { form: <Printed text={r.params.form} /> });
    case 'name-parts': {
      const { matched, of, kind, name, reference } = r.params;
      return fill(matched === of && of > 1 ? 'sanctions.reason.allParts' : 'sanctions.reason.parts', {
        matched: formatNumber(matched),
        of: formatNumber(of),
        kind: t(KIND_KEYS[kind]),
        name: <Printed text={name} />,
        reference: <Printed text={reference} />,
      });
    }
    case 'same-spelling':
    case 'transliteration-variant':
    case 'sounds-alike':
    case 'spelling-close':
    case 'across-scripts':
    case 'written-as-one':
    case 'short-form':
      return fill(PAIR_KEYS[r.code], { query: <Printed text={r.params.query} />, listed: <Printed text={r.params.listed} /> });
    case 'not-in-name':
      return fill('sanctions.reason.notInName', { tokens: <Several items={r.params.tokens} /> });
    case 'name-also-has':
      return fill('sanctions.reason.nameAlsoHas', { tokens: <Several items={r.params.tokens} /> });
    case 'title-set-aside':
      return r.params.listed
        ? fill('sanctions.reason.titleListed', { titles: <Several items={r.params.titles} />, listed: <Printed text={r.params.listed} />, bonus: formatPercent(r.params.bonus ?? 0) })
        : fill('sanctions.reason.titleSetAside', { titles: <Several items={r.params.titles} /> });
    case 'listed-title-set-aside':
      return fill('sanctions.reason.listedTitleSetAside', { titles: <Several items={r.params.titles} /> });
    case 'reordered':
      return [t('sanctions.reason.reordered')];
    case 'order-differs':
      return [t('sanctions.reason.orderDiffers')];
    case 'birth-not-given':
      return [t('sanctions.reason.birthNotGiven')];
    case 'birth-not-listed':
      return fill('sanctions.reason.birthNotListed', { year: <Year text={r.params.year} /> });
    case 'birth-fits':
    case 'birth-near':
    case 'birth-far': {
      const key = { 'birth-fits': 'sanctions.reason.birthFits', 'birth-near': 'sanctions.reason.birthNear', 'birth-far': 'sanctions.reason.birthFar' }[r.code] as Key;
      return fill(key, {
        year: <Year text={r.params.year} />,
        gap: 'gap' in r.params ? formatNumber(r.params.gap) : '',
        listed: (
          <>
            {r.params.listed.map((d, i) => (
              <Fragment key={i}>
                {i > 0 ? t('sanctions.listSeparator') : null}
                <Year text={d} />
              </Fragment>
            ))}
          </>
        ),
      });
    }
    case 'not-a-match':
      return [t(NOT_A_MATCH_KEYS[r.params.because])];
  }
}

/** The reasons of one result, one per line, each with its code (data-reason). */
export function Reasons({ reasons }: { reasons: readonly Reason[] }) {
  return (
    <ul class="reasons">
      {reasons.map((r, i) => (
        <li key={i} data-reason={r.code}>
          {reasonText(r)}
        </li>
      ))}
    </ul>
  );
}
