// What the result views of ranked and graded questions share: names in the reader's
// language, lists of them, and the ranking with its tied places.
import { isRtl, t } from '../../../i18n/index.ts';
import { Txt, textOf } from '../../../components/text.tsx';
import { placesOf, type NhText } from './nh-count.ts';

/** A list of names in one line, separated as the reader's language separates them. */
export function namesOf(list: readonly number[], choices: readonly NhText[], between = separator()): string {
  return list.map((c) => textOf(choices[c]!)).join(between);
}

/** The comma between the items of a list, as the reader's language writes it. */
export function separator(): string {
  return isRtl() ? '، ' : ', ';
}

/** The ranking: places, the first first; tied options share a place and say so. */
export function Ranking({ ranking, choices }: { ranking: readonly (readonly number[])[]; choices: readonly NhText[] }) {
  const places = placesOf(ranking);
  return (
    <ol class="nh-ranking" data-testid="nh-ranking">
      {ranking.map((level, k) => (
        <li key={k} value={places.get(level[0]!)}>
          {level.map((c, i) => (
            <span key={c}>
              {i > 0 ? separator() : null}
              <strong>
                <Txt value={choices[c]!} />
              </strong>
            </span>
          ))}
          {level.length > 1 ? <span class="muted"> {t('nh.tied')}</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** The arrow of a path, pointing the way the reader reads. */
export function arrow(): string {
  return isRtl() ? ' ← ' : ' → ';
}
