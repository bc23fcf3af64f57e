// The ads world: users in population segments that click ads at different rates (task
// click.propensity) and whose clicks are worth different amounts (the segments' valuePerClick), a
// pool of campaigns that come and go, and a budget of impressions (adLoad x sessions) that the ranker
// spends on the sessions, and ads, with the highest predicted click probability.
//
// Click model (documented in the scenario schema):
//   P(click | u, c) = sigmoid(base + propensity[s_u] + b_u + interest * p_u[k_c] + appeal_c
//                             + targeting * [target_c = s_u] - fatigue * f_u)
// s_u: the user's segment; b_u: individual clickiness (normal, sd userSd); p_u: interest per category
// (favourites about +0.8, others about -0.4, plus noise); k_c, target_c, appeal_c: the campaign's
// category, target segment and creative appeal; f_u: the user's recent ad impressions (decayed).
//
// What the platform sees (the raw record of a candidate row): the user's observed history (CTR,
// impressions, CTR in the ad's category; decayed with historyHalfLife), the campaign's observed CTR
// and age, and the ad's category. Segments are the simulator's truth, not a field: a platform knows
// its users by what they did with the ads it showed them, not by the type they are. Histories start
// from a prior click rate (PRIOR_CTR over PRIOR_WEIGHT impressions) and grow only from labels.
//
// Who gets an ad: every session draws `candidates` campaigns from the pool; the model scores each
// (session, campaign) row; a session's bid is its best row; the round(adLoad x ranked sessions)
// sessions with the highest bids get their best ad. The exploration slice (model.exploration)
// explores the audience: an explored session gets an impression with probability adLoad whatever its
// bid, with the model's best ad (before launch, when there is no model yet, a random one). Only shown
// ads are labelled: the platform never learns whether an unshown session would have clicked.
//
// The narrowing loop is not scripted; it comes from two feedbacks. (1) Features: a user's history
// grows only when they are shown ads; users who stop winning auctions fade back to the prior, users
// who keep winning keep proving themselves. (2) Retraining: the model refits on the impressions it
// chose, an audience ever more made of the clickiest segment, and its weights tilt toward what tells
// clicky users apart (overall observed CTR) and away from what finds the right ad for a pickier user
// (observed CTR in the ad's category). Exposure concentrates on the high-propensity segment; when its
// clicks are the cheapest, revenue per impression erodes while CTR climbs. A frozen launch model, or
// one retrained only on the exploration slice, narrows less (test/core/world/ads.test.ts measures it).
//
// Common random numbers: every stream is drawn a number of times that depends only on the world:
// - world.init: users at construction; world.campaigns: 1 per campaign slot per tick, 4 more per
//   campaign started (turnover is exogenous), 1 per slot at construction;
// - world.arrivals: 1 per user per tick; world.candidates: `candidates` per session;
// - world.clicks: 1 per session, shown or not.
// The policy's draws (3 per session) come from the engine's policy stream.

import type { MetricDef } from '../../engine/metrics.ts';
import type { Rng, Streams } from '../../rng.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { coverage, ExposureWindow, gini } from '../loop-health.ts';
import { initialTaste, segmentFavourites, userActivity } from '../population.ts';
import {
  type Decisions,
  type ReleasedLabels,
  releasedPositiveRate,
  SERVE_EXPLORE,
  SERVE_MODEL,
  type TaskWorld,
} from '../task.ts';
import { createRawBatch, ensureRawCapacity, grow, type RawBatch, type RawSchema } from '../types.ts';
import { ADS_RAW, type AdsTask } from './config.ts';

/** Ticks of impressions behind the exposure Gini (a rolling window: one tick is too few to judge). */
export const EXPOSURE_WINDOW = 14;

