// A ranked or graded question of the ballot (Belenios's non-homomorphic questions).
// Ranked: tap an option to give it the next rank (tap a ranked one to take it out); move
// it with its up and down buttons, with the arrow keys on its focused name (Home, End,
// Delete too), or by dragging its handle (pointer events: HTML drag and drop does not
// work on phones). Each change is announced (aria-live). The order is strict: no ties.
// Graded: for each option a row of grades, radio buttons drawn as large targets.
// What is kept and what it encrypts to: ranking.ts.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Txt, textOf } from '../../components/text.tsx';
import { formatNumber, t } from '../../i18n/index.ts';
import { decodeTranslations } from '../../../../src/kernel/texts.ts';
import type { QuestionNH } from '../../../../src/protocol/codec.ts';
import { moveRanked, nhFormOf, setBlank, setGrade, toggleRanked } from './ranking.ts';
import type { Selection } from './selection.ts';

type Props = { q: QuestionNH; index: number; selection: Selection; onChange: (s: Selection) => void };

export function NhQuestionForm(props: Props) {
  return nhFormOf(props.q).kind === 'graded' ? <GradedQuestion {...props} /> : <RankedQuestion {...props} />;
}

function BlankChoice({ name, selection, onChange }: { name: string; selection: Selection; onChange: (s: Selection) => void }) {
  return (
    <label class={selection.blank ? 'choice selected' : 'choice'}>
      <input type="checkbox" name={`${name}-blank`} checked={selection.blank} onChange={() => onChange(setBlank(selection, !selection.blank))} data-testid="nh-blank" />
      <span>{t('vote.blank')}</span>
    </label>
  );
}

