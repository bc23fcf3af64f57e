// Small, plain-data views of a running simulation for the browser app (issue 6): monitor levels,
// reference vs current distributions of a raw field, missing rates and schema anomalies, and the
// population. They read the state after a tick and never write it; each call allocates its (small)
// answer and, for dataView, one scratch array the size of the tick's served entries, plus a per-fit
// cache of the reference's statistics.
import { type ValidationCheck, ValidationMonitor, validationParams } from '../monitors/validation.ts';
import type { RawBatch, RawSchema } from '../world/types.ts';
import { MISSING, UNSEEN } from '../world/types.ts';
import type { Simulation } from './run.ts';

/** A monitor's levels after the last tick (null where a monitor has none, e.g. before it warms up). */
export interface MonitorLevels {
  warning: number | null;
  alarm: number | null;
}

export interface MonitorInfo {
  id: string;
  kind: string;
  input: string;
}

export interface FeatureInfo {
  name: string;
  type: 'numeric' | 'categorical';
  /** Categorical fields: the declared values. */
  domain?: string[];
}

/** Reference (training set of the last full fit) vs the rows served in the last tick, for one field. */
export interface DistributionView {
  feature: string;
  type: 'numeric' | 'categorical';
  /** Bin labels: numeric "lo–hi" ranges; categorical the domain, then "(missing)" and "(unseen)". */
  bins: string[];
  /** Numeric fields: the bin edges (bins + 1 values). */
  edges: number[] | null;
  /** Shares of non-missing rows per bin (numeric) or of all rows (categorical). */
  reference: number[];
  current: number[];
  referenceRows: number;
  currentRows: number;
  /** Tick of the fit the reference comes from (NaN before the launch fit). */
  referenceTick: number;
}

/**
 * What a data-validation step flags on one field (see `dataView` for the rules): `presence`, `type`,
 * `range` and `domain` are the validation monitor's stateless checks with its default parameters;
 * `scale` (a unit change) is the panel's own.
 */
export type AnomalyCheck = Extract<ValidationCheck, 'presence' | 'type' | 'range' | 'domain'> | 'scale';

export interface FieldAnomaly {
  check: AnomalyCheck;
  /** A few words for the panel ("range 34%", "scale ×157", "unseen 42%"). */
  short: string;
  /** One sentence with the numbers and the threshold. */
  text: string;
}

/** Reference (training set of the last full fit) vs the rows served in the last tick, for one field. */
export interface FieldHealth {
  field: string;
  type: 'numeric' | 'categorical';
  /** Share of rows with a missing value (NaN, or the MISSING code). */
  missingReference: number;
  missingCurrent: number;
  /** Categorical fields: share of rows with a value outside the declared domain (UNSEEN; else 0). */
  unseenReference: number;
  unseenCurrent: number;
  /**
   * Share of rows with a value that is not valid at all: ±Infinity in a numeric field, a code that
   * is neither in the domain nor MISSING nor UNSEEN in a categorical one.
   */
  invalidCurrent: number;
  /** Numeric fields: the reference's finite [min, max]; null for categories or without reference values. */
  referenceRange: [number, number] | null;
  /** Numeric fields: share of the current finite values outside referenceRange (else 0). */
  outOfRange: number;
  /**
   * Numeric fields: share of the current finite values outside referenceRange widened by its span
   * on each side (the tolerance of the range check; a field that grows between refits, like an
   * item's age, stays inside it).
   */
  farOutOfRange: number;
  /**
   * Numeric fields: median |x| of the current finite values (of the served entries whose label
   * will be released, the training set's population) over the reference's; null for categories,
   * with fewer than MIN_VALUES values on either side, or a reference median of 0.
   */
  medianRatio: number | null;
  /** What a validation step flags this tick, most telling first (scale, type, presence, domain, range). */
  anomalies: FieldAnomaly[];
}

/** The latest reading of one validation monitor of the scenario. */
export interface ValidationDetail {
  id: string;
  /** OK 0, WARNING 1, ALARM 2 (as in snapshots). */
  state: number;
  /** The monitor's own words: "all checks pass", or each (field, check) in violation, worst first. */
  detail: string;
  /** The fields it flags this tick ("(rows)" for the volume check), worst first, each once. */
  fields: string[];
}