export const ADS_METRICS: readonly MetricDef[] = [
  { name: 'sessions', family: 'world', doc: 'Sessions this tick.' },
  {
    name: 'impressions',
    family: 'engagement',
    doc: 'Ads shown this tick: round(adLoad x ranked sessions), plus about adLoad of the exploration slice.',
  },
  {
    name: 'expectedCtr',
    family: 'true',
    doc: 'Mean true click probability of the ads shown.',
  },
  {
    name: 'expectedRevenuePerImpression',
    family: 'true',
    doc: "Mean over shown ads of true click probability x the viewer's segment valuePerClick: revenue per impression without the clicks' noise.",
  },
  {
    name: 'ctr',
    family: 'engagement',
    doc: 'Clicks per impression this tick (realised; the platform sees them labelDelay ticks later).',
  },
  {
    name: 'revenue',
    family: 'engagement',
    doc: "Value of this tick's clicks: each click is worth its viewer's segment valuePerClick.",
  },
  {
    name: 'revenuePerImpression',
    family: 'engagement',
    doc: 'revenue / impressions this tick: what the budget buys. Falls when exposure narrows onto segments whose clicks are cheap.',
  },
  {
    name: 'observedCtr',
    family: 'observed',
    doc: 'Click rate among labels released this tick (impressions of labelDelay ticks ago).',
  },
  {
    name: 'exposureGini',
    family: 'loop',
    doc: `Gini coefficient of impressions over all users in the last ${EXPOSURE_WINDOW} ticks (0: spread evenly, near 1: a few users get every ad). A rolling window because one tick gives a user at most one impression.`,
  },
  {
    name: 'coverage',
    family: 'loop',
    doc: 'Share of the running campaigns shown at least once this tick.',
  },
];

/** The per-segment exposure metric of a segment. */
export function exposureMetric(segment: string): string {
  return `exposure.${segment}`;
}

/** Every metric of an ads scenario: ADS_METRICS and one exposure share per segment. */
export function adsMetrics(scenario: Scenario): MetricDef[] {
  return [
    ...ADS_METRICS,
    ...scenario.population.segments.map((s) => ({
      name: exposureMetric(s.name),
      family: 'loop' as const,
      doc: `Share of this tick's impressions shown to the ${s.name} segment (${Math.round(s.share * 1000) / 10}% of users, valuePerClick ${s.valuePerClick}).`,
    })),
  ];
}

/** Scenario-level checks of the task's parameters: propensities must name existing segments. */
export function adsCheck(scenario: Scenario): string[] {
  const task = scenario.task as AdsTask;
  const names = scenario.population.segments.map((s) => s.name);
  return Object.keys(task.click.propensity)
    .filter((name) => !names.includes(name))
    .map(
      (name) =>
        `task.click.propensity.${name}: expected a segment name (${names.map((n) => `"${n}"`).join(', ')}), got "${name}"`,
    );
}

/** Campaigns remembered per slot, so labels released after their campaign ended still find its category. */
const HISTORY = 8;

/** The platform's prior click rate and its weight in impressions (new users and campaigns start here). */
const PRIOR_CTR = 0.05;
const PRIOR_WEIGHT = 10;

/** A click rate the platform observed (clicks over impressions), shrunk toward PRIOR_CTR by PRIOR_WEIGHT impressions. */
function smoothedCtr(clicks: number, impressions: number): number {
  return (clicks + PRIOR_WEIGHT * PRIOR_CTR) / (impressions + PRIOR_WEIGHT);
}

/** The raw record of an ads candidate row: what the ad request carries. */
export function adsRawSchema(scenario: Scenario): RawSchema {
  const task = scenario.task as AdsTask;
  return {
    numeric: ADS_RAW.numeric,
    categorical: [{ name: 'category', domain: Array.from({ length: task.topics }, (_, k) => `c${k}`) }],
  };
}

export class AdsWorld implements TaskWorld {
  readonly kind = 'ads';
  readonly metrics: readonly MetricDef[];
  readonly rowErrorDoc = 'a miss: the shown ad was not clicked';
  readonly labelDelay: number;
  readonly perSession = 1;
  readonly task: AdsTask;
  readonly schema: RawSchema;
  readonly K: number;
  readonly segmentNames: string[];
  readonly #exposureNames: string[];

  // Users (columns).
  readonly nUsers: number;
  readonly segment: Int32Array;
  readonly activity: Float64Array;
  /** Segment propensity + individual clickiness (logit). */
  readonly clickiness: Float64Array;
  readonly interest: Float64Array; // nUsers x K
  readonly fatigue: Float64Array;
  readonly fatigueTick: Int32Array;
  readonly obsImp: Float64Array; // observed impressions (released labels), decayed lazily
  readonly obsClk: Float64Array;
  readonly obsTick: Int32Array;
  readonly obsImpK: Float64Array; // nUsers x K: observed impressions per ad category, decayed with obsImp
  readonly obsClkK: Float64Array;
  readonly valuePerClick: Float64Array; // per segment

