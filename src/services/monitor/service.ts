// The monitor service: who may do what, and every change in one transaction with
// its history entry (nothing half-saved); the public pages, feeds and exports.
//
// Built in three files: claims.ts (who acts, claims as shown and stored), editing.ts
// (the defaults and every change: sources, claims and their review, weights,
// benchmarks, imports) and here what is read: the public pages, the feed and
// exports, the editors' views.
import { NotFound } from '../../kernel/errors.ts';
import { allHistory, getClaim, historyOf, isSourceCitedPublicly, listClaims, listSources, proposedClaimAuthors, publishedRelationClaims, sourceCopy, type ClaimRow, type HistoryRow } from '../../store/monitor.ts';
import { allCountries, isCountryCode, countryNames } from '../../monitor/countries.ts';
import { atomFeed, claimsCsv } from '../../monitor/exchange.ts';
import { worldMap } from '../../monitor/map.ts';
import type { BenchmarkId, Claim, Source } from '../../monitor/model.ts';
import { tallyCountries, tallyCountry } from '../../monitor/scoring.ts';
import type { ClaimedRelation } from '../../sanctions/claims.ts';
import { PUBLIC, canReview, changedFields, publicClaim, type Actor, type PublicHistoryEntry } from './claims.ts';
import { MonitorEditing } from './editing.ts';

export { actorOf, type Actor, type PublicHistoryEntry } from './claims.ts';
export type { MonitorOptions } from './editing.ts';

export class MonitorService extends MonitorEditing {
  private async publicClaims(): Promise<ClaimRow[]> {
    return listClaims(this.db, PUBLIC);
  }

  /** Published relation claims, for the sanctions network (retracted ones drop out). */
  async publishedRelations(): Promise<ClaimedRelation[]> {
    return (await publishedRelationClaims(this.db)).map((c) => ({ claimId: c.id, ...c.relation }));
  }

  /** The sources these claims cite; to the public without who entered them. */
  private async sourcesOf(claims: readonly Claim[], showNames = false): Promise<Record<string, Source>> {
    const ids = [...new Set(claims.flatMap((c) => c.sources))];
    const sources = ids.length ? await listSources(this.db, ids) : [];
    return Object.fromEntries(sources.map((s) => [s.id, showNames ? s : { ...s, createdBy: s.createdBy ? 'editor' : null }]));
  }

  async dashboard() {
    const [benchmarks, claims, weights] = await Promise.all([this.benchmarks(), this.publicClaims(), this.weights()]);
    const published = claims.filter((c) => c.status === 'published');
    const sources = await this.sourcesOf(claims);
    return {
      benchmarks: benchmarks.map((b) => {
        const assessments = published.filter((c) => c.assessment?.benchmark === b.id);
        // newest by date; the same day: the later review wins
        const current = [...assessments].sort((x, y) => (x.date === y.date ? (y.reviewedAt ?? '').localeCompare(x.reviewedAt ?? '') : x.date < y.date ? 1 : -1))[0];
        return { ...b, current: current ? publicClaim(current, false) : null, assessments: assessments.length };
      }),
      states: tallyCountries(claims, weights),
      weights,
      counts: { published: published.length, retracted: claims.length - published.length, sources: Object.keys(sources).length },
      samples: claims.some((c) => c.sample),
    };
  }

  async benchmark(id: string) {
    const benchmark = (await this.benchmarks()).find((b) => b.id === id);
    if (!benchmark) throw new NotFound('no such benchmark');
    const claims = await this.publicClaims();
    const assessments = claims.filter((c) => c.assessment?.benchmark === id);
    const cited = new Set(assessments.flatMap((a) => a.assessment!.evidence));
    const evidence = claims.filter((c) => c.kind !== 'assessment' && (cited.has(c.id) || c.benchmarks.includes(id as BenchmarkId)));
    return {
      benchmark,
      assessments: assessments.map((c) => publicClaim(c, false)),
      evidence: evidence.map((c) => publicClaim(c, false)),
      sources: await this.sourcesOf([...assessments, ...evidence]),
    };
  }

