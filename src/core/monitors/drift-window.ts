// The machinery the window monitors share (featureDrift, datasetDrift, validation, skew): which rows
// of a tick they read, a deterministic subsample of them, a per-field drift window that compares
// the reference (the training set of the last full fit) with the last `window` ticks of current data
// by one two-sample statistic of src/core/stats, the feed that gives a monitor's windows the same
// rows, and how `detail` prints numbers. Everything is preallocated when a monitor first sees the
// schema (or when the reference grows); a steady-state tick allocates nothing in proportion to its
// rows: numbers are copied into preallocated windows, sorted in place, and handed to the statistics
// with a StatsScratch; categories are counted per code.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { int, oneOf } from '../scenario/zod-helpers.ts';
import { chiSquareSf } from '../stats/chiSquareSf.ts';
import { hellinger } from '../stats/hellinger.ts';
import { hellingerDistance } from '../stats/hellingerDistance.ts';
import { jensenShannon } from '../stats/jensenShannon.ts';
import { jensenShannonDistance } from '../stats/jensenShannonDistance.ts';
import { ks } from '../stats/ks.ts';
import { populationStabilityIndex } from '../stats/populationStabilityIndex.ts';
import { psi } from '../stats/psi.ts';
import { type StatsScratch, statsScratch } from '../stats/statsScratch.ts';
import { wasserstein } from '../stats/wasserstein.ts';
import type { RawSchema } from '../world/types.ts';
import { UNSEEN } from '../world/types.ts';
import type { ReferenceData, ServedEntries, TickInputs } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Statistics and their usual thresholds (MONITORS.md "Two-sample drift statistics").

export const DRIFT_STATISTICS = [
  'ks',
  'wasserstein',
  'psi',
  'jensenShannon',
  'hellinger',
  'chiSquare',
  'lInfinity',
] as const;
export type DriftStatistic = (typeof DRIFT_STATISTICS)[number];

/** Statistics defined on numbers (a raw numeric field or the model's score). */
export const NUMERIC_STATISTICS: readonly DriftStatistic[] = [
  'ks',
  'wasserstein',
  'psi',
  'jensenShannon',
  'hellinger',
];
/** Statistics defined on categories. */
export const CATEGORICAL_STATISTICS: readonly DriftStatistic[] = [
  'chiSquare',
  'jensenShannon',
  'hellinger',
  'psi',
  'lInfinity',
];

/** p-value statistics signal drift when small; the distances when large. */
export function isPvalue(s: DriftStatistic): boolean {
  return s === 'ks' || s === 'chiSquare';
}

/**
 * The usual levels: p-value tests 0.05 (no warning); distances 0.1, Evidently's default (no
 * warning); PSI 0.1 warning, 0.25 alarm (the industry rule of thumb).
 */
export function defaultLevels(s: DriftStatistic): { warn: number; alarm: number } {
  if (isPvalue(s)) return { warn: Number.NaN, alarm: 0.05 };
  if (s === 'psi') return { warn: 0.1, alarm: 0.25 };
  return { warn: Number.NaN, alarm: 0.1 };
}

/**
 * Evidently's automatic choice (its data-drift algorithm): a reference of at most 1,000 rows gets
 * KS (numbers) or chi-square (categories), a larger one Wasserstein (normalised, numbers) or
 * Jensen-Shannon (categories). Evidently's further rules (numbers with at most 5 distinct values
 * treated as categories, the proportion z-test for binary columns) are not applied: a binary
 * category gets chi-square with Yates' correction, scipy's chi2_contingency.
 */
export function automaticStatistic(kind: FieldKind, referenceRows: number): DriftStatistic {
  if (kind === 'categorical') return referenceRows <= 1000 ? 'chiSquare' : 'jensenShannon';
  return referenceRows <= 1000 ? 'ks' : 'wasserstein';
}

// ---------------------------------------------------------------------------------------------
// Parameters every window monitor shares.

export const rowsParam = (def: RowSet) =>
  oneOf(
    ['served', 'all'] as const,
    def,
    'Which of the tick\'s rows are current data: "served" the served entries whose labels will be released (the population the training set, i.e. the reference, is drawn from), "all" every scored candidate row.',
  );

