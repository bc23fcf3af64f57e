// Exact counterfactuals: the same scenario run twice on the same seed, once as the base and once as a
// variant (other guardrails, another retraining policy...). Every random draw of the world comes from
// its own named stream, so the two runs face the same users, arrivals and shocks until a decision
// differs; every difference below is the variant's doing. Pure: two RunResults in, plain data out.
//
// - Per metric: the difference over time (variant - base), the area between the curves (the sum of
//   the differences) and the regret: the area counted in the metric's worse direction (BETTER), so a
//   positive regret is what choosing the variant costs and a negative one what it gains.
// - Per incident: the time to recover in each run, the first tick after the quality metric's smoothed
//   value left the run's normal band (the band the evaluator derives quality incidents from) at which
//   it is back within it.
// - The cost of acting on false alarms: the regret of the value metrics over the ticks outside every
//   incident window of the base. When either run has guardrails, only the ticks among those where a
//   guardrail acted count (actionTicks).
import type { RunResult } from '../engine/run.ts';
import { type CsvColumn, columnsCsv } from '../engine/run-log.ts';
import { guardrailId } from '../guardrails/common.ts';
import { type BandOptions, bandReference, type Incident, qualityBand } from './incidents.ts';
import { type ScenarioChange, scenarioChanges } from './variant.ts';

export const COMPARISON_FORMAT = 'driftlab.comparison/1';

export type Better = 'higher' | 'lower';

/**
 * Which way is better, metric by metric. Explicit on purpose: a metric not listed (sessions,
 * coverage, trainLoss...) has no direction, and its regret is null.
 */
export const BETTER: Readonly<Record<string, Better>> = {
  trueAuc: 'higher',
  ctr: 'higher',
  value: 'higher',
  revenue: 'higher',
  trueLogLoss: 'lower',
  regret: 'lower',
  fraudLoss: 'lower',
  falsePositiveRate: 'lower',
  expectedCtr: 'higher',
  netValue: 'higher',
  observedAuc: 'higher',
  estimatedAuc: 'higher',
  observedLogLoss: 'lower',
  activeUsers: 'higher',
  abandonment: 'lower',
  recall: 'higher',
  precision: 'higher',
  chargebackRate: 'lower',
  revenuePerImpression: 'higher',
  expectedRevenuePerImpression: 'higher',
};

/** The metrics a comparison summary leads with, when the task has them. */
export const HEADLINE_METRICS: readonly string[] = [
  'trueAuc',
  'trueLogLoss',
  'ctr',
  'value',
  'revenue',
  'regret',
  'fraudLoss',
  'falsePositiveRate',
];

/** The business value of a tick, by task (recommender, fraud, ads): the first of these a run has. */
export const VALUE_METRICS: readonly string[] = ['value', 'netValue', 'revenue'];
/** Engagement, when the task has it. */
export const ENGAGEMENT_METRICS: readonly string[] = ['ctr'];

export interface MetricComparison {
  metric: string;
  better: Better | null;
  /** variant - base, per tick; null where either run has no value. */
  diff: (number | null)[];
  /** Ticks where both runs have a value. */
  ticks: number;
  /** Sum of diff: the signed area between the curves. */
  area: number;
  /** The area in the metric's worse direction: positive, the variant did worse; null without a direction. */
  regret: number | null;
  baseMean: number | null;
  variantMean: number | null;
  /** First tick where the two series differ; null when they are identical. */
  firstDifference: number | null;
}

export type RecoveryStatus = 'unaffected' | 'recovered' | 'not recovered' | 'no band';

export interface Recovery {
  /**
   * unaffected: the smoothed quality never left the band between the start and end + maxDelay;
   * no band: the reference ticks were too few to define one.
   */
  status: RecoveryStatus;
  /** First tick from the start on with the smoothed quality below the band. */
  left: number | null;
  /** First tick after `left` with the smoothed quality back within the band. */
  back: number | null;
  /** back - start (0 when unaffected); null when not recovered. */
  ticks: number | null;
}