export interface DataSummary {
  distribution: DistributionView | null;
  fields: FieldHealth[];
  /** One entry per validation monitor of the scenario, in scenario order (empty without one). */
  validation: ValidationDetail[];
}

export interface SegmentView {
  name: string;
  /** Share of this tick's sessions. */
  exposure: number;
  /** Positive outcomes (clicks; fraud for the fraud task) per served entry of this segment. */
  engagement: number | null;
  /** Share of the segment's users still active (not churned); null when the task does not churn. */
  active: number | null;
}

export interface PopulationView {
  /** What engagement counts for this task ("click rate", "fraud rate"). */
  outcome: string;
  segments: SegmentView[];
  /**
   * Users' preferences on a RadViz circle: topic k is an anchor at angle 2πk/K, and a user sits at
   * the softmax-weighted mean of the anchors (weights exp(3·preference)), so a user who turns toward
   * a topic moves toward its anchor. Null when the task has no preference vectors (fraud).
   */
  projection: {
    anchors: string[];
    /** x, y interleaved, inside the unit disc. */
    xy: number[];
    /** Segment index per point. */
    segment: number[];
    /** 1 when the user has churned. */
    churned: number[];
  } | null;
}

/** What a task world may carry beyond TaskWorld: per-user segments, preference vectors, churn. */
interface PopulationColumns {
  segment?: Int32Array;
  pref?: Float64Array;
  interest?: Float64Array;
  K?: number;
  nUsers?: number;
  nAccounts?: number;
  churned?: Uint8Array;
}

export function monitorInfo(sim: Simulation): MonitorInfo[] {
  return sim.state.monitors.map((m) => ({ id: m.id, kind: m.kind, input: m.input }));
}

export function monitorLevels(sim: Simulation): MonitorLevels[] {
  return sim.state.monitors.map((m) => ({ warning: finite(m.warningLevel), alarm: finite(m.alarmLevel) }));
}

export function featureList(sim: Simulation): FeatureInfo[] {
  return schemaFeatures(sim.state.world.schema);
}

function schemaFeatures(schema: RawSchema): FeatureInfo[] {
  return [
    ...schema.numeric.map((name) => ({ name, type: 'numeric' as const })),
    ...schema.categorical.map((c) => ({ name: c.name, type: 'categorical' as const, domain: [...c.domain] })),
  ];
}

const NUMERIC_BINS = 20;

/** The served rows of the last tick, as indices into world.raw (a view of the decisions, not a copy). */
function servedRows(sim: Simulation): Int32Array {
  const d = sim.state.decisions;
  return d.row.subarray(0, d.count);
}

/**
 * Reference vs current distribution of `feature`, and the health of every field: missing, unseen
 * and invalid rates and the schema anomalies a data-validation step (TFDV, Great Expectations,
 * Deequ, Evidently's data-quality report) would flag on the rows served in the last tick, against
 * the reference (the training set of the model's last full fit):
 *
 * - presence: missing share above the reference's + missingTolerance (1 point);
 * - type: a share of invalid values (±Infinity, a code outside the domain) above the reference's;
 * - range (numbers): more than 1 - mostly (1%) of the finite values beyond the reference's
 *   [min, max] widened by rangeTolerance (one) times its span on each side;
 * - domain (categories): unseen share above the reference's + 1 - mostly (1 point);
 * - scale (numbers; a unit change: cents -> dollars, a share -> percent, seconds -> ms): the median
 *   |x| of the current values differs from the reference's by SCALE_FACTOR (10, an order of
 *   magnitude) or more, AND so does the 90th percentile of |x|, the same way, AND most current
 *   values lie outside the reference's central 98% [p1, p99]. A unit change moves every value by
 *   the same factor. The other two conditions keep a change of who is served (a fallback policy
 *   serving other rows, a cohort of brand-new ad campaigns, users whose histories fade), which
 *   can move the median of a skewed field by far more than ×10, from passing for one: there the
 *   upper tail stays put, or the values stay where the training data has them. A current median
 *   of 0 against a positive one (values truncated to 0 by an integer parser) counts too. Unlike
 *   the per-value checks, scale compares distributions, so it reads only the served entries whose
 *   label will be released, the population the training set is drawn from (as the window
 *   monitors' rows "served" do): in the ads task only an auction's winners are shown and
 *   labelled, and the other sessions' best candidates have histories ten times shorter.
 *
 * The four validation checks use the validation monitor's default parameters (missingTolerance,
 * mostly, rangeTolerance, and its `sigmas`-sigma binomial margin on the allowed share, so a small
 * tick does not flag noise) and need MIN_VALUES values; the monitor itself reads every candidate
 * row, this view the served ones. Validation monitors of the scenario add their own latest detail.
 */