export const samplingParams = {
  sample: int(
    5000,
    'Most rows per window of current data (split evenly over its ticks), and most rows kept of the reference.',
    { min: 10, max: 1_000_000 },
  ),
  sampling: oneOf(
    ['random', 'stride'] as const,
    'random',
    "How rows beyond `sample` are dropped: a uniform subsample drawn from the monitor's own stream (`monitor.<id>`), or every k-th row.",
  ),
};

export const windowParam = int(1, 'Ticks of current data in the window.', { min: 1, max: 365 });

export const statisticParam = z
  .enum(DRIFT_STATISTICS)
  .optional()
  .describe(
    "Two-sample statistic. Numbers: ks (p-value), wasserstein (Evidently's normalised distance), psi, jensenShannon, hellinger; categories: chiSquare (p-value), jensenShannon, hellinger, psi, lInfinity. Default: Evidently's choice on the first reference, ks / chiSquare for at most 1,000 reference rows, else wasserstein / jensenShannon.",
  );

export type RowSet = 'served' | 'all';
export type Sampling = 'random' | 'stride';

// ---------------------------------------------------------------------------------------------
// Fields.

export type FieldKind = 'numeric' | 'categorical' | 'score';

export interface FieldRef {
  name: string;
  kind: FieldKind;
  /** Index into raw.numeric or raw.cats (unused for the score). */
  index: number;
  /** Categorical: size of the declared domain (codes 0..size-1). */
  domain: number;
}

/** The field a monitor input names, or null: a numeric or categorical raw field, or 'score'. */
export function resolveField(schema: RawSchema, name: string, allowScore = true): FieldRef | null {
  if (allowScore && name === 'score') return { name, kind: 'score', index: -1, domain: 0 };
  const n = schema.numeric.indexOf(name);
  if (n >= 0) return { name, kind: 'numeric', index: n, domain: 0 };
  const c = schema.categorical.findIndex((f) => f.name === name);
  if (c >= 0) return { name, kind: 'categorical', index: c, domain: schema.categorical[c]!.domain.length };
  return null;
}

export function rawFieldNames(schema: RawSchema): string[] {
  return [...schema.numeric, ...schema.categorical.map((f) => f.name)];
}

// ---------------------------------------------------------------------------------------------
// Row selection.

/**
 * What rows "served" reads: the candidate row of each of this tick's served entries whose label will
 * be released (the population the training set is drawn from), in entry order. The buffer grows
 * rarely (amortised doubling).
 */
export class LabelledRows {
  rows = new Int32Array(0);
  count = 0;

  collect(served: ServedEntries): void {
    if (this.rows.length < served.count) this.rows = new Int32Array(served.count * 2);
    let m = 0;
    for (let e = 0; e < served.count; e++) if (served.labelled[e] !== 0) this.rows[m++] = served.row[e]!;
    this.count = m;
  }
}

/**
 * Picks this tick's rows (or the reference's) and, beyond a cap, a deterministic subsample of them:
 * selection sampling (Knuth's algorithm S: every subset of the cap's size equally likely, in row
 * order) from the monitor's stream, or a fixed stride. Buffers grow rarely (amortised doubling).
 */
export class RowPicker {
  /** Picked rows, ascending, in [0, count). */
  rows: Int32Array;
  count = 0;
  readonly #labelled = new LabelledRows();

  constructor(
    readonly sampling: Sampling,
    readonly rng: Rng,
    capacity: number,
  ) {
    this.rows = new Int32Array(capacity);
  }

  /** Up to `cap` of this tick's rows of the given set. */
  pickTick(inputs: TickInputs, set: RowSet, cap: number): void {
    const served = inputs.served;
    if (set === 'served' && served) {
      this.#labelled.collect(served);
      this.#pick(this.#labelled.count, cap, this.#labelled.rows);
    } else {
      this.#pick(inputs.rows, cap, null);
    }
  }

  /** Up to `cap` of the reference's rows. */
  pickReference(reference: ReferenceData, cap: number): void {
    this.#pick(reference.rows, cap, null);
  }