export interface IncidentComparison {
  incident: string;
  kind: string;
  cause: string;
  start: number;
  end: number;
  /** Event incidents are in both runs; a derived quality incident may be in one run only. */
  in: 'both' | 'base' | 'variant';
  base: Recovery;
  variant: Recovery;
  /** base.ticks - variant.ticks when both recovered: positive, the variant recovered sooner. */
  ticksSaved: number | null;
}

export interface CostEntry {
  metric: string;
  /**
   * outside incidents: every tick outside all incident windows ([start - maxLead, end + maxDelay]) of
   * the base (neither run has guardrails); actions: the ticks among those where a guardrail of either
   * run acted (actionTicks).
   */
  basis: 'outside incidents' | 'actions';
  /** Ticks counted (both runs have a value). */
  ticks: number;
  /** The regret over those ticks: positive, the variant lost that much; negative, the base did. */
  lost: number;
}

export interface BandSummary {
  mean: number | null;
  sd: number | null;
  low: number | null;
  /** Ticks [0, reference) define the band. */
  reference: number;
}

export interface Comparison {
  ticks: number;
  seed: number;
  qualityMetric: string;
  /** Where the variant scenario differs from the base (story and $schema aside). */
  changes: ScenarioChange[];
  /** First tick where any compared metric differs; null when the runs are identical. */
  firstDifference: number | null;
  /** Metrics both runs have, in the base's order. */
  metrics: Record<string, MetricComparison>;
  /** Each run's normal band of the quality metric, which recovery is measured against. */
  bands: { base: BandSummary; variant: BandSummary };
  incidents: IncidentComparison[];
  cost: CostEntry[];
}

export interface ComparisonResult {
  format: typeof COMPARISON_FORMAT;
  base: RunResult;
  variant: RunResult;
  comparison: Comparison;
}

/** The run.json of `driftlab run --vs`: both runs and what differs. */
export function comparisonResult(base: RunResult, variant: RunResult): ComparisonResult {
  return { format: COMPARISON_FORMAT, base, variant, comparison: compareRuns(base, variant) };
}

/** Compare two runs of the same length on the same seed. */
export function compareRuns(base: RunResult, variant: RunResult): Comparison {
  if (base.ticks !== variant.ticks || base.seed !== variant.seed) {
    throw new RangeError(
      `compareRuns: runs must share seed and length, got seed ${base.seed}/${variant.seed}, ${base.ticks}/${variant.ticks} ticks`,
    );
  }
  const n = base.ticks;
  const metrics: Record<string, MetricComparison> = {};
  let firstDifference: number | null = null;
  for (const name of Object.keys(base.metrics)) {
    const v = variant.metrics[name];
    if (!v) continue;
    const m = compareMetric(name, base.metrics[name]!, v, n);
    metrics[name] = m;
    if (m.firstDifference !== null && (firstDifference === null || m.firstDifference < firstDifference))
      firstDifference = m.firstDifference;
  }
  const quality = base.scenario.evaluation.qualityMetric;
  const bands = { base: runBand(base), variant: runBand(variant) };
  return {
    ticks: n,
    seed: base.seed,
    qualityMetric: quality,
    changes: scenarioChanges(base.scenario, variant.scenario),
    firstDifference,
    metrics,
    bands: { base: bandSummary(bands.base), variant: bandSummary(bands.variant) },
    incidents: incidentRecoveries(base, variant, bands),
    cost: falseAlarmCost(base, variant, metrics),
  };
}

/** How much worse the variant is than the base by `d` = variant - base, in the metric's direction. */
const worse = (better: Better, d: number) => (better === 'higher' ? 0 - d : d);