  // Campaigns (one column per field, a fixed number of slots).
  readonly nCampaigns: number;
  /** Id of the campaign in each slot: slot + nCampaigns x (campaigns the slot has run before). */
  readonly campaignId: Int32Array;
  readonly campaignTarget: Int32Array;
  readonly campaignCategory: Int32Array;
  readonly campaignAppeal: Float64Array;
  readonly campaignBorn: Int32Array;
  readonly campaignImp: Float64Array;
  readonly campaignClk: Float64Array;
  readonly #targetWeights: Float64Array;
  /** The last HISTORY campaigns of each slot (id, category): labels outlive their campaign. */
  readonly #pastId: Int32Array;
  readonly #pastCategory: Int32Array;
  readonly #favourites: Int32Array[];

  // Per-tick buffers.
  sessions = 0;
  sessionUser = new Int32Array(1024);
  /** Campaign slot of each candidate row. */
  candSlot = new Int32Array(1024 * 8);
  readonly raw: RawBatch;
  /** True click probability of each candidate row. */
  pTrue = new Float32Array(1024 * 8);

  readonly #rArrivals: Rng;
  readonly #rCandidates: Rng;
  readonly #rClicks: Rng;
  readonly #rCampaigns: Rng;
  readonly #fatigueDecay: number;
  readonly #historyDecay: number;
  readonly #endProbability: number;

  // Scratch.
  #bid = new Float64Array(1024);
  #bidSorted = new Float64Array(1024);
  readonly #giniScratch: Float64Array;
  readonly #segImp: Float64Array;
  readonly #campaignShown: Int32Array;
  /** Impressions per user and per campaign slot in the last EXPOSURE_WINDOW ticks. */
  readonly #window: ExposureWindow;

  constructor(scenario: Scenario, streams: Streams) {
    const task = scenario.task as AdsTask;
    this.task = task;
    this.labelDelay = task.labelDelay;
    const K = task.topics;
    this.K = K;
    const segs = scenario.population.segments;
    this.segmentNames = segs.map((s) => s.name);
    const problems = adsCheck(scenario);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    this.metrics = adsMetrics(scenario);
    this.#exposureNames = this.segmentNames.map(exposureMetric);
    this.schema = adsRawSchema(scenario);
    this.valuePerClick = Float64Array.from(segs, (s) => s.valuePerClick);
    this.#favourites = segs.map((s, i) => Int32Array.from(segmentFavourites(s, i, K)));

    const init = streams('world.init');
    const n = scenario.population.users;
    this.nUsers = n;
    this.segment = new Int32Array(n);
    this.activity = new Float64Array(n);
    this.clickiness = new Float64Array(n);
    this.interest = new Float64Array(n * K);
    this.fatigue = new Float64Array(n);
    this.fatigueTick = new Int32Array(n);
    this.obsImp = new Float64Array(n);
    this.obsClk = new Float64Array(n);
    this.obsTick = new Int32Array(n);
    this.obsImpK = new Float64Array(n * K);
    this.obsClkK = new Float64Array(n * K);
    const shares = segs.map((s) => s.share);
    for (let u = 0; u < n; u++) {
      const s = init.categorical(shares);
      this.segment[u] = s;
      const seg = segs[s]!;
      this.activity[u] = userActivity(init, seg.activity);
      this.clickiness[u] = (task.click.propensity[seg.name] ?? 0) + init.normal(0, task.click.userSd);
      const fav = this.#favourites[s]!;
      for (let k = 0; k < K; k++) this.interest[u * K + k] = initialTaste(init, fav.includes(k));
    }

    const M = task.campaigns.active;
    this.nCampaigns = M;
    this.campaignId = new Int32Array(M);
    this.campaignTarget = new Int32Array(M);
    this.campaignCategory = new Int32Array(M);
    this.campaignAppeal = new Float64Array(M);
    this.campaignBorn = new Int32Array(M);
    this.campaignImp = new Float64Array(M);
    this.campaignClk = new Float64Array(M);
    this.#targetWeights = Float64Array.from(segs, (s) => s.share);
    this.#pastId = new Int32Array(M * HISTORY).fill(-1);
    this.#pastCategory = new Int32Array(M * HISTORY);
    this.#rCampaigns = streams('world.campaigns');
    this.#endProbability = 1 / task.campaigns.lifetime;
    const warmup = scenario.model.warmup;
    for (let j = 0; j < M; j++) {
      this.campaignId[j] = j;
      this.#startCampaign(j, -warmup - this.#rCampaigns.int(Math.ceil(task.campaigns.lifetime)));
    }

    this.raw = createRawBatch(this.schema, 1024 * task.candidates);
    this.#rArrivals = streams('world.arrivals');
    this.#rCandidates = streams('world.candidates');
    this.#rClicks = streams('world.clicks');
    this.#fatigueDecay = 0.5 ** (1 / task.click.fatigueHalfLife);
    this.#historyDecay = 0.5 ** (1 / task.historyHalfLife);
    this.#giniScratch = new Float64Array(n);
    this.#segImp = new Float64Array(segs.length);
    this.#campaignShown = new Int32Array(M);
    this.#window = new ExposureWindow(EXPOSURE_WINDOW, n, M);
  }