export function dataView(sim: Simulation, feature: string | null, bins = NUMERIC_BINS): DataSummary {
  const s = sim.state;
  const schema = s.world.schema;
  const ref = s.reference;
  const refRows = ref.rows;
  const rows = servedRows(sim);
  const labelled = s.decisions.labelled;
  const raw = s.world.raw;
  const stats = referenceStats(ref, schema);
  const fields: FieldHealth[] = [];
  const abs = new Float64Array(rows.length);
  schema.numeric.forEach((name, f) => {
    fields.push(numericHealth(name, stats.numeric[f]!, raw.numeric[f]!, rows, labelled, abs));
  });
  schema.categorical.forEach((c, f) => {
    fields.push(categoricalHealth(c.name, c.domain.length, stats.cats[f]!, raw.cats[f]!, rows));
  });
  const num = feature === null ? -1 : schema.numeric.indexOf(feature);
  const cat = feature === null ? -1 : schema.categorical.findIndex((c) => c.name === feature);
  let distribution: DistributionView | null = null;
  if (num >= 0)
    distribution = numericDistribution(feature!, ref.raw, refRows, stats.numeric[num]!, raw, rows, num, bins);
  else if (cat >= 0) distribution = categoricalDistribution(schema, ref.raw, refRows, raw, rows, cat);
  if (distribution) distribution.referenceTick = ref.tick;
  return { distribution, fields, validation: validationDetails(sim) };
}

/** The latest detail of every validation monitor (read after the tick's update). */
function validationDetails(sim: Simulation): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  for (const m of sim.state.monitors) {
    if (m.kind !== 'validation') continue;
    const fields = m instanceof ValidationMonitor ? [...new Set(m.violations.map((v) => v.field))] : [];
    out.push({ id: m.id, state: m.state, detail: m.detail ?? '', fields });
  }
  return out;
}

/** The validation monitor's defaults: the stateless checks here flag what it would. */
const CHECK = validationParams.parse({});
/** Fewer values than this give a check no verdict (as in the validation monitor). */
const MIN_VALUES = 20;
/**
 * A median and a 90th percentile of |x| this many times larger (or smaller) than the reference's
 * suggest a unit change...
 */
export const SCALE_FACTOR = 10;
/** ...when more than this share of the current values also lie outside the reference's [p1, p99]. */
const SCALE_OUTSIDE = 0.5;
const ORDER: Record<AnomalyCheck, number> = { scale: 0, type: 1, presence: 2, domain: 3, range: 4 };

interface NumericStats {
  rows: number;
  missing: number;
  invalid: number;
  /** Finite values. */
  n: number;
  min: number;
  max: number;
  p1: number;
  p99: number;
  medianAbs: number;
  /** 90th percentile of |x|. */
  p90Abs: number;
}

interface CategoricalStats {
  rows: number;
  missing: number;
  unseen: number;
  invalid: number;
}

interface ReferenceStats {
  version: number;
  rows: number;
  numeric: NumericStats[];
  cats: CategoricalStats[];
}

/** Per reference object, its statistics at the last fit they were computed for. */
const REFERENCE_STATS = new WeakMap<object, ReferenceStats>();