  #pick(m: number, cap: number, from: Int32Array | null): void {
    const k = Math.min(m, cap);
    if (this.rows.length < k) this.rows = new Int32Array(k);
    const out = this.rows;
    if (k === m) {
      for (let j = 0; j < m; j++) out[j] = from ? from[j]! : j;
    } else if (this.sampling === 'stride') {
      for (let i = 0; i < k; i++) {
        const j = Math.floor((i * m) / k);
        out[i] = from ? from[j]! : j;
      }
    } else {
      let chosen = 0;
      for (let j = 0; j < m && chosen < k; j++) {
        if ((m - j) * this.rng.next() < k - chosen) out[chosen++] = from ? from[j]! : j;
      }
    }
    this.count = k;
  }
}

// ---------------------------------------------------------------------------------------------
// One field's drift window.

export interface DriftWindowOptions {
  statistic: DriftStatistic | undefined;
  warn: number | undefined;
  alarm: number | undefined;
  window: number;
  /** Most rows of the reference kept, and most rows per window. */
  sample: number;
}

/**
 * A field's reference sample and its window of current data. `setReference` once per reference
 * version, `push` once per tick, then `evaluate` gives the statistic (NaN when either side is empty
 * or the window is not full yet) and the verdict.
 */
export class DriftWindow {
  readonly field: FieldRef;
  statistic: DriftStatistic | undefined;
  warnLevel = Number.NaN;
  alarmLevel = Number.NaN;
  /** The last statistic (p-value for ks and chiSquare), NaN without a verdict. */
  value = Number.NaN;
  drifted = false;
  warning = false;

  readonly #options: DriftWindowOptions;
  readonly #perTick: number;
  readonly #window: number;
  #filled = 0;
  #slot = 0;
  // Numbers.
  #refSorted = new Float64Array(0);
  #refN = 0;
  #ring = new Float64Array(0);
  #cur = new Float64Array(0);
  #scratch: StatsScratch | null = null;
  // Categories: counts per code, the last index for UNSEEN.
  #refCounts = new Float64Array(0);
  #ringCounts = new Float64Array(0);
  #curCounts = new Float64Array(0);

  constructor(field: FieldRef, options: DriftWindowOptions) {
    const categorical = field.kind === 'categorical';
    const allowed = categorical ? CATEGORICAL_STATISTICS : NUMERIC_STATISTICS;
    if (options.statistic && !allowed.includes(options.statistic)) {
      const [its, holds] = categorical ? ['numbers', 'categories'] : ['categories', 'numbers'];
      throw new Error(`${options.statistic} compares ${its}; "${field.name}" holds ${holds}`);
    }
    this.field = field;
    this.#options = options;
    this.#window = options.window;
    this.#perTick = Math.max(1, Math.floor(options.sample / options.window));
    if (options.statistic) this.#setStatistic(options.statistic);
    if (categorical) {
      const K = field.domain + 1;
      this.#refCounts = new Float64Array(K);
      this.#ringCounts = new Float64Array(K * this.#window);
      this.#curCounts = new Float64Array(K);
    } else {
      const capacity = this.#perTick * this.#window;
      this.#ring = new Float64Array(capacity).fill(Number.NaN);
      this.#cur = new Float64Array(capacity);
      this.#refSorted = new Float64Array(options.sample);
      this.#scratch = statsScratch(Math.max(capacity, options.sample), 10);
    }
  }

  /** Rows per tick the window holds. */
  get perTick(): number {
    return this.#perTick;
  }