function compareMetric(
  metric: string,
  b: readonly (number | null)[],
  v: readonly (number | null)[],
  n: number,
): MetricComparison {
  const better = BETTER[metric] ?? null;
  const diff: (number | null)[] = new Array(n);
  let area = 0;
  let ticks = 0;
  let sb = 0;
  let cb = 0;
  let sv = 0;
  let cv = 0;
  let first: number | null = null;
  for (let t = 0; t < n; t++) {
    const x = b[t] ?? null;
    const y = v[t] ?? null;
    if (first === null && x !== y) first = t;
    if (x !== null) {
      sb += x;
      cb++;
    }
    if (y !== null) {
      sv += y;
      cv++;
    }
    if (x === null || y === null) {
      diff[t] = null;
      continue;
    }
    const d = y - x;
    diff[t] = d;
    area += d;
    ticks++;
  }
  return {
    metric,
    better,
    diff,
    ticks,
    area,
    regret: better === null ? null : worse(better, area),
    baseMean: cb > 0 ? sb / cb : null,
    variantMean: cv > 0 ? sv / cv : null,
    firstDifference: first,
  };
}

interface RunBand {
  options: BandOptions;
  low: number;
  mean: number;
  sd: number;
  /** The smoothed quality metric. */
  smoothed: Float64Array;
}

const isEvent = (i: Incident) => i.cause !== 'quality';