function referenceStats(ref: Simulation['state']['reference'], schema: RawSchema): ReferenceStats {
  const hit = REFERENCE_STATS.get(ref);
  if (hit && hit.version === ref.version && hit.rows === ref.rows) return hit;
  const n = ref.rows;
  const numeric = schema.numeric.map((_, f) => numericStats(ref.raw.numeric[f]!, n));
  const cats = schema.categorical.map((c, f) => {
    const col = ref.raw.cats[f]!;
    const st: CategoricalStats = { rows: n, missing: 0, unseen: 0, invalid: 0 };
    for (let i = 0; i < n; i++) {
      const x = col[i]!;
      if (x === MISSING) st.missing++;
      else if (x === UNSEEN) st.unseen++;
      else if (x < 0 || x >= c.domain.length) st.invalid++;
    }
    return st;
  });
  const stats = { version: ref.version, rows: n, numeric, cats };
  REFERENCE_STATS.set(ref, stats);
  return stats;
}

function numericStats(col: Float64Array, n: number): NumericStats {
  const st: NumericStats = {
    rows: n,
    missing: 0,
    invalid: 0,
    n: 0,
    min: Number.NaN,
    max: Number.NaN,
    p1: Number.NaN,
    p99: Number.NaN,
    medianAbs: Number.NaN,
    p90Abs: Number.NaN,
  };
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = col[i]!;
    if (Number.isNaN(x)) st.missing++;
    else if (!Number.isFinite(x)) st.invalid++;
    else values[st.n++] = x;
  }
  if (st.n === 0) return st;
  const sorted = values.subarray(0, st.n).sort();
  st.min = sorted[0]!;
  st.max = sorted[st.n - 1]!;
  st.p1 = sorted[Math.floor(0.01 * (st.n - 1))]!;
  st.p99 = sorted[Math.ceil(0.99 * (st.n - 1))]!;
  for (let i = 0; i < st.n; i++) sorted[i] = Math.abs(sorted[i]!);
  st.medianAbs = median(sorted.sort());
  st.p90Abs = p90(sorted);
  return st;
}

/**
 * `rows[e]` is served entry e's row, `labelled[e]` whether its label will be released: the scale
 * check reads the labelled entries only, the population the training set is drawn from. `abs` is
 * scratch for their |values| (at least rows.length long), shared by the fields of one call.
 */
function numericHealth(
  name: string,
  ref: NumericStats,
  col: Float64Array,
  rows: Int32Array,
  labelled: Uint8Array,
  abs: Float64Array,
): FieldHealth {
  const m = rows.length;
  let missing = 0;
  let invalid = 0;
  let n = 0;
  let out = 0;
  let far = 0;
  // Labelled entries with a finite value: count, |values|, and how many lie outside [p1, p99].
  let nl = 0;
  let central = 0;
  const hasRange = ref.n > 0;
  const span = ref.max - ref.min;
  const pad = CHECK.rangeTolerance * (span > 0 ? span : Math.max(Math.abs(ref.max), 1));
  for (let e = 0; e < m; e++) {
    const x = col[rows[e]!]!;
    if (Number.isNaN(x)) missing++;
    else if (!Number.isFinite(x)) invalid++;
    else {
      n++;
      if (labelled[e] !== 0) {
        abs[nl++] = Math.abs(x);
        if (hasRange && (x < ref.p1 || x > ref.p99)) central++;
      }
      if (!hasRange) continue;
      if (x < ref.min || x > ref.max) out++;
      if (x < ref.min - pad || x > ref.max + pad) far++;
    }
  }
  const h: FieldHealth = {
    field: name,
    type: 'numeric',
    missingReference: ref.rows > 0 ? ref.missing / ref.rows : 0,
    missingCurrent: m > 0 ? missing / m : 0,
    unseenReference: 0,
    unseenCurrent: 0,
    invalidCurrent: m > 0 ? invalid / m : 0,
    referenceRange: hasRange ? [ref.min, ref.max] : null,
    outOfRange: n > 0 ? out / n : 0,
    farOutOfRange: n > 0 ? far / n : 0,
    medianRatio: null,
    anomalies: [],
  };
  if (ref.rows === 0) return h;
  const sortedAbs = abs.subarray(0, nl).sort();
  const medianNow = median(sortedAbs);
  if (ref.n >= MIN_VALUES && ref.medianAbs > 0 && nl >= MIN_VALUES) h.medianRatio = medianNow / ref.medianAbs;
  const a = h.anomalies;
  const ratio = h.medianRatio;
  const tail = ref.p90Abs > 0 ? p90(sortedAbs) / ref.p90Abs : Number.NaN;
  const up = (x: number) => x >= SCALE_FACTOR;
  const down = (x: number) => x <= 1 / SCALE_FACTOR;
  if (
    ratio !== null &&
    ((up(ratio) && up(tail)) || (down(ratio) && down(tail))) &&
    central > SCALE_OUTSIDE * nl
  ) {
    const by = ratio === 0 ? '→ 0' : ratio >= 1 ? `×${factor(ratio)}` : `÷${factor(1 / ratio)}`;
    a.push({
      check: 'scale',
      short: `scale ${by}`,
      text: `scale: median |value| ${fmt(medianNow)} against ${fmt(ref.medianAbs)} in training (${by}), 90th percentile ×${fmt(tail)}, and ${pct(central / nl)} of values outside the training's central 98% [${fmt(ref.p1)}, ${fmt(ref.p99)}]: a unit change? (flagged beyond ×/÷${SCALE_FACTOR})`,
    });
  }
  presenceAndType(h, ref.missing / ref.rows, ref.invalid / ref.rows, m);
  if (hasRange && flags(h.farOutOfRange, 1 - CHECK.mostly, n))
    a.push({
      check: 'range',
      short: `range ${pct(h.farOutOfRange)}`,
      text: `range: ${pct(h.farOutOfRange)} of values beyond the training range [${fmt(ref.min)}, ${fmt(ref.max)}] widened by its span (allowed ${pct(1 - CHECK.mostly)}); ${pct(h.outOfRange)} outside [min, max]`,
    });
  a.sort((x, y) => ORDER[x.check] - ORDER[y.check]);
  return h;
}

