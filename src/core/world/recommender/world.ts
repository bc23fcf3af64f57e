// The recommender world: users with latent topic preferences grouped in segments, a growing catalogue
// of items with topic mixtures and quality, and the observed histories a platform keeps about both.
//
// Choice model (documented in the scenario schema):
//   P(click | u, i) = sigmoid(base + affinity * (p_u . v_i) + quality * q_i - fatigue * f_u[topic_i])
// p_u: the user's preference vector (about -1..1 per topic), v_i: the item's topic mixture (sums to 1),
// q_i: item quality (standard normal scaled by qualitySd), f_u: recent exposures per topic (decayed).
//
// Common random numbers: every stream below is consumed a number of times that depends only on the
// world (population size, catalogue size, sessions), never on the model's decisions. Two runs that
// differ only in monitors, guardrails or model therefore face the same arrivals and the same draws.

import { normalisedEntropy } from '../../engine/measure.ts';
import type { MetricDef } from '../../engine/metrics.ts';
import type { Rng, Streams } from '../../rng.ts';
import type { Scenario } from '../../scenario/schema.ts';
import { ExposureWindow, gini, homogenization, type OverlapScratch, overlapScratch } from '../loop-health.ts';
import { initialTaste, segmentFavourites, userActivity } from '../population.ts';
import {
  type Decisions,
  type ReleasedLabels,
  releasedPositiveRate,
  SERVE_BASELINE,
  SERVE_DEFAULT,
  SERVE_EXPLORE,
  SERVE_MODEL,
  type TaskWorld,
} from '../task.ts';
import { createRawBatch, ensureRawCapacity, grow, type RawBatch, type RawSchema } from '../types.ts';
import { RECOMMENDER_RAW, type RecommenderTask } from './config.ts';

/** Ticks of shown items behind the loop-health metrics (exposureGini, homogenization). */
export const LOOP_WINDOW = 14;

export const RECOMMENDER_METRICS: readonly MetricDef[] = [
  { name: 'sessions', family: 'world', doc: 'Sessions this tick.' },
  { name: 'activeUsers', family: 'world', doc: 'Users who have not churned.' },
  { name: 'catalogue', family: 'world', doc: 'Items in the catalogue.' },
  {
    name: 'regret',
    family: 'true',
    doc: "Mean over sessions of (best candidate's true click probability - shown item's).",
  },
  { name: 'expectedCtr', family: 'true', doc: 'Mean true click probability of shown items.' },
  {
    name: 'ctr',
    family: 'engagement',
    doc: 'Clicks per shown item this tick (realised; the platform sees them labelDelay ticks later).',
  },
  {
    name: 'value',
    family: 'engagement',
    doc: "Business value of this tick's clicks (segment value per click).",
  },
  {
    name: 'abandonment',
    family: 'engagement',
    doc: 'Share of sessions that ended without a click on anything shown (with a slate of 1, 1 - ctr per session); seen at once, unlike labels.',
  },
  {
    name: 'observedCtr',
    family: 'observed',
    doc: 'Click rate among labels released this tick (decisions of labelDelay ticks ago).',
  },
  { name: 'coverage', family: 'loop', doc: 'Distinct items shown this tick / catalogue size.' },
  { name: 'diversity', family: 'loop', doc: 'Entropy of the topics shown this tick, normalised to [0, 1].' },
  {
    name: 'exposureGini',
    family: 'loop',
    doc: `Gini coefficient of impressions over the catalogue's items in the last ${LOOP_WINDOW} ticks (0: every item shown alike; near 1: a few items get everything). Over a rolling window because one tick shows each user one slate.`,
  },
  {
    name: 'homogenization',
    family: 'loop',
    doc: `Overlap of what different users were shown in the last ${LOOP_WINDOW} ticks: the pooled pairwise Jaccard index of their sets of items (0: no two users share an item; 1: everyone saw the same items).`,
  },
  {
    name: 'adoption',
    family: 'world',
    doc: 'Share of the users viral trends (preference.trend) can reach who have adopted them; NaN before any.',
  },
];

/** State of one viral trend (preference.trend): who has adopted it, and its own stream. */
interface TrendState {
  readonly members: Int32Array;
  readonly adopted: Uint8Array; // per user
  readonly rng: Rng;
  count: number;
}

const PRIOR_CTR = 0.2;
const PRIOR_WEIGHT = 2;

