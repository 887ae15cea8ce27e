// A question counted by majority judgment: the ranking, and each option's merit profile
// (how many ballots gave it each grade) as a stacked bar, best grade first, with its
// majority grade; the same numbers in a table.
import { formatNumber, formatPercent, isRtl, t } from '../../../i18n/index.ts';
import { Txt, textOf } from '../../../components/text.tsx';
import type { MajorityJudgmentView } from '../../../../../src/protocol/methods/index.ts';
import { meritSegments, type NhText } from './nh-count.ts';
import { Ranking } from './parts.tsx';

/** One of seven colours from the best grade to the worst, whatever the number of grades. */
export function gradeTone(grade: number, grades: number): number {
  return grades <= 1 ? 0 : Math.round(((grade - 1) / (grades - 1)) * 6);
}

export function MajorityJudgmentResult({ view, choices, grades, id }: { view: MajorityJudgmentView; choices: NhText[]; grades: NhText[]; id: string }) {
  const gradeName = (g: number) => textOf(grades[g - 1]!);
  const byRank = [...view.profiles].sort((a, b) => a.rank - b.rank || a.choice - b.choice);
  return (
    <div class="nh-result" data-testid="mj-result">
      <h4>{t('nh.order')}</h4>
      <Ranking ranking={view.ranking} choices={choices} />

      <h4>{t('nh.mj.profiles')}</h4>
      <p class="small">{t('nh.mj.explain')}</p>
      <ul class="nh-legend small" aria-label={t('nh.mj.legend')}>
        {grades.map((g, k) => (
          <li key={k}>
            <svg class="nh-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
              <rect class={`nh-tone-${gradeTone(k + 1, grades.length)}`} x="0" y="0" width="10" height="10" />
            </svg>
            <Txt value={g} />
          </li>
        ))}
      </ul>
      {byRank.map((p) => {
        const segments = meritSegments(p.profile);
        const label = t('nh.mj.barLabel', { choice: textOf(choices[p.choice]!), grades: segments.map((s) => t('nh.mj.gradeCount', { grade: gradeName(s.grade), n: s.count })).join(isRtl() ? '؛ ' : '; ') });
        return (
          <div class="nh-profile" key={p.choice} data-testid="mj-profile">
            <div class="bar-label">
              <strong>
                <Txt value={choices[p.choice]!} />
              </strong>
              <span>{p.majorityGrade !== undefined ? t('nh.mj.majorityGrade', { grade: gradeName(p.majorityGrade) }) : t('nh.mj.noGrade')}</span>
            </div>
            <svg class="nh-stack" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label={label} focusable="false">
              <rect class="vb-track" x="0" y="0" width="100" height="10" />
              {segments.map((s) =>
                s.width > 0 ? <rect key={s.grade} class={`nh-tone-${gradeTone(s.grade, grades.length)}`} x={(s.start * 100).toFixed(2)} y="0" width={(s.width * 100).toFixed(2)} height="10" /> : null,
              )}
              {/* the middle: the majority grade is the one this line falls in */}
              <line class="nh-median" x1="50" y1="0" x2="50" y2="10" />
            </svg>
            {p.majorityGrade !== undefined ? <p class="muted small">{t('nh.mj.betterWorse', { better: p.better, worse: p.worse, grade: gradeName(p.majorityGrade) })}</p> : null}
          </div>
        );
      })}

      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={`${id}-grades`}>
        <table class="nh-table">
          <caption id={`${id}-grades`} class="small">
            {t('nh.mj.tableCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('nh.option')}</th>
              {grades.map((g, k) => (
                <th scope="col" key={k}>
                  <Txt value={g} />
                </th>
              ))}
              <th scope="col">{t('nh.mj.majorityGradeShort')}</th>
            </tr>
          </thead>
          <tbody>
            {byRank.map((p) => {
              const total = p.profile.reduce((s, x) => s + x, 0);
              return (
                <tr key={p.choice}>
                  <th scope="row">
                    <Txt value={choices[p.choice]!} />
                  </th>
                  {p.profile.map((n, g) => (
                    <td key={g}>
                      {formatNumber(n)}
                      {total > 0 ? <span class="muted small"> ({formatPercent(n / total)})</span> : null}
                    </td>
                  ))}
                  <td>{p.majorityGrade !== undefined ? gradeName(p.majorityGrade) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