function categoricalHealth(
  name: string,
  domain: number,
  ref: CategoricalStats,
  col: Int32Array,
  rows: Int32Array,
): FieldHealth {
  const m = rows.length;
  let missing = 0;
  let unseen = 0;
  let invalid = 0;
  for (const r of rows) {
    const x = col[r]!;
    if (x === MISSING) missing++;
    else if (x === UNSEEN) unseen++;
    else if (x < 0 || x >= domain) invalid++;
  }
  const n = ref.rows;
  const h: FieldHealth = {
    field: name,
    type: 'categorical',
    missingReference: n > 0 ? ref.missing / n : 0,
    missingCurrent: m > 0 ? missing / m : 0,
    unseenReference: n > 0 ? ref.unseen / n : 0,
    unseenCurrent: m > 0 ? unseen / m : 0,
    invalidCurrent: m > 0 ? invalid / m : 0,
    referenceRange: null,
    outOfRange: 0,
    farOutOfRange: 0,
    medianRatio: null,
    anomalies: [],
  };
  if (n === 0) return h;
  presenceAndType(h, ref.missing / n, ref.invalid / n, m);
  const allowed = h.unseenReference + (1 - CHECK.mostly);
  if (flags(h.unseenCurrent, allowed, m))
    h.anomalies.push({
      check: 'domain',
      short: `unseen ${pct(h.unseenCurrent)}`,
      text: `domain: ${pct(h.unseenCurrent)} of rows carry a category outside the declared domain (allowed ${pct(allowed)})`,
    });
  h.anomalies.sort((x, y) => ORDER[x.check] - ORDER[y.check]);
  return h;
}

/** The presence and type checks, shared by both kinds of field. */
function presenceAndType(h: FieldHealth, refMissing: number, refInvalid: number, m: number): void {
  const allowed = refMissing + CHECK.missingTolerance;
  if (flags(h.missingCurrent, allowed, m))
    h.anomalies.push({
      check: 'presence',
      short: `missing ${pct(h.missingCurrent)}`,
      text: `presence: ${pct(h.missingCurrent)} of rows missing (training ${pct(refMissing)}, allowed ${pct(allowed)})`,
    });
  if (flags(h.invalidCurrent, refInvalid, m))
    h.anomalies.push({
      check: 'type',
      short: `invalid ${pct(h.invalidCurrent)}`,
      text: `type: ${pct(h.invalidCurrent)} of rows carry ${h.type === 'numeric' ? '±Infinity' : 'an invalid code'} (training ${pct(refInvalid)})`,
    });
}