/** A click rate the platform observed (clicks over shows), shrunk toward PRIOR_CTR by PRIOR_WEIGHT shows. */
function smoothedCtr(clicks: number, shows: number): number {
  return (clicks + PRIOR_WEIGHT * PRIOR_CTR) / (shows + PRIOR_WEIGHT);
}

/** The raw record of a recommender candidate row: what the serving request carries. */
export function recommenderRawSchema(scenario: Scenario): RawSchema {
  const task = scenario.task as RecommenderTask;
  return {
    numeric: RECOMMENDER_RAW.numeric,
    categorical: [
      { name: 'segment', domain: scenario.population.segments.map((s) => s.name) },
      { name: 'topic', domain: Array.from({ length: task.topics }, (_, k) => `t${k}`) },
    ],
  };
}

export class RecommenderWorld implements TaskWorld {
  readonly kind = 'recommender';
  readonly metrics = RECOMMENDER_METRICS;
  readonly rowErrorDoc = 'a miss: the shown item was not clicked';
  readonly labelDelay: number;
  readonly perSession: number;
  readonly task: RecommenderTask;
  readonly schema: RawSchema;
  readonly K: number;
  readonly segmentNames: string[];

  // Users (columns).
  readonly nUsers: number;
  readonly segment: Int32Array;
  readonly activity: Float64Array;
  readonly pref: Float64Array; // nUsers x K
  readonly churned: Uint8Array;
  readonly misses: Int32Array;
  readonly fatigue: Float64Array; // nUsers x K, decayed lazily
  readonly fatigueTick: Int32Array;
  readonly profExp: Float64Array; // observed exposures per topic (released labels), decayed lazily
  readonly profClk: Float64Array; // observed clicks per topic
  readonly profTick: Int32Array;
  readonly valuePerClick: Float64Array; // per segment
  /** Multiplier of every user's session probability this tick; reset by beginTick (shock.baseRate). */
  activityFactor = 1;
  /** Per-segment multiplier of the churn probability this tick; reset by beginTick (shock.competitor). */
  readonly churnFactor: Float64Array;
  /** Per-segment probability per session of leaving for a competitor, however satisfied; reset by beginTick. */
  readonly poachRate: Float64Array;

  // Items (columns, capacity for the whole run).
  nItems: number;
  readonly itemTopic: Int32Array;
  readonly itemVec: Float64Array; // capacity x K
  readonly itemQuality: Float64Array;
  readonly itemBorn: Int32Array;
  readonly itemShows: Float64Array;
  readonly itemClicks: Float64Array;
  readonly #topicWeights: Float64Array;

  // Per-tick buffers.
  sessions = 0;
  sessionUser = new Int32Array(1024);
  candItem = new Int32Array(1024 * 20);
  readonly raw: RawBatch;
  /** True click probability of each candidate row. */
  pTrue = new Float32Array(1024 * 20);

  readonly #rArrivals: Rng;
  readonly #rCandidates: Rng;
  readonly #rClicks: Rng;
  readonly #rChurn: Rng;
  readonly #rDrift: Rng;
  readonly #rItems: Rng;
  readonly #fatigueDecay: number;
  readonly #profileDecay: number;
  readonly #sampleScratch: Int32Array;
  readonly #streams: Streams;

