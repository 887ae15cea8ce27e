// A question counted by the single transferable vote: the quota, then every round —
// each candidate's votes, who is elected (and where the surplus goes) or eliminated,
// ties and how they were broken, in words — as a chart (a bar per candidate, the quota
// marked) and as a table of every round, so that a voter can follow the count.
import { formatNumber, t, tn } from '../../../i18n/index.ts';
import { Txt, textOf } from '../../../components/text.tsx';
import type { StvCount, StvRound } from '../../../../../src/protocol/methods/index.ts';
import { roundVotes, stvChart, type NhText, type StvChartRound } from './nh-count.ts';
import { namesOf, separator } from './parts.tsx';

const votes = (v: number) => formatNumber(roundVotes(v));

/** What a round decided, in sentences. */
export function roundSentences(round: StvRound, quota: number, choices: readonly NhText[]): string[] {
  const name = (c: number) => textOf(choices[c]!);
  const out = round.outcome;
  const votesOf = (c: number) => round.tallies.find((x) => x.choice === c)?.votes ?? 0;
  const said: string[] = [];
  if (out.kind === 'elected') {
    if (round.tiedWith !== undefined) said.push(t('nh.stv.tieWin', { choice: name(out.choice), other: name(round.tiedWith), votes: votes(votesOf(out.choice)) }));
    said.push(t('nh.stv.elected', { choice: name(out.choice), votes: votes(votesOf(out.choice)), quota }));
    said.push(out.surplus > 0 ? t('nh.stv.surplus', { choice: name(out.choice), surplus: votes(out.surplus), value: formatNumber(Math.round(out.transferValue * 1000) / 1000) }) : t('nh.stv.noSurplus', { choice: name(out.choice) }));
  } else if (out.kind === 'eliminated') {
    said.push(t('nh.stv.noneReaches', { quota }));
    if (round.tiedWith !== undefined) said.push(t('nh.stv.tieLose', { choice: name(out.choice), other: name(round.tiedWith), votes: votes(votesOf(out.choice)) }));
    said.push(t('nh.stv.eliminated', { choice: name(out.choice), votes: votes(votesOf(out.choice)) }));
  } else {
    said.push(t('nh.stv.electedRemaining', { choices: namesOf(out.choices, choices) }));
  }
  const received = round.transfers.filter((x) => x.votes > 0);
  if (received.length > 0) said.push(t('nh.stv.transfers', { list: received.map((x) => t('nh.stv.transferItem', { choice: name(x.choice), votes: votes(x.votes) })).join(separator()) }));
  if (round.exhausted > 0) said.push(t('nh.stv.exhausted', { votes: votes(round.exhausted) }));
  return said;
}

function RoundChart({ chart, round, index, choices, quota }: { chart: StvChartRound; round: StvRound; index: number; choices: readonly NhText[]; quota: number }) {
  const q = (chart.quotaAt * 100).toFixed(2);
  return (
    <figure class="nh-round-chart" aria-label={t('nh.stv.roundTitle', { n: index + 1 })}>
      {chart.bars.map((b) => (
        <div class={`nh-stv-row nh-${b.status}`} key={b.choice}>
          <div class="bar-label">
            <span>
              <Txt value={choices[b.choice]!} />
              {b.status !== 'continuing' ? <strong> {t(b.status === 'elected' ? 'nh.stv.electedMark' : 'nh.stv.eliminatedMark')}</strong> : null}
            </span>
            <span>{votes(b.votes)}</span>
          </div>
          <svg class="nh-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={t('nh.stv.barLabel', { choice: textOf(choices[b.choice]!), votes: votes(b.votes), quota })} focusable="false">
            <rect class="vb-track" x="0" y="0" width="100" height="10" />
            <rect class={`nh-fill-${b.status}`} x="0" y="0" width={(b.share * 100).toFixed(2)} height="10" />
            <line class="nh-quota" x1={q} y1="0" x2={q} y2="10" />
          </svg>
        </div>
      ))}
      <figcaption class="small">
        {roundSentences(round, quota, choices).map((s, k) => (
          <span key={k}>{s} </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function StvResult({ count, choices, invalid, id }: { count: StvCount; choices: NhText[]; invalid: number; id: string }) {
  const charts = stvChart(count);
  // every candidate that appears in some round, in question order
  const shown = choices.map((_, i) => i).filter((i) => count.rounds.some((r) => r.tallies.some((x) => x.choice === i)));
  const decidedIn = new Map<number, { round: number; kind: 'elected' | 'eliminated' }>();
  count.rounds.forEach((r, k) => {
    const out = r.outcome;
    if (out.kind === 'elected-remaining') for (const c of out.choices) decidedIn.set(c, { round: k, kind: 'elected' });
    else decidedIn.set(out.choice, { round: k, kind: out.kind });
  });
  return (
    <div class="nh-result" data-testid="stv-result">
      <h4>{t('nh.stv.winners')}</h4>
      {count.winners.length > 0 ? (
        <ol class="nh-ranking" data-testid="stv-winners">
          {count.winners.map((c) => (
            <li key={c}>
              <strong>
                <Txt value={choices[c]!} />
              </strong>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('nh.noBallots')}</p>
      )}
      <p data-testid="stv-quota">
        {t('nh.stv.quota', { quota: count.quota, valid: count.valid, seats: count.nseats })}
      </p>
      {invalid > 0 ? <p class="muted small">{tn('nh.invalid', invalid)}</p> : null}

      <h4>{t('nh.stv.rounds')}</h4>
      <ol class="nh-rounds">
        {count.rounds.map((r, k) => (
          <li key={k} data-testid="stv-round">
            <h5>{t('nh.stv.roundTitle', { n: k + 1 })}</h5>
            <RoundChart chart={charts[k]!} round={r} index={k} choices={choices} quota={count.quota} />
          </li>
        ))}
      </ol>

      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-rounds`}>
        <table class="nh-table" data-testid="stv-table">
          <caption id={`${id}-rounds`} class="small">
            {t('nh.stv.tableCaption', { quota: count.quota })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('nh.stv.candidate')}</th>
              {count.rounds.map((_, k) => (
                <th scope="col" key={k}>
                  {t('nh.stv.roundTitle', { n: k + 1 })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => {
              const decided = decidedIn.get(c);
              return (
                <tr key={c}>
                  <th scope="row">
                    <Txt value={choices[c]!} />
                  </th>
                  {count.rounds.map((r, k) => {
                    const tally = r.tallies.find((x) => x.choice === c);
                    const gained = k > 0 ? count.rounds[k - 1]!.transfers.find((x) => x.choice === c) : undefined;
                    const here = decided?.round === k ? decided.kind : undefined;
                    return (
                      <td key={k} class={here ? `nh-${here}` : undefined}>
                        {tally ? votes(tally.votes) : '—'}
                        {gained && gained.votes > 0 ? <span class="muted small"> (+{votes(gained.votes)})</span> : null}
                        {here ? <strong class="small"> {t(here === 'elected' ? 'nh.stv.electedMark' : 'nh.stv.eliminatedMark')}</strong> : null}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t('nh.stv.exhaustedRow')}</th>
              {count.rounds.map((_, k) => {
                const total = count.rounds.slice(0, k).reduce((s, r) => s + r.exhausted, 0);
                return <td key={k}>{votes(total)}</td>;
              })}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