  async state(code: string) {
    const state = code.toUpperCase();
    if (!isCountryCode(state)) throw new NotFound('unknown state: give an ISO 3166 two-letter code');
    const [claims, weights] = await Promise.all([this.publicClaims(), this.weights()]);
    const events = claims.filter((c) => c.engagement?.state === state);
    return { state, names: countryNames(state), tally: tallyCountry(state, claims, weights), weights, events: events.map((c) => publicClaim(c, false)), sources: await this.sourcesOf(events) };
  }

  async claims(filter: { kind?: string; state?: string; benchmark?: string }) {
    const claims = (await this.publicClaims()).filter(
      (c) =>
        (!filter.kind || c.kind === filter.kind) &&
        (!filter.state || c.engagement?.state === filter.state.toUpperCase()) &&
        (!filter.benchmark || c.assessment?.benchmark === filter.benchmark || c.benchmarks.includes(filter.benchmark as BenchmarkId)),
    );
    return { claims: claims.map((c) => publicClaim(c, false)), sources: await this.sourcesOf(claims) };
  }

  private historyEntries(rows: HistoryRow[], showNames: boolean): PublicHistoryEntry[] {
    return rows.map((h) => ({ at: h.at, action: h.action, by: showNames ? (h.username ?? h.role ?? 'system') : (h.role ?? 'system'), account: h.account, note: h.note, changes: changedFields(h.before, h.after) }));
  }

  async claim(id: string, asEditor = false) {
    const claim = await getClaim(this.db, id);
    if (!claim || (!asEditor && !PUBLIC.includes(claim.status))) throw new NotFound('no such published claim');
    return {
      claim: publicClaim(claim, asEditor),
      sources: Object.values(await this.sourcesOf([claim], asEditor)),
      history: this.historyEntries(await historyOf(this.db, 'claim', id), asEditor),
    };
  }

  /** The uploaded copy of a source, to the public only when a published or retracted claim cites it. */
  async sourceCopy(id: string, asEditor = false) {
    if (!asEditor) {
      if (!(await isSourceCitedPublicly(this.db, id))) throw new NotFound('no such published source');
    }
    const copy = await sourceCopy(this.db, id);
    if (!copy) throw new NotFound('this source has no uploaded copy');
    return copy;
  }

  map() {
    return { ...worldMap(), states: allCountries() };
  }

  async feed(base: string): Promise<string> {
    const claims = await this.publicClaims();
    return atomFeed(claims.map((c) => publicClaim(c, false)), await this.sourcesOf(claims), base);
  }

  async exportJson() {
    const claims = (await this.publicClaims()).map((c) => publicClaim(c, false));
    const sources = await this.sourcesOf(claims);
    return { generated: new Date().toISOString(), licence: 'Published claims of the Jirga accountability monitor; cite the sources given.', sources: Object.values(sources), claims };
  }

  async exportCsv(): Promise<string> {
    const claims = (await this.publicClaims()).map((c) => publicClaim(c, false));
    return claimsCsv(claims, await this.sourcesOf(claims));
  }

  // --------------------------------------------------------- editors' views

  async work(actor: Actor) {
    const [claims, sources, benchmarks, weights, authors] = await Promise.all([listClaims(this.db), listSources(this.db), this.benchmarks(), this.weights(), proposedClaimAuthors(this.db)]);
    return { me: { username: actor.username, role: actor.role, canReview: canReview(actor) }, claims: claims.map((c) => publicClaim(c, true)), sources, benchmarks, weights, authors };
  }

  async fullExport() {
    const [claims, sources, history] = await Promise.all([listClaims(this.db), listSources(this.db), allHistory(this.db)]);
    return { generated: new Date().toISOString(), sources, claims: claims.map((c) => publicClaim(c, true)), history };
  }
}