  constructor(scenario: Scenario, streams: Streams) {
    const task = scenario.task as RecommenderTask;
    this.#streams = streams;
    this.task = task;
    this.labelDelay = task.labelDelay;
    this.perSession = task.slate;
    const K = task.topics;
    this.K = K;
    const segs = scenario.population.segments;
    this.segmentNames = segs.map((s) => s.name);
    this.schema = recommenderRawSchema(scenario);
    this.valuePerClick = Float64Array.from(segs, (s) => s.valuePerClick);
    this.churnFactor = new Float64Array(segs.length).fill(1);
    this.poachRate = new Float64Array(segs.length);

    const init = streams('world.init');
    const n = scenario.population.users;
    this.nUsers = n;
    this.segment = new Int32Array(n);
    this.activity = new Float64Array(n);
    this.pref = new Float64Array(n * K);
    this.churned = new Uint8Array(n);
    this.misses = new Int32Array(n);
    this.fatigue = new Float64Array(n * K);
    this.fatigueTick = new Int32Array(n);
    this.profExp = new Float64Array(n * K);
    this.profClk = new Float64Array(n * K);
    this.profTick = new Int32Array(n);
    const shares = segs.map((s) => s.share);
    const favourites = segs.map((seg, s) => new Set(segmentFavourites(seg, s, K)));
    for (let u = 0; u < n; u++) {
      const s = init.categorical(shares);
      this.segment[u] = s;
      this.activity[u] = userActivity(init, segs[s]!.activity);
      const fav = favourites[s]!;
      for (let k = 0; k < K; k++) this.pref[u * K + k] = initialTaste(init, fav.has(k));
    }

    // Catalogue: capacity for every item the run can add (pre-launch warm-up included).
    const capacity =
      task.catalogue.items + task.catalogue.newPerTick * (scenario.ticks + scenario.model.warmup + 1);
    this.itemTopic = new Int32Array(capacity);
    this.itemVec = new Float64Array(capacity * K);
    this.itemQuality = new Float64Array(capacity);
    this.itemBorn = new Int32Array(capacity);
    this.itemShows = new Float64Array(capacity);
    this.itemClicks = new Float64Array(capacity);
    this.#topicWeights = new Float64Array(K).fill(1);
    this.#rItems = streams('world.items');
    this.nItems = 0;
    for (let i = 0; i < task.catalogue.items; i++) this.#addItem(-scenario.model.warmup);

    this.raw = createRawBatch(this.schema, 1024 * task.candidates);
    this.#rArrivals = streams('world.arrivals');
    this.#rCandidates = streams('world.candidates');
    this.#rClicks = streams('world.clicks');
    this.#rChurn = streams('world.churn');
    this.#rDrift = streams('world.drift');
    this.#fatigueDecay = 0.5 ** (1 / task.choice.fatigueHalfLife);
    this.#profileDecay = 0.5 ** (1 / task.profileHalfLife);
    this.#sampleScratch = new Int32Array(task.candidates);
    this.#itemStamp = new Int32Array(capacity);
    this.#topicCounts = new Float64Array(K);
  }

  readonly #itemStamp: Int32Array;
  #stamp = 1;
  readonly #topicCounts: Float64Array;

  #addItem(t: number): void {
    const K = this.K;
    const i = this.nItems++;
    const r = this.#rItems;
    const main = r.categorical(this.#topicWeights);
    const second = r.int(K);
    const mix = r.uniform(0.6, 0.9);
    this.itemTopic[i] = main;
    for (let k = 0; k < K; k++) this.itemVec[i * K + k] = 0;
    this.itemVec[i * K + main] = mix;
    this.itemVec[i * K + second]! += 1 - mix;
    this.itemQuality[i] = r.normal(0, this.task.catalogue.qualitySd);
    this.itemBorn[i] = t;
  }

  /** Step 1 (world side of the timeline): the catalogue grows. */
  beginTick(t: number): void {
    this.activityFactor = 1;
    this.churnFactor.fill(1);
    this.poachRate.fill(0);
    for (let j = 0; j < this.task.catalogue.newPerTick; j++) this.#addItem(t);
  }

  /** Step 2: who shows up. One draw per user per tick, churned or not (keeps the stream aligned). */
  drawSessions(_t: number): number {
    const n = this.nUsers;
    if (this.sessionUser.length < n) this.sessionUser = grow(this.sessionUser, n);
    const r = this.#rArrivals;
    let s = 0;
    for (let u = 0; u < n; u++) {
      const x = r.next();
      if (x < this.activity[u]! * this.activityFactor && this.churned[u] === 0) this.sessionUser[s++] = u;
    }
    this.sessions = s;
    return s;
  }