/** A failing share s of n values exceeds the allowed share a by more than the binomial margin. */
function flags(s: number, a: number, n: number): boolean {
  if (n < MIN_VALUES) return false;
  const p = Math.min(Math.max(a, 0), 1);
  return s - a - CHECK.sigmas * Math.sqrt((p * (1 - p)) / n) > 0;
}

/** A scale factor of at least SCALE_FACTOR, as a whole number ("157", "1.2e+4" beyond 99,999). */
function factor(x: number): string {
  return x < 1e5 ? String(Math.round(x)) : x.toExponential(1);
}

/** 90th percentile of sorted values (the lower one; NaN when there are none). */
function p90(sorted: Float64Array): number {
  return sorted.length > 0 ? sorted[Math.floor(0.9 * (sorted.length - 1))]! : Number.NaN;
}

/** Median of sorted values (NaN when there are none). */
function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? sorted[(n - 1) >> 1]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

function pct(x: number): string {
  if (x === 0) return '0%';
  if (x < 0.001) return '<0.1%';
  return x >= 0.1 && x <= 0.99 ? `${Math.round(100 * x)}%` : `${(100 * x).toFixed(1)}%`;
}

function numericDistribution(
  feature: string,
  ref: RawBatch,
  refRows: number,
  refStats: NumericStats,
  raw: RawBatch,
  rows: Int32Array,
  f: number,
  bins: number,
): DistributionView {
  const rcol = ref.numeric[f]!;
  const ccol = raw.numeric[f]!;
  // Edges span the 1st to 99th percentile of the reference (the current tick if there is none yet),
  // so one outlier does not squash every other bar; values outside fall into the end bins. The
  // reference's percentiles come from its cached statistics (sorted once per fit).
  let lo = 0;
  let hi = 1;
  if (refRows > 0) {
    if (refStats.n > 0) {
      lo = refStats.p1;
      hi = refStats.p99;
    }
  } else {
    const sample: number[] = [];
    for (const r of rows) if (Number.isFinite(ccol[r]!)) sample.push(ccol[r]!);
    sample.sort((a, b) => a - b);
    if (sample.length > 0) {
      lo = sample[Math.floor(0.01 * (sample.length - 1))]!;
      hi = sample[Math.ceil(0.99 * (sample.length - 1))]!;
    }
  }
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const binOf = (x: number) => Math.min(bins - 1, Math.max(0, Math.floor(((x - lo) / (hi - lo)) * bins)));
  const reference = new Array<number>(bins).fill(0);
  const current = new Array<number>(bins).fill(0);
  let nr = 0;
  for (let i = 0; i < refRows; i++) {
    const x = rcol[i]!;
    if (!Number.isFinite(x)) continue;
    reference[binOf(x)]!++;
    nr++;
  }
  let nc = 0;
  for (const r of rows) {
    const x = ccol[r]!;
    if (!Number.isFinite(x)) continue;
    current[binOf(x)]!++;
    nc++;
  }
  return {
    feature,
    type: 'numeric',
    bins: edges.slice(0, -1).map((e, i) => `${fmt(e)}–${fmt(edges[i + 1]!)}`),
    edges,
    reference: reference.map((c) => (nr > 0 ? c / nr : 0)),
    current: current.map((c) => (nc > 0 ? c / nc : 0)),
    referenceRows: nr,
    currentRows: nc,
    referenceTick: Number.NaN,
  };
}