  /** A new campaign in slot j: a target segment, a category its audience likes (mostly), an appeal. */
  #startCampaign(j: number, t: number): void {
    const r = this.#rCampaigns;
    const target = r.categorical(this.#targetWeights);
    const onTarget = r.next() < this.task.campaigns.onTarget;
    const pick = r.next();
    const fav = this.#favourites[target]!;
    this.campaignTarget[j] = target;
    this.campaignCategory[j] = onTarget ? fav[Math.floor(pick * fav.length)]! : Math.floor(pick * this.K);
    this.campaignAppeal[j] = r.normal(0, this.task.campaigns.appealSd);
    this.campaignBorn[j] = t;
    this.campaignImp[j] = 0;
    this.campaignClk[j] = 0;
    const id = this.campaignId[j]!;
    const h = j * HISTORY + (Math.floor(id / this.nCampaigns) % HISTORY);
    this.#pastId[h] = id;
    this.#pastCategory[h] = this.campaignCategory[j]!;
  }

  /** Step 1 (world side of the timeline): campaigns end and new ones take their slots. */
  beginTick(t: number): void {
    const r = this.#rCampaigns;
    const M = this.nCampaigns;
    for (let j = 0; j < M; j++) {
      if (r.next() < this.#endProbability) {
        this.campaignId[j]! += M;
        this.#startCampaign(j, t);
      }
    }
  }

  /** Step 2: who shows up. One draw per user per tick. */
  drawSessions(_t: number): number {
    const n = this.nUsers;
    if (this.sessionUser.length < n) this.sessionUser = grow(this.sessionUser, n);
    const r = this.#rArrivals;
    let s = 0;
    for (let u = 0; u < n; u++) if (r.next() < this.activity[u]!) this.sessionUser[s++] = u;
    this.sessions = s;
    return s;
  }