  /** Steps 2-3: candidates for each session and their raw records; also the true click probabilities. */
  buildRows(t: number): number {
    const C = this.task.candidates;
    const S = this.sessions;
    const rows = S * C;
    if (this.candItem.length < rows) this.candItem = grow(this.candItem, rows * 2);
    if (this.pTrue.length < rows) this.pTrue = grow(this.pTrue, rows * 2);
    ensureRawCapacity(this.raw, rows);
    const raw = this.raw;
    raw.rows = rows;
    const [ctrCol, shareCol, itemCtrCol, ageCol, viewsCol] = raw.numeric as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const [segCol, topicCol] = raw.cats as [Int32Array, Int32Array];
    const K = this.K;
    const { base, affinity, quality, fatigue } = this.task.choice;
    const scratch = this.#sampleScratch;
    const nItems = this.nItems;
    for (let s = 0; s < S; s++) {
      const u = this.sessionUser[s]!;
      this.#decayUser(u, t);
      const seg = this.segment[u]!;
      let clkTotal = 0;
      for (let k = 0; k < K; k++) clkTotal += this.profClk[u * K + k]!;
      this.#rCandidates.sampleWithoutReplacement(nItems, C, scratch);
      for (let c = 0; c < C; c++) {
        const row = s * C + c;
        const i = scratch[c]!;
        this.candItem[row] = i;
        const topic = this.itemTopic[i]!;
        const e = this.profExp[u * K + topic]!;
        const k = this.profClk[u * K + topic]!;
        ctrCol[row] = smoothedCtr(k, e);
        shareCol[row] = (k + 0.1) / (clkTotal + 0.1 * K);
        itemCtrCol[row] = smoothedCtr(this.itemClicks[i]!, this.itemShows[i]!);
        ageCol[row] = t - this.itemBorn[i]!;
        const f = this.fatigue[u * K + topic]!;
        viewsCol[row] = f;
        segCol[row] = seg;
        topicCol[row] = topic;
        let dot = 0;
        for (let q = 0, pu = u * K, vi = i * K; q < K; q++) dot += this.pref[pu + q]! * this.itemVec[vi + q]!;
        const z = base + affinity * dot + quality * this.itemQuality[i]! - fatigue * f;
        this.pTrue[row] = 1 / (1 + Math.exp(-z));
      }
    }
    return rows;
  }