function categoricalDistribution(
  schema: RawSchema,
  ref: RawBatch,
  refRows: number,
  raw: RawBatch,
  rows: Int32Array,
  f: number,
): DistributionView {
  const field = schema.categorical[f]!;
  const n = field.domain.length;
  // Slots: the domain, then missing, then unseen.
  const slot = (code: number) =>
    code === MISSING ? n : code === UNSEEN || code < 0 || code >= n ? n + 1 : code;
  const reference = new Array<number>(n + 2).fill(0);
  const current = new Array<number>(n + 2).fill(0);
  for (let i = 0; i < refRows; i++) reference[slot(ref.cats[f]![i]!)]!++;
  for (const r of rows) current[slot(raw.cats[f]![r]!)]!++;
  return {
    feature: field.name,
    type: 'categorical',
    bins: [...field.domain, '(missing)', '(unseen)'],
    edges: null,
    reference: reference.map((c) => (refRows > 0 ? c / refRows : 0)),
    current: current.map((c) => (rows.length > 0 ? c / rows.length : 0)),
    referenceRows: refRows,
    currentRows: rows.length,
    referenceTick: Number.NaN,
  };
}

const OUTCOME: Record<string, string> = { recommender: 'click rate', ads: 'click rate', fraud: 'fraud rate' };

/** Segment exposure and engagement of the last tick, and (when the task has them) users' preferences. */
export function populationView(sim: Simulation, maxPoints = 600): PopulationView {
  const s = sim.state;
  const world = s.world;
  const cols = world as unknown as PopulationColumns;
  const names = world.segmentNames;
  const segOf = cols.segment;
  const sessions = new Array<number>(names.length).fill(0);
  const entries = new Array<number>(names.length).fill(0);
  const positives = new Array<number>(names.length).fill(0);
  const d = s.decisions;
  const per = d.perSession;
  if (segOf) {
    for (let q = 0; q < world.sessions; q++) {
      const g = segOf[world.sessionUser[q]!]!;
      sessions[g]!++;
      for (let j = 0; j < per; j++) {
        const e = q * per + j;
        if (e >= d.count) break;
        entries[g]!++;
        positives[g]! += d.outcome[e]!;
      }
    }
  }
  const users = cols.nUsers ?? cols.nAccounts ?? segOf?.length ?? 0;
  const members = new Array<number>(names.length).fill(0);
  const active = new Array<number>(names.length).fill(0);
  if (segOf) {
    for (let u = 0; u < users; u++) {
      const g = segOf[u]!;
      members[g]!++;
      if (!cols.churned || cols.churned[u] === 0) active[g]!++;
    }
  }
  const total = sessions.reduce((a, b) => a + b, 0);
  const segments: SegmentView[] = names.map((name, g) => ({
    name,
    exposure: total > 0 ? sessions[g]! / total : 0,
    engagement: entries[g]! > 0 ? positives[g]! / entries[g]! : null,
    active: cols.churned && members[g]! > 0 ? active[g]! / members[g]! : null,
  }));
  const pref = cols.pref ?? cols.interest;
  const K = cols.K ?? 0;
  let projection: PopulationView['projection'] = null;
  if (pref && segOf && K > 1 && users > 0) {
    const cos = Array.from({ length: K }, (_, k) => Math.cos((2 * Math.PI * k) / K - Math.PI / 2));
    const sin = Array.from({ length: K }, (_, k) => Math.sin((2 * Math.PI * k) / K - Math.PI / 2));
    const stride = Math.max(1, Math.floor(users / maxPoints));
    const xy: number[] = [];
    const segment: number[] = [];
    const churned: number[] = [];
    const w = new Float64Array(K);
    for (let u = 0; u < users; u += stride) {
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < K; k++) max = Math.max(max, pref[u * K + k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += w[k] = Math.exp(3 * (pref[u * K + k]! - max));
      let x = 0;
      let y = 0;
      for (let k = 0; k < K; k++) {
        x += (w[k]! / sum) * cos[k]!;
        y += (w[k]! / sum) * sin[k]!;
      }
      xy.push(round4(x), round4(y));
      segment.push(segOf[u]!);
      churned.push(cols.churned?.[u] ?? 0);
    }
    const prefix = world.kind === 'ads' ? 'c' : 't';
    projection = { anchors: Array.from({ length: K }, (_, k) => `${prefix}${k}`), xy, segment, churned };
  }
  return { outcome: OUTCOME[world.kind] ?? 'positive rate', segments, projection };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function fmt(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e4 || a < 1e-2)) return x.toExponential(1);
  return String(+x.toPrecision(3));
}