  #decayUser(u: number, t: number): void {
    const dtF = t - this.fatigueTick[u]!;
    if (dtF > 0) {
      this.fatigue[u]! *= this.#fatigueDecay ** dtF;
      this.fatigueTick[u] = t;
    }
    const dtH = t - this.obsTick[u]!;
    if (dtH > 0) {
      const d = this.#historyDecay ** dtH;
      this.obsImp[u]! *= d;
      this.obsClk[u]! *= d;
      for (let k = u * this.K, end = k + this.K; k < end; k++) {
        this.obsImpK[k]! *= d;
        this.obsClkK[k]! *= d;
      }
      this.obsTick[u] = t;
    }
  }

  /** Steps 2-3: candidate campaigns for each session, their raw records and true click probabilities. */
  buildRows(t: number): number {
    const C = this.task.candidates;
    const S = this.sessions;
    const M = this.nCampaigns;
    const rows = S * C;
    if (this.candSlot.length < rows) this.candSlot = grow(this.candSlot, rows * 2);
    if (this.pTrue.length < rows) this.pTrue = grow(this.pTrue, rows * 2);
    ensureRawCapacity(this.raw, rows);
    const raw = this.raw;
    raw.rows = rows;
    const [userCtrCol, userImpCol, userCatCtrCol, campCtrCol, ageCol] = raw.numeric as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const catCol = raw.cats[0]!;
    const K = this.K;
    const { base, interest, targeting, fatigue } = this.task.click;
    const cand = this.candSlot;
    const take = Math.min(C, M);
    for (let s = 0; s < S; s++) {
      const u = this.sessionUser[s]!;
      this.#decayUser(u, t);
      const seg = this.segment[u]!;
      const imp = this.obsImp[u]!;
      const userCtr = smoothedCtr(this.obsClk[u]!, imp);
      const z0 = base + this.clickiness[u]! - fatigue * this.fatigue[u]!;
      // Distinct campaigns when the pool allows it; C draws per session either way.
      this.#rCandidates.sampleWithoutReplacement(M, take, cand, s * C);
      for (let c = take; c < C; c++) cand[s * C + c] = this.#rCandidates.int(M);
      for (let c = 0; c < C; c++) {
        const row = s * C + c;
        const j = cand[row]!;
        const k = this.campaignCategory[j]!;
        const match = this.campaignTarget[j] === seg ? 1 : 0;
        userCtrCol[row] = userCtr;
        userImpCol[row] = imp;
        userCatCtrCol[row] = smoothedCtr(this.obsClkK[u * K + k]!, this.obsImpK[u * K + k]!);
        campCtrCol[row] = smoothedCtr(this.campaignClk[j]!, this.campaignImp[j]!);
        ageCol[row] = t - this.campaignBorn[j]!;
        catCol[row] = k;
        const z = z0 + interest * this.interest[u * K + k]! + this.campaignAppeal[j]! + targeting * match;
        this.pTrue[row] = 1 / (1 + Math.exp(-z));
      }
    }
    return rows;
  }

  /**
   * Step 6: each session's bid is its best-scored candidate; the round(adLoad x ranked) highest bids
   * among the sessions outside the exploration slice get their best ad. An explored session gets an
   * impression with probability adLoad whatever its bid: its best ad after launch, a random candidate
   * before (every session is explored then). Three policy draws per session whatever happens.
   * Guardrail modes (d.mode): SERVE_BASELINE and SERVE_DEFAULT serve uniformly (a random candidate,
   * shown with probability adLoad, outside the auction); SERVE_EXPLORE does too, flagged as
   * exploration (a holdout never sees the model's choice of ad).
   */
  decide(scores: Float32Array, launched: boolean, exploration: number, rng: Rng, d: Decisions): void {
    const C = this.task.candidates;
    const S = this.sessions;
    const adLoad = this.task.adLoad;
    const eps = launched ? exploration : 1;
    const mode = launched ? d.mode : undefined;
    d.count = S;
    if (this.#bid.length < S) {
      this.#bid = new Float64Array(S * 2);
      this.#bidSorted = new Float64Array(S * 2);
    }
    const bid = this.#bid;
    let ranked = 0;
    for (let s = 0; s < S; s++) {
      const how = mode ? mode[s]! : SERVE_MODEL;
      const explore = rng.next() < eps || how === SERVE_EXPLORE;
      const showDraw = rng.next();
      const pick = rng.int(C);
      d.explored[s] = explore ? 1 : 0;
      let best = s * C;
      let bestScore = scores[best]!;
      for (let c = 1; c < C; c++) {
        const r = s * C + c;
        if (scores[r]! > bestScore) {
          bestScore = scores[r]!;
          best = r;
        }
      }
      if (explore || how !== SERVE_MODEL) {
        // Audience exploration: shown whatever the bid, with the model's best ad (none before launch,
        // nor when a guardrail serves the session: uniform).
        const shown = showDraw < adLoad ? 1 : 0;
        d.row[s] = launched && how === SERVE_MODEL ? best : s * C + pick;
        d.action[s] = shown;
        d.labelled[s] = shown;
        bid[s] = Number.NaN;
        continue;
      }
      d.row[s] = best;
      bid[s] = bestScore;
      this.#bidSorted[ranked++] = bestScore;
    }
    // The k-th highest bid by selection (no sort); ties at the cut go to the earlier sessions.
    const k = Math.round(adLoad * ranked);
    const cut = k > 0 ? kthLargest(this.#bidSorted, ranked, k) : Number.POSITIVE_INFINITY;
    let above = 0;
    for (let s = 0; s < S; s++) if (bid[s]! > cut) above++;
    let tiesLeft = k - above;
    for (let s = 0; s < S; s++) {
      if (Number.isNaN(bid[s]!)) continue; // outside the auction
      let shown = 0;
      if (bid[s]! > cut) shown = 1;
      else if (bid[s] === cut && tiesLeft > 0) {
        shown = 1;
        tiesLeft--;
      }
      d.action[s] = shown;
      d.labelled[s] = shown;
    }
  }

  /** Step 7: one uniform per session whatever was decided; only a shown ad can be clicked. */
  respond(d: Decisions): void {
    const r = this.#rClicks;
    for (let s = 0; s < d.count; s++) {
      const x = r.next();
      d.outcome[s] = d.action[s] === 1 && x < this.pTrue[d.row[s]!]! ? 1 : 0;
    }
  }

  /** Step 8: an impression adds to the viewer's ad fatigue. */
  evolve(_t: number, d: Decisions): void {
    for (let s = 0; s < d.count; s++) if (d.action[s] === 1) this.fatigue[this.sessionUser[s]!]! += 1;
  }

  /** Released labels reach the platform's histories: per user and per (still running) campaign. */
  observe(t: number, released: ReleasedLabels): void {
    const M = this.nCampaigns;
    for (let j = 0; j < released.n; j++) {
      if (released.labelled[j] === 0) continue;
      const u = released.user[j]!;
      this.#decayUser(u, t);
      const y = released.label[j]!;
      this.obsImp[u]! += 1;
      this.obsClk[u]! += y;
      const id = released.item[j]!;
      const slot = id % M;
      const h = slot * HISTORY + (Math.floor(id / M) % HISTORY);
      if (this.#pastId[h] === id) {
        const k = u * this.K + this.#pastCategory[h]!;
        this.obsImpK[k]! += 1;
        this.obsClkK[k]! += y;
      }
      if (this.campaignId[slot] === id) {
        this.campaignImp[slot]! += 1;
        this.campaignClk[slot]! += y;
      }
    }
  }

  /** Step 9: engagement, revenue, segment exposure shares, exposure concentration. */
  measure(t: number, _scores: Float32Array, d: Decisions, m: Record<string, number>): void {
    const S = this.sessions;
    const segImp = this.#segImp;
    segImp.fill(0);
    this.#campaignShown.fill(0);
    const window = this.#window;
    window.advance(t);
    let impressions = 0;
    let clicks = 0;
    let revenue = 0;
    let expCtr = 0;
    let expRevenue = 0;
    for (let s = 0; s < S; s++) {
      if (d.action[s] !== 1) continue;
      const u = this.sessionUser[s]!;
      const seg = this.segment[u]!;
      const r = d.row[s]!;
      const v = this.valuePerClick[seg]!;
      const p = this.pTrue[r]!;
      window.add(u, this.candSlot[r]!);
      impressions++;
      segImp[seg]! += 1;
      this.#campaignShown[this.candSlot[r]!]! += 1;
      expCtr += p;
      expRevenue += p * v;
      if (d.outcome[s]) {
        clicks++;
        revenue += v;
      }
    }
    m.sessions = S;
    m.impressions = impressions;
    m.expectedCtr = impressions > 0 ? expCtr / impressions : Number.NaN;
    m.expectedRevenuePerImpression = impressions > 0 ? expRevenue / impressions : Number.NaN;
    m.ctr = impressions > 0 ? clicks / impressions : Number.NaN;
    m.revenue = revenue;
    m.revenuePerImpression = impressions > 0 ? revenue / impressions : Number.NaN;
    m.exposureGini = gini(window.userCount, this.nUsers, this.#giniScratch);
    m.coverage = coverage(this.#campaignShown, this.nCampaigns);
    for (let g = 0; g < segImp.length; g++) {
      m[this.#exposureNames[g]!] = impressions > 0 ? segImp[g]! / impressions : Number.NaN;
    }
  }

  measureReleased(released: ReleasedLabels | undefined, m: Record<string, number>): void {
    m.observedCtr = releasedPositiveRate(released);
  }

  rowError(_score: number, label: number): number {
    return 1 - label;
  }

  /** Exposure group of a candidate row (guardrails' exposureFloor): the viewer's segment. */
  exposureGroup(row: number): number {
    return this.segment[this.sessionUser[(row / this.task.candidates) | 0]!]!;
  }

  /** The campaign's id (not its slot: a slot's next campaign is another ad). */
  itemOf(row: number): number {
    return this.campaignId[this.candSlot[row]!]!;
  }
}

/**
 * The k-th largest of a[0..n) (1 <= k <= n), by Hoare's quickselect in place (a is reordered).
 * Pivot: the median of three, so sorted or equal inputs stay linear.
 */
function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1; // index in descending order
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    // Median of three: the largest of the pairwise minima.
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! > pivot) i++;
      while (a[j]! < pivot) j--;
      if (i <= j) {
        const tmp = a[i]!;
        a[i] = a[j]!;
        a[j] = tmp;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}
