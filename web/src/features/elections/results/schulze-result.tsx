// A question counted by the Schulze method: the order of the options, the duels (the
// pairwise matrix, which scrolls inside its box on a phone, and one sentence per pair),
// and the strongest paths that settle the order when duels go round in a circle.
import type { ComponentChildren } from 'preact';
import { formatNumber, t } from '../../../i18n/index.ts';
import { Txt, textOf } from '../../../components/text.tsx';
import type { SchulzeView } from '../../../../../src/protocol/methods/index.ts';
import { schulzeMatrix, schulzePairs, type NhText } from './nh-count.ts';
import { arrow, namesOf, Ranking } from './parts.tsx';

export function SchulzeResult({ view, choices, id }: { view: SchulzeView; choices: NhText[]; id: string }) {
  const name = (i: number) => textOf(choices[i]!);
  const matrix = schulzeMatrix(view);
  const pairs = schulzePairs(view);
  const ordered = view.duels.filter((d) => d.beats);
  return (
    <div class="nh-result" data-testid="schulze-result">
      <h4>{t('nh.order')}</h4>
      <Ranking ranking={view.ranking} choices={choices} />

      <h4 id={`${id}-duels`}>{t('nh.schulze.duels')}</h4>
      <p class="small">{t('nh.schulze.duelsExplain')}</p>
      <ChoiceMatrix labelledBy={`${id}-duels`} caption={t('nh.schulze.matrixCaption')} choices={choices} cell={(i, j) => ({ win: matrix[i]![j]!.wins, content: formatNumber(matrix[i]![j]!.votes) })} />
      <ul class="nh-sentences small" data-testid="schulze-pairs">
        {pairs.map((d) => (
          <li key={`${d.from}-${d.to}`}>
            {d.votesFor === d.votesAgainst
              ? t('nh.schulze.duelTie', { a: name(d.from), b: name(d.to), n: d.votesFor })
              : t('nh.schulze.duelWin', { a: name(d.from), b: name(d.to), for: d.votesFor, against: d.votesAgainst })}
          </li>
        ))}
      </ul>

      <h4 id={`${id}-paths`}>{t('nh.schulze.paths')}</h4>
      <p class="small">{t('nh.schulze.pathsExplain')}</p>
      <ChoiceMatrix
        labelledBy={`${id}-paths`}
        caption={t('nh.schulze.pathsCaption')}
        choices={choices}
        cell={(i, j) => {
          const [w, l] = matrix[i]![j]!.strength;
          return { win: matrix[i]![j]!.beats, content: w === 0 && l === 0 ? <span aria-label={t('nh.schulze.noPathShort')}>·</span> : t('nh.schulze.strength', { for: w, against: l }) };
        }}
      />
      <ul class="nh-sentences small" data-testid="schulze-paths">
        {ordered.map((d) => {
          const back = view.duels.find((e) => e.from === d.to && e.to === d.from)!;
          return (
            <li key={`${d.from}-${d.to}`}>
              {t('nh.schulze.pathWin', {
                a: name(d.from),
                b: name(d.to),
                path: namesOf(d.path, choices, arrow()),
                for: d.strength[0],
                against: d.strength[1],
              })}{' '}
              {back.path.length > 0
                ? t('nh.schulze.pathBack', { a: name(d.from), b: name(d.to), path: namesOf(back.path, choices, arrow()), for: back.strength[0], against: back.strength[1] })
                : t('nh.schulze.noPathBack', { a: name(d.from), b: name(d.to) })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A choices × choices table that scrolls inside its box on a phone: a row per choice,
 * a column per choice, the diagonal marked, each other cell from `cell(row, column)`. */
function ChoiceMatrix({ labelledBy, caption, choices, cell }: { labelledBy: string; caption: string; choices: NhText[]; cell: (i: number, j: number) => { win: boolean; content: ComponentChildren } }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      <table class="nh-matrix">
        <caption class="small">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('nh.schulze.corner')}</th>
            {choices.map((c, j) => (
              <th scope="col" key={j}>
                <Txt value={c} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {choices.map((row, i) => (
            <tr key={i}>
              <th scope="row">
                <Txt value={row} />
              </th>
              {choices.map((_, j) => {
                if (i === j)
                  return (
                    <td key={j} class="nh-self">
                      <span aria-label={t('nh.schulze.self')}>—</span>
                    </td>
                  );
                const { win, content } = cell(i, j);
                return (
                  <td key={j} class={win ? 'nh-win' : undefined}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