/** A run's normal band of its quality metric, with the reference Simulation.result() derives incidents from. */
function runBand(r: RunResult): RunBand {
  const ev = r.scenario.evaluation;
  const reference = bandReference(ev.band.reference, r.incidents.filter(isEvent), r.ticks);
  const options = { ...ev.band, reference };
  const xs = Float64Array.from(r.metrics[ev.qualityMetric] ?? [], (x) => (x === null ? Number.NaN : x));
  return { options, ...qualityBand(xs, xs.length, options) };
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

function bandSummary(b: RunBand): BandSummary {
  return {
    mean: finiteOrNull(b.mean),
    sd: finiteOrNull(b.sd),
    low: finiteOrNull(b.low),
    reference: b.options.reference,
  };
}

/** Time to recover from an incident starting at `start`; the quality may leave the band up to `horizon`. */
export function recovery(smoothed: ArrayLike<number>, low: number, start: number, horizon: number): Recovery {
  if (!Number.isFinite(low)) return { status: 'no band', left: null, back: null, ticks: null };
  const n = smoothed.length;
  let left = -1;
  for (let t = Math.max(0, start); t <= Math.min(horizon, n - 1); t++) {
    if (smoothed[t]! < low) {
      left = t;
      break;
    }
  }
  if (left < 0) return { status: 'unaffected', left: null, back: null, ticks: 0 };
  for (let t = left + 1; t < n; t++) {
    // NaN (no value yet) is not "back".
    if (smoothed[t]! >= low) return { status: 'recovered', left, back: t, ticks: t - start };
  }
  return { status: 'not recovered', left, back: null, ticks: null };
}

const sameIncident = (a: Incident, b: Incident) =>
  a.id === b.id && a.kind === b.kind && a.start === b.start && a.end === b.end;

function incidentRecoveries(
  base: RunResult,
  variant: RunResult,
  bands: { base: RunBand; variant: RunBand },
): IncidentComparison[] {
  const maxDelay = base.scenario.evaluation.maxDelay;
  const list: { inc: Incident; in: IncidentComparison['in'] }[] = [
    ...base.incidents.map((inc) => ({
      inc,
      in: variant.incidents.some((v) => sameIncident(v, inc)) ? ('both' as const) : ('base' as const),
    })),
    ...variant.incidents
      .filter((v) => !base.incidents.some((b) => sameIncident(b, v)))
      .map((inc) => ({ inc, in: 'variant' as const })),
  ];
  return list.map(({ inc, in: where }) => {
    const horizon = inc.end + maxDelay;
    const b = recovery(bands.base.smoothed, bands.base.low, inc.start, horizon);
    const v = recovery(bands.variant.smoothed, bands.variant.low, inc.start, horizon);
    return {
      incident: inc.id,
      kind: inc.kind,
      cause: inc.cause,
      start: inc.start,
      end: inc.end,
      in: where,
      base: b,
      variant: v,
      ticksSaved: b.ticks !== null && v.ticks !== null ? b.ticks - v.ticks : null,
    };
  });
}

/**
 * Ticks where a guardrail of the run acted (1), or null when the run has no guardrails. A guardrail
 * acted where its `guardrail.<id>.active` column is above 0, or, for one without that column, on
 * the ticks of its action records. Shadow-mode guardrails change nothing and never count.
 */
export function actionTicks(r: RunResult): Uint8Array | null {
  const guardrails = r.scenario.guardrails as readonly { kind: string; id?: string; mode?: string }[];
  if (guardrails.length === 0) return null;
  const out = new Uint8Array(r.ticks);
  for (const g of guardrails) {
    if (g.mode === 'shadow') continue;
    const id = guardrailId(g);
    const active = r.metrics[`guardrail.${id}.active`];
    if (active) {
      for (let t = 0; t < r.ticks; t++) if ((active[t] ?? 0) > 0) out[t] = 1;
      continue;
    }
    for (const a of r.actions ?? []) {
      if (a.guardrail === id && a.mode !== 'shadow' && a.tick >= 0 && a.tick < r.ticks) out[a.tick] = 1;
    }
  }
  return out;
}

/** Ticks outside every incident window of the base: where acting can only have been a false alarm. */
function outsideIncidents(base: RunResult): Uint8Array {
  const { maxDelay, maxLead } = base.scenario.evaluation;
  const out = new Uint8Array(base.ticks).fill(1);
  for (const inc of base.incidents) {
    for (let t = Math.max(0, inc.start - maxLead); t <= Math.min(base.ticks - 1, inc.end + maxDelay); t++)
      out[t] = 0;
  }
  return out;
}

function falseAlarmCost(
  base: RunResult,
  variant: RunResult,
  metrics: Record<string, MetricComparison>,
): CostEntry[] {
  const counted = outsideIncidents(base);
  const actions = [actionTicks(base), actionTicks(variant)];
  const basis = actions.some((a) => a !== null) ? ('actions' as const) : ('outside incidents' as const);
  if (basis === 'actions') {
    for (let t = 0; t < counted.length; t++) {
      if (!actions.some((a) => a?.[t] === 1)) counted[t] = 0;
    }
  }
  const names = [VALUE_METRICS.find((m) => m in metrics), ENGAGEMENT_METRICS.find((m) => m in metrics)];
  const out: CostEntry[] = [];
  for (const name of names) {
    if (name === undefined) continue;
    const m = metrics[name]!;
    let lost = 0;
    let ticks = 0;
    m.diff.forEach((d, t) => {
      if (d === null || counted[t] === 0) return;
      lost += worse(m.better ?? 'higher', d);
      ticks++;
    });
    out.push({ metric: name, basis, ticks, lost });
  }
  return out;
}

/**
 * metrics.csv of a comparison: tick, then per metric base.<m>, variant.<m> and diff.<m> (diff only
 * where both runs have the metric), then each run's monitors (<run>.<id>.statistic, <run>.<id>.state).
 */
export function comparisonCsv(result: ComparisonResult): string {
  const { base, variant, comparison } = result;
  const columns: CsvColumn[] = [];
  const names = [
    ...Object.keys(base.metrics),
    ...Object.keys(variant.metrics).filter((m) => !(m in base.metrics)),
  ];
  for (const m of names) {
    if (base.metrics[m]) columns.push({ name: `base.${m}`, values: base.metrics[m] });
    if (variant.metrics[m]) columns.push({ name: `variant.${m}`, values: variant.metrics[m] });
    if (comparison.metrics[m]) columns.push({ name: `diff.${m}`, values: comparison.metrics[m].diff });
  }
  for (const [run, r] of [
    ['base', base],
    ['variant', variant],
  ] as const) {
    for (const [id, mon] of Object.entries(r.monitors)) {
      columns.push({ name: `${run}.${id}.statistic`, values: mon.statistic });
      columns.push({ name: `${run}.${id}.state`, values: mon.state });
    }
  }
  return columnsCsv(comparison.ticks, columns);
}