  #decayUser(u: number, t: number): void {
    const K = this.K;
    const dtF = t - this.fatigueTick[u]!;
    if (dtF > 0) {
      const d = this.#fatigueDecay ** dtF;
      for (let k = 0; k < K; k++) this.fatigue[u * K + k]! *= d;
      this.fatigueTick[u] = t;
    }
    const dtP = t - this.profTick[u]!;
    if (dtP > 0) {
      const d = this.#profileDecay ** dtP;
      for (let k = 0; k < K; k++) {
        this.profExp[u * K + k]! *= d;
        this.profClk[u * K + k]! *= d;
      }
      this.profTick[u] = t;
    }
  }

  /**
   * Step 6: show the top `slate` candidates by score, or, for the exploration slice (and before
   * launch), a random run of candidates. Two policy draws per session whatever happens. Guardrail
   * modes (d.mode): SERVE_BASELINE shows the top candidates by observed item CTR (popularity, from
   * the platform's own click and show counts), SERVE_DEFAULT a random run (not flagged as
   * exploration), SERVE_EXPLORE a random run flagged as exploration.
   */
  decide(scores: Float32Array, launched: boolean, exploration: number, rng: Rng, d: Decisions): void {
    const C = this.task.candidates;
    const slate = this.task.slate;
    const eps = launched ? exploration : 1;
    const mode = launched ? d.mode : undefined;
    d.count = this.sessions * slate;
    for (let s = 0; s < this.sessions; s++) {
      const base = s * C;
      const how = mode ? mode[s]! : SERVE_MODEL;
      const explore = rng.next() < eps || how === SERVE_EXPLORE;
      const pick = rng.int(C);
      d.explored[s] = explore ? 1 : 0;
      const random = explore || how === SERVE_DEFAULT;
      const key = how === SERVE_BASELINE && !random ? this.#popularity(base, C) : scores;
      for (let j = 0; j < slate; j++) {
        const e = s * slate + j;
        d.action[e] = 1;
        d.labelled[e] = 1;
        if (random) {
          d.row[e] = base + ((pick + j) % C);
          continue;
        }
        // Top-`slate` by score: selection without sorting (slate is small).
        let best = -1;
        let bestScore = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < C; c++) {
          const r = base + c;
          let taken = false;
          for (let q = 0; q < j; q++) if (d.row[s * slate + q] === r) taken = true;
          if (!taken && key[r]! > bestScore) {
            bestScore = key[r]!;
            best = r;
          }
        }
        d.row[e] = best;
      }
    }
  }

  #pop = new Float32Array(0);

  /** Observed CTR of the candidates' items in rows [base, base + C) (the popularity baseline). */
  #popularity(base: number, C: number): Float32Array {
    if (this.#pop.length < this.candItem.length) this.#pop = new Float32Array(this.candItem.length);
    const pop = this.#pop;
    for (let r = base; r < base + C; r++) {
      const i = this.candItem[r]!;
      pop[r] = smoothedCtr(this.itemClicks[i]!, this.itemShows[i]!);
    }
    return pop;
  }

  /** Exposure group of a candidate row (guardrails' exposureFloor): its item's topic. */
  exposureGroup(row: number): number {
    return this.itemTopic[this.candItem[row]!]!;
  }

  /** Step 7: users respond to what they were shown; one uniform per slot whatever was shown. */
  respond(d: Decisions): void {
    const r = this.#rClicks;
    for (let e = 0; e < d.count; e++) d.outcome[e] = r.next() < this.pTrue[d.row[e]!]! ? 1 : 0;
  }

  /** Step 8: fatigue, endogenous drift toward consumed topics, churn, random drift. */
  evolve(_t: number, d: Decisions): void {
    const S = this.sessions;
    const slate = this.task.slate;
    const K = this.K;
    const eta = this.task.dynamics.consumptionDrift;
    const { afterMisses, probability } = this.task.churn;
    const rChurn = this.#rChurn;
    for (let s = 0; s < S; s++) {
      const u = this.sessionUser[s]!;
      let any = 0;
      for (let j = 0; j < slate; j++) {
        const item = this.candItem[d.row[s * slate + j]!]!;
        const topic = this.itemTopic[item]!;
        this.fatigue[u * K + topic]! += 1;
        if (d.outcome[s * slate + j]) {
          any = 1;
          const p = u * K + topic;
          this.pref[p]! += eta * (1 - this.pref[p]!);
        }
      }
      const x = rChurn.next();
      if (x < this.poachRate[this.segment[u]!]!) this.churned[u] = 1;
      if (any) this.misses[u] = 0;
      else if (++this.misses[u]! >= afterMisses && x < probability * this.churnFactor[this.segment[u]!]!)
        this.churned[u] = 1;
    }
    // Random drift: one topic per user per tick takes a step; two draws per user, every tick.
    const sd = this.task.dynamics.randomDrift;
    if (sd > 0) {
      const r = this.#rDrift;
      const step = sd * Math.sqrt(K) * Math.sqrt(12); // uniform step with the variance of sd^2 per topic
      for (let u = 0; u < this.nUsers; u++) {
        const k = r.int(K);
        const x = r.next() - 0.5;
        const p = u * K + k;
        const v = this.pref[p]! + step * x;
        this.pref[p] = Math.min(2, Math.max(-2, v));
      }
    }
  }

  /** Observed feedback arrives (after the label delay): update the platform's histories. */
  observe(t: number, released: ReleasedLabels): void {
    const K = this.K;
    for (let j = 0; j < released.n; j++) {
      if (released.labelled[j] === 0) continue;
      const u = released.user[j]!;
      const i = released.item[j]!;
      this.#decayUser(u, t);
      const topic = this.itemTopic[i]!;
      this.profExp[u * K + topic]! += 1;
      this.itemShows[i]! += 1;
      if (released.label[j]) {
        this.profClk[u * K + topic]! += 1;
        this.itemClicks[i]! += 1;
      }
    }
  }

  /** Loop-health state (the rolling window of exposures and the measures' scratch), made at first use. */
  #loop:
    | {
        window: ExposureWindow;
        giniScratch: Float64Array;
        user: Int32Array;
        item: Int32Array;
        overlap: OverlapScratch;
      }
    | undefined;

  /** Step 9: engagement, value, regret, coverage and diversity of what was shown. */
  measure(t: number, _scores: Float32Array, d: Decisions, m: Record<string, number>): void {
    const S = this.sessions;
    const C = this.task.candidates;
    const slate = this.task.slate;
    const pTrue = this.pTrue;
    let clicks = 0;
    let value = 0;
    let expCtr = 0;
    let regret = 0;
    let distinct = 0;
    let abandoned = 0;
    const stamp = this.#stamp++;
    this.#topicCounts.fill(0);
    for (let s = 0; s < S; s++) {
      let best = 0;
      for (let c = 0; c < C; c++) {
        const p = pTrue[s * C + c]!;
        if (p > best) best = p;
      }
      let shownP = 0;
      let clicked = 0;
      for (let j = 0; j < slate; j++) {
        const e = s * slate + j;
        const r = d.row[e]!;
        shownP += pTrue[r]!;
        const item = this.candItem[r]!;
        if (this.#itemStamp[item] !== stamp) {
          this.#itemStamp[item] = stamp;
          distinct++;
        }
        this.#topicCounts[this.itemTopic[item]!]! += 1;
        if (d.outcome[e]) {
          clicks++;
          clicked = 1;
          value += this.valuePerClick[this.segment[this.sessionUser[s]!]!]!;
        }
      }
      abandoned += 1 - clicked;
      expCtr += shownP;
      regret += best - shownP / slate;
    }
    const shown = S * slate;
    m.sessions = S;
    m.activeUsers = this.activeUsers();
    m.catalogue = this.nItems;
    m.regret = S > 0 ? regret / S : Number.NaN;
    m.expectedCtr = shown > 0 ? expCtr / shown : Number.NaN;
    m.ctr = shown > 0 ? clicks / shown : Number.NaN;
    m.value = value;
    m.abandonment = S > 0 ? abandoned / S : Number.NaN;
    m.coverage = this.nItems > 0 ? distinct / this.nItems : Number.NaN;
    m.diversity = normalisedEntropy(this.#topicCounts);
    let adopters = 0;
    let reach = 0;
    for (const trend of this.#trends.values()) {
      adopters += trend.count;
      reach += trend.members.length;
    }
    m.adoption = reach > 0 ? adopters / reach : Number.NaN;
    this.#measureLoop(t, d, m);
  }

  /** Exposure concentration and homogenization over the last LOOP_WINDOW ticks (loop-health.ts). */
  #measureLoop(t: number, d: Decisions, m: Record<string, number>): void {
    const capacity = this.itemTopic.length;
    this.#loop ??= {
      window: new ExposureWindow(LOOP_WINDOW, this.nUsers, capacity),
      giniScratch: new Float64Array(capacity),
      user: new Int32Array(1024),
      item: new Int32Array(1024),
      overlap: overlapScratch(this.nUsers, capacity, 1024),
    };
    const loop = this.#loop;
    loop.window.advance(t);
    const slate = this.task.slate;
    for (let e = 0; e < d.count; e++) {
      loop.window.add(this.sessionUser[(e / slate) | 0]!, this.candItem[d.row[e]!]!);
    }
    m.exposureGini = gini(loop.window.itemCount, this.nItems, loop.giniScratch);
    const n = loop.window.size;
    if (loop.user.length < n) {
      loop.user = new Int32Array(n * 2);
      loop.item = new Int32Array(n * 2);
      loop.overlap.order = new Int32Array(n * 2);
    }
    loop.window.entries(loop.user, loop.item);
    m.homogenization = homogenization(loop.user, loop.item, n, this.nUsers, capacity, loop.overlap);
  }

  measureReleased(released: ReleasedLabels | undefined, m: Record<string, number>): void {
    m.observedCtr = releasedPositiveRate(released);
  }

  rowError(_score: number, label: number): number {
    return 1 - label;
  }

  itemOf(row: number): number {
    return this.candItem[row]!;
  }

  /** Move a segment's preferences a share `alpha` of the way toward `topic` (a shift event). */
  shiftSegment(segment: number, topic: number, alpha: number): void {
    const K = this.K;
    for (let u = 0; u < this.nUsers; u++) {
      if (this.segment[u] !== segment) continue;
      for (let k = 0; k < K; k++) {
        const p = u * K + k;
        const target = k === topic ? 1.2 : -0.4;
        this.pref[p]! += alpha * (target - this.pref[p]!);
      }
    }
  }

  // Preference processes the timeline drives (events/preference-*.ts). Each draws, if at all, from its
  // own world stream, a fixed number of times per call, so it never shifts the other streams' draws.

  readonly #members = new Map<number, Int32Array>();
  readonly #trends = new Map<string, TrendState>();
  readonly #walks = new Map<string, Rng>();
  #walkCommon = new Float64Array(0);
  #newAdopters = new Int32Array(0);

  /** The users a preference event reaches: one segment's members, or everyone (segment -1). */
  members(segment: number): Int32Array {
    let m = this.#members.get(segment);
    if (!m) {
      const list: number[] = [];
      for (let u = 0; u < this.nUsers; u++) if (segment < 0 || this.segment[u] === segment) list.push(u);
      m = Int32Array.from(list);
      this.#members.set(segment, m);
    }
    return m;
  }

  /** preference.seasonal: add `delta` to every member's preference for `topic` (no draws). */
  nudgeTopic(segment: number, topic: number, delta: number): void {
    const K = this.K;
    for (const u of this.members(segment)) this.pref[u * K + topic]! += delta;
  }

  /**
   * preference.drift, one tick: every member's preference vector takes a random-walk step of standard
   * deviation `sd` per topic; a share `shared` of its variance is common to all the members (a taste
   * that drifts together), the rest each user's own. Uniform steps, clamped to [-2, 2] like the
   * world's own drift. Draws from `world.walk.<key>`: K + members x K per call.
   */
  walkPreferences(key: string, segment: number, sd: number, shared: number): void {
    let r = this.#walks.get(key);
    if (!r) {
      r = this.#streams(`world.walk.${key}`);
      this.#walks.set(key, r);
    }
    const K = this.K;
    if (this.#walkCommon.length < K) this.#walkCommon = new Float64Array(K);
    const common = this.#walkCommon;
    const scale = sd * Math.sqrt(12); // a uniform on [-0.5, 0.5) scaled to variance sd^2
    const a = scale * Math.sqrt(shared);
    const b = scale * Math.sqrt(1 - shared);
    for (let k = 0; k < K; k++) common[k] = a * (r.next() - 0.5);
    for (const u of this.members(segment)) {
      for (let k = 0; k < K; k++) {
        const p = u * K + k;
        const v = this.pref[p]! + common[k]! + b * (r.next() - 0.5);
        this.pref[p] = Math.min(2, Math.max(-2, v));
      }
    }
  }

  /**
   * preference.trend, one tick of contagion; `key` names the trend (its state and its stream
   * `world.contagion.<key>`). The first call seeds it: max(1, round(seedShare x members)) members
   * drawn without replacement adopt. Each later call, every member meets `contacts` members drawn at
   * random, and a non-adopter adopts with probability rate x (adopters among its contacts / contacts)
   * (rate x the adopters' share of the members when contacts is 0): logistic growth, an S-shaped
   * adoption curve. Adoption is decided on the tick's opening state; churned users still talk (the
   * trend is social, not the platform's). Draws: contacts + 1 per member per call, whoever adopts. Adopting moves the user's preference for the topic `strength` of the
   * way to 1.2 and every other topic `crowding` of the way to -0.4 (attention is finite).
   * Returns the number of adopters.
   */
  spreadTrend(
    key: string,
    segment: number,
    topic: number,
    p: { seedShare: number; rate: number; contacts: number; strength: number; crowding: number },
  ): number {
    let trend = this.#trends.get(key);
    if (!trend) {
      const members = this.members(segment);
      trend = {
        members,
        adopted: new Uint8Array(this.nUsers),
        rng: this.#streams(`world.contagion.${key}`),
        count: 0,
      };
      this.#trends.set(key, trend);
      const n = members.length;
      const k = Math.min(n, Math.max(1, Math.round(p.seedShare * n)));
      const picks = new Int32Array(k);
      trend.rng.sampleWithoutReplacement(n, k, picks);
      for (const i of picks) this.#adopt(trend, members[i]!, topic, p.strength, p.crowding);
      return trend.count;
    }
    const { members, adopted, rng } = trend;
    const n = members.length;
    if (this.#newAdopters.length < n) this.#newAdopters = new Int32Array(n);
    const fresh = this.#newAdopters;
    let nFresh = 0;
    const populationShare = trend.count / n;
    for (let j = 0; j < n; j++) {
      const u = members[j]!;
      let met = 0;
      for (let c = 0; c < p.contacts; c++) met += adopted[members[rng.int(n)]!]!;
      const x = rng.next();
      if (adopted[u]) continue;
      const share = p.contacts > 0 ? met / p.contacts : populationShare;
      if (x < p.rate * share) fresh[nFresh++] = u;
    }
    for (let j = 0; j < nFresh; j++) this.#adopt(trend, fresh[j]!, topic, p.strength, p.crowding);
    return trend.count;
  }

  #adopt(trend: TrendState, u: number, topic: number, strength: number, crowding: number): void {
    trend.adopted[u] = 1;
    trend.count++;
    const K = this.K;
    for (let k = 0; k < K; k++) {
      const q = u * K + k;
      if (k === topic) this.pref[q]! += strength * (1.2 - this.pref[q]!);
      else this.pref[q]! += crowding * (-0.4 - this.pref[q]!);
    }
  }

  activeUsers(): number {
    let n = 0;
    for (let u = 0; u < this.nUsers; u++) if (this.churned[u] === 0) n++;
    return n;
  }
}