  #setStatistic(s: DriftStatistic): void {
    this.statistic = s;
    const d = defaultLevels(s);
    this.warnLevel = this.#options.warn ?? d.warn;
    this.alarmLevel = this.#options.alarm ?? d.alarm;
  }

  /** Take the reference rows `rows[0..count)` (a subsample picked by the caller). */
  setReference(reference: ReferenceData, rows: Int32Array, count: number): void {
    const f = this.field;
    if (f.kind === 'categorical') {
      const col = reference.raw.cats[f.index]!;
      countCodes(col, rows, count, this.#refCounts, 0, f.domain);
      if (!this.statistic) this.#setStatistic(automaticStatistic('categorical', total(this.#refCounts)));
      return;
    }
    const col = f.kind === 'score' ? reference.scores : reference.raw.numeric[f.index]!;
    let n = 0;
    const out = this.#refSorted;
    for (let i = 0; i < count; i++) {
      const x = col[rows[i]!]!;
      if (Number.isFinite(x)) out[n++] = x;
    }
    out.subarray(0, n).sort();
    this.#refN = n;
    if (!this.statistic) this.#setStatistic(automaticStatistic(f.kind, n));
  }

  /** This tick's current data: rows[0..count) of the tick (at most perTick of them are kept). */
  push(inputs: TickInputs, rows: Int32Array, count: number): void {
    const f = this.field;
    const k = Math.min(count, this.#perTick);
    if (f.kind === 'categorical') {
      countCodes(inputs.raw.cats[f.index]!, rows, k, this.#ringCounts, this.#slot * (f.domain + 1), f.domain);
    } else {
      const col = f.kind === 'score' ? inputs.scores : inputs.raw.numeric[f.index]!;
      const ring = this.#ring;
      const base = this.#slot * this.#perTick;
      for (let i = 0; i < k; i++) {
        const x = col[rows[i]!]!;
        ring[base + i] = Number.isFinite(x) ? x : Number.NaN;
      }
      ring.fill(Number.NaN, base + k, base + this.#perTick);
    }
    this.#slot = (this.#slot + 1) % this.#window;
    if (this.#filled < this.#window) this.#filled++;
  }

  /** Compute the statistic on the reference and the window; sets value, drifted, warning. */
  evaluate(): void {
    this.value = Number.NaN;
    this.drifted = false;
    this.warning = false;
    const s = this.statistic;
    if (!s || this.#filled < this.#window) return;
    const v = this.field.kind === 'categorical' ? this.#categorical(s) : this.#numeric(s);
    this.value = v;
    if (Number.isNaN(v)) return;
    if (isPvalue(s)) {
      this.drifted = v < this.alarmLevel;
      this.warning = !this.drifted && v < this.warnLevel;
    } else {
      this.drifted = v >= this.alarmLevel;
      this.warning = !this.drifted && v >= this.warnLevel;
    }
  }

  #numeric(s: DriftStatistic): number {
    const ring = this.#ring;
    const cur = this.#cur;
    let n = 0;
    for (let i = 0; i < ring.length; i++) {
      const x = ring[i]!;
      if (!Number.isNaN(x)) cur[n++] = x;
    }
    if (n === 0 || this.#refN === 0) return Number.NaN;
    const a = this.#refSorted.subarray(0, this.#refN);
    const b = cur.subarray(0, n);
    b.sort();
    const scratch = this.#scratch!;
    switch (s) {
      case 'ks':
        return ks(a, b, { sorted: true, scratch }).pvalue;
      case 'wasserstein':
        return wasserstein(a, b, { sorted: true }).normalized;
      case 'psi':
        return psi(a, b, { scratch }).value;
      case 'jensenShannon':
        return jensenShannon(a, b, { scratch }).value;
      case 'hellinger':
        return hellinger(a, b, { scratch }).value;
      default:
        return Number.NaN;
    }
  }

  #categorical(s: DriftStatistic): number {
    const K = this.field.domain + 1;
    const cur = this.#curCounts;
    cur.fill(0);
    const ring = this.#ringCounts;
    for (let w = 0; w < this.#window; w++) for (let k = 0; k < K; k++) cur[k]! += ring[w * K + k]!;
    return categoricalStatistic(s, this.#refCounts, cur);
  }
}

/**
 * Feeds the drift windows of one monitor, which all read the same rows: at every new reference (a
 * full fit) one subsample of it for them all, then every tick one pick of the tick's rows.
 */
export class WindowFeed {
  readonly #picker: RowPicker;
  readonly #rows: RowSet;
  readonly #sample: number;
  #refVersion = -1;

  constructor(p: { sampling: Sampling; sample: number; rows: RowSet }, rng: Rng) {
    this.#picker = new RowPicker(p.sampling, rng, p.sample);
    this.#rows = p.rows;
    this.#sample = p.sample;
  }

  /** Whether a reference has been taken: before that the windows have nothing to compare with. */
  get hasReference(): boolean {
    return this.#refVersion >= 0;
  }

  /**
   * Give the windows this tick's rows, and the reference first when it is a new one. Returns true
   * when the new reference replaced an earlier one (a monitor in alarm raises it again).
   */
  feed(inputs: TickInputs, windows: readonly DriftWindow[]): boolean {
    const picker = this.#picker;
    const ref = inputs.reference;
    let replaced = false;
    if (ref.version !== this.#refVersion && ref.rows > 0) {
      picker.pickReference(ref, this.#sample);
      for (const d of windows) d.setReference(ref, picker.rows, picker.count);
      replaced = this.#refVersion >= 0;
      this.#refVersion = ref.version;
    }
    picker.pickTick(inputs, this.#rows, windows[0]!.perTick);
    for (const d of windows) d.push(inputs, picker.rows, picker.count);
    return replaced;
  }
}

/** Count codes of rows[0..count) into out[offset..offset+domain] (UNSEEN last; MISSING and invalid skipped). */
function countCodes(
  col: Int32Array,
  rows: Int32Array,
  count: number,
  out: Float64Array,
  offset: number,
  domain: number,
): void {
  out.fill(0, offset, offset + domain + 1);
  for (let i = 0; i < count; i++) {
    const c = col[rows[i]!]!;
    if (c >= 0 && c < domain) out[offset + c]!++;
    else if (c === UNSEEN) out[offset + domain]!++;
    // MISSING (and any invalid code) is not a category: dropped, as Evidently drops NaN.
  }
}

// (observed - expected)^2 / expected, with Yates' continuity correction when asked.
function chiTerm(observed: number, expected: number, correction: boolean): number {
  if (correction) {
    const diff = expected - observed;
    observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
  }
  return (observed - expected) ** 2 / expected;
}

function total(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) s += counts[i]!;
  return s;
}

/**
 * A categorical statistic from two count vectors over the same categories (zero in both is the
 * same as absent): the conventions of src/core/stats on category labels (chiSquare as scipy's
 * chi2_contingency, Jensen-Shannon base 2, PSI with 1e-4 for an empty share), through its
 * weight-vector forms where it has them, without building label arrays. NaN when either side is
 * empty.
 */
export function categoricalStatistic(
  s: DriftStatistic,
  ref: ArrayLike<number>,
  cur: ArrayLike<number>,
): number {
  const K = ref.length;
  const nr = total(ref);
  const nc = total(cur);
  if (nr === 0 || nc === 0) return Number.NaN;
  switch (s) {
    case 'chiSquare': {
      let k = 0;
      for (let j = 0; j < K; j++) if (ref[j]! + cur[j]! > 0) k++;
      const dof = k - 1;
      if (dof <= 0) return 1;
      const n = nr + nc;
      const correction = dof === 1;
      let stat = 0;
      for (let j = 0; j < K; j++) {
        const col = ref[j]! + cur[j]!;
        if (col === 0) continue;
        stat += chiTerm(ref[j]!, (nr * col) / n, correction) + chiTerm(cur[j]!, (nc * col) / n, correction);
      }
      return chiSquareSf(stat, dof);
    }
    case 'jensenShannon':
      return jensenShannonDistance(ref, cur, 2);
    case 'hellinger':
      return hellingerDistance(ref, cur);
    case 'psi':
      return populationStabilityIndex(ref, cur);
    case 'lInfinity': {
      let v = 0;
      for (let j = 0; j < K; j++) v = Math.max(v, Math.abs(ref[j]! / nr - cur[j]! / nc));
      return v;
    }
    default:
      return Number.NaN;
  }
}

/** A reading for `detail`: 4 decimals, or 3 significant digits in exponent form when tiny or huge. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : String(+x.toFixed(4));
}