export function RankedQuestion({ q, index, selection, onChange }: Props) {
  const form = nhFormOf(q);
  const answers = q.value.answers.map((a) => decodeTranslations(a));
  const name = `q${index}`;
  const ranked = selection.blank ? [] : selection.chosen;
  const total = ranked.length;
  const [announcement, setAnnouncement] = useState('');
  // after a move by keyboard, the moved option keeps the focus at its new place
  const [focusAnswer, setFocusAnswer] = useState<number | null>(null);
  const items = useRef<Map<number, HTMLButtonElement>>(new Map());
  const list = useRef<HTMLOListElement>(null);
  const drag = useRef<{ answer: number; pointer: number } | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  useEffect(() => {
    if (focusAnswer === null) return;
    items.current.get(focusAnswer)?.focus();
    setFocusAnswer(null);
  }, [focusAnswer, selection]);

  const nameOf = (a: number) => textOf(answers[a]!);
  const announceAt = (a: number, s: Selection) => setAnnouncement(t('vote.rankNow', { answer: nameOf(a), n: s.chosen.indexOf(a) + 1, total: s.chosen.length }));
  /** Tap: rank or un-rank. The focus goes to the option just ranked, or to the one that took
   * the place of the option taken out (or the one before it): never lost with the button. */
  const toggle = (a: number) => {
    const next = toggleRanked(selection, a);
    onChange(next);
    if (next.chosen.includes(a)) {
      announceAt(a, next);
      setFocusAnswer(a);
    } else {
      setAnnouncement(t('vote.rankRemoved', { answer: nameOf(a) }));
      const k = ranked.indexOf(a);
      const neighbour = ranked[k + 1] ?? ranked[k - 1];
      if (neighbour !== undefined) setFocusAnswer(neighbour);
    }
  };
  const move = (from: number, to: number, keepFocus: boolean) => {
    const a = ranked[from]!;
    const next = moveRanked(selection, from, to);
    if (next === selection) return;
    onChange(next);
    announceAt(a, next);
    if (keepFocus) setFocusAnswer(a);
  };
  const onKey = (e: KeyboardEvent, k: number) => {
    const a = ranked[k]!;
    if (e.key === 'ArrowUp') move(k, k - 1, true);
    else if (e.key === 'ArrowDown') move(k, k + 1, true);
    else if (e.key === 'Home') move(k, 0, true);
    else if (e.key === 'End') move(k, total - 1, true);
    else if (e.key === 'Delete' || e.key === 'Backspace') toggle(a);
    else return;
    e.preventDefault();
  };

  // dragging by the handle: the option moves among the others as the pointer passes their
  // middles; the pointer is followed on the window (the row itself moves in the page)
  const latest = useRef({ selection, onChange });
  latest.current = { selection, onChange };
  const onPointerDown = (e: PointerEvent, a: number) => {
    if (e.button !== 0 || drag.current) return;
    e.preventDefault();
    const pointer = e.pointerId;
    drag.current = { answer: a, pointer };
    setDragging(a);
    const onMove = (m: PointerEvent) => {
      if (m.pointerId !== pointer || !list.current) return;
      const rows = [...list.current.children] as HTMLElement[];
      let target = rows.length - 1;
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!.getBoundingClientRect();
        if (m.clientY < r.top + r.height / 2) {
          target = i;
          break;
        }
      }
      const { selection: s, onChange: change } = latest.current;
      const from = s.chosen.indexOf(a);
      if (from >= 0 && target !== from) change(moveRanked(s, from, target));
    };
    const onUp = (u: PointerEvent) => {
      if (u.pointerId !== pointer) return;
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      drag.current = null;
      setDragging(null);
      announceAt(a, latest.current.selection);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
  };

  const unranked = answers.map((_, i) => i).filter((i) => !ranked.includes(i));
  const helpId = `${name}-keyboard`;
  return (
    <fieldset class="nh-question" data-testid="ranked-question">
      <legend>
        {formatNumber(index + 1)}. <Txt value={decodeTranslations(q.value.question)} />
      </legend>
      <p class="muted small">
        {t('vote.rankHow')} {form.kind === 'ranked' && form.method === 'stv' ? t('vote.rankSeats', { n: form.seats ?? 1 }) : form.kind === 'ranked' && form.method === 'schulze' ? t('vote.rankSchulze') : null}
      </p>
      <p id={helpId} class="muted small">
        {t('vote.rankKeyboard')}
      </p>
      <p class="field-title" id={`${name}-ranked`}>
        {t('vote.yourRanking')}
      </p>
      {total === 0 ? <p class="muted">{t('vote.rankEmpty')}</p> : null}
      <ol class="ranking plain" ref={list} aria-labelledby={`${name}-ranked`} data-testid="ranking">
        {ranked.map((a, k) => (
          <li key={a} class={dragging === a ? 'rank-item dragging' : 'rank-item'} data-answer={a}>
            <span class="rank-handle" aria-hidden="true" data-testid="rank-handle" onPointerDown={(e) => onPointerDown(e, a)}>
              ⠿
            </span>
            <span class="rank-number" aria-hidden="true">
              {formatNumber(k + 1)}
            </span>
            <button
              type="button"
              class="rank-name"
              ref={(el) => {
                if (el) items.current.set(a, el);
                else items.current.delete(a);
              }}
              aria-label={t('vote.rankItem', { answer: nameOf(a), n: k + 1, total })}
              aria-describedby={helpId}
              title={t('vote.unrank', { answer: nameOf(a) })}
              onClick={() => toggle(a)}
              onKeyDown={(e) => onKey(e, k)}
            >
              <Txt value={answers[a]!} />
              <span class="rank-remove" aria-hidden="true">
                ×
              </span>
            </button>
            <button type="button" class="rank-move" aria-label={t('vote.moveUp', { answer: nameOf(a) })} disabled={k === 0} onClick={() => move(k, k - 1, false)}>
              <span aria-hidden="true">▲</span>
            </button>
            <button type="button" class="rank-move" aria-label={t('vote.moveDown', { answer: nameOf(a) })} disabled={k === total - 1} onClick={() => move(k, k + 1, false)}>
              <span aria-hidden="true">▼</span>
            </button>
          </li>
        ))}
      </ol>
      {unranked.length > 0 ? (
        <>
          <p class="field-title" id={`${name}-unranked`}>
            {t('vote.notRanked')}
          </p>
          <ul class="plain" aria-labelledby={`${name}-unranked`} data-testid="unranked">
            {unranked.map((a) => (
              <li key={a}>
                <button type="button" class="choice rank-add" onClick={() => toggle(a)} data-answer={a}>
                  <span class="rank-plus" aria-hidden="true">
                    +
                  </span>
                  <Txt value={answers[a]!} />
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {form.blank ? <BlankChoice name={name} selection={selection} onChange={onChange} /> : null}
      <p class="visually-hidden" aria-live="polite" data-testid="rank-announcement">
        {announcement}
      </p>
    </fieldset>
  );
}

export function GradedQuestion({ q, index, selection, onChange }: Props) {
  const form = nhFormOf(q);
  const grades = form.kind === 'graded' ? form.grades : [];
  const answers = q.value.answers.map((a) => decodeTranslations(a));
  const name = `q${index}`;
  return (
    <fieldset class="nh-question" data-testid="graded-question">
      <legend>
        {formatNumber(index + 1)}. <Txt value={decodeTranslations(q.value.question)} />
      </legend>
      <p class="muted small">{t('vote.gradeHow')}</p>
      {answers.map((a, i) => {
        const given = selection.blank ? -1 : (selection.grades?.[i] ?? -1);
        return (
          <fieldset key={i} class="grade-row" data-testid="grade-row">
            <legend>
              <Txt value={a} />
            </legend>
            <div class="grades">
              {grades.map((g, j) => (
                <label key={j} class={given === j ? 'grade selected' : 'grade'}>
                  <input type="radio" name={`${name}-a${i}`} value={String(j)} checked={given === j} onChange={() => onChange(setGrade(selection, answers.length, i, j))} />
                  <Txt value={g} />
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
      {form.blank ? <BlankChoice name={name} selection={selection} onChange={onChange} /> : null}
    </fieldset>
  );
}
