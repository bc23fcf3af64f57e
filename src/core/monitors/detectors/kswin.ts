/**
 * KSWIN, Kolmogorov–Smirnov windowing (Raab, Heusinger & Schleif 2020), as River 0.22 implements it
 * (river/drift/kswin.py).
 *
 * A sliding window Ψ of the last windowSize values. Once it is full, every update compares its last
 * statSize values R with statSize values W drawn without replacement from its first
 * windowSize − statSize positions, by the two-sided two-sample KS test (scipy's ks_2samp, method
 * "auto", which is exact at these sizes); a drift when p ≤ alpha and the KS distance > 0.1.
 *
 * The p-value of two samples of equal size r depends only on h = r·D, an integer, so the test is
 * tabulated once: `alarm[h]` says whether P(D ≥ h/r) ≤ alpha and h/r > 0.1, with P the exact p-value
 * of src/core/stats (scipy's formula for equal sizes, _compute_prob_outside_square).
 *
 * Both parts of the window are kept sorted (each update moves one value out of each part and one
 * in), and the draw picks statSize ranks of the old part rather than positions: a uniform subset
 * of positions is a uniform subset of ranks, so the sample has River's distribution and comes out
 * sorted, with no sort per update. The draw (Floyd's algorithm, statSize draws) uses the detector's
 * own stream, not CPython's Mersenne Twister, so the drift indices match River's only up to a few
 * updates. As in River, a drift restarts the sampler from its seed.
 *
 * Parameters: alpha (0.005), windowSize (100), statSize (30; windowSize ≥ 2·statSize so that the
 * old part can supply the sample; at most 10,000, where scipy's "auto" stays exact), seed (null: the
 * detector's stream `monitor.kswin` under the run's seed; a number fixes it, as River's seed does).
 * River's `window` (values to start from) is not offered.
 *
 * `statistic`: the KS distance D of the last test (NaN until the window is full); `alarmLevel`: the
 * smallest D that signals a drift (NaN if none can).
 *
 * References: C. Raab, M. Heusinger, F.-M. Schleif, "Reactive soft prototype computing for concept
 * drift streams", Neurocomputing 416 (2020) 340–351; river/drift/kswin.py (River 0.22);
 * scipy.stats.ks_2samp.
 */
import { z } from 'zod';
import { Rng } from '../../rng.ts';
import { ksExactPvalue } from '../../stats/ksExactPvalue.ts';
import type { DetectorDef, StreamDetector } from '../detector.ts';

const params = z
  .strictObject({
    alpha: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.005)
      .describe('Significance level of the KS test, in (0, 1); River advises below 0.01.'),
    windowSize: z.number().int().min(2).default(100).describe('Length of the sliding window.'),
    statSize: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(30)
      .describe('Size of each KS sample (the newest values, and a draw from the older ones); ≤ 10,000.'),
    seed: z
      .number()
      .int()
      .nullable()
      .default(null)
      .describe("Seed of the sampler; null uses the detector's stream under the run's seed."),
  })
  .refine((p) => p.windowSize >= 2 * p.statSize, {
    message: 'windowSize must be at least 2 × statSize (the older part supplies a sample of statSize)',
    path: ['windowSize'],
  });

export type KswinParams = z.output<typeof params>;

/**
 * In the ascending array a[0..n), replace one occurrence of `out` by `inn`, keeping the order: find
 * `out` by binary search, then slide the values between it and `inn`'s place by one.
 */
function replaceSorted(a: Float64Array, n: number, out: number, inn: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < out) lo = mid + 1;
    else hi = mid;
  }
  let i = lo;
  if (inn > out) {
    while (i + 1 < n && a[i + 1]! < inn) {
      a[i] = a[i + 1]!;
      i++;
    }
  } else {
    while (i > 0 && a[i - 1]! > inn) {
      a[i] = a[i - 1]!;
      i--;
    }
  }
  a[i] = inn;
}

/**
 * alarm[h] for h = 0..n: does a KS distance of h/n make KSWIN signal? P(D ≥ h/n) falls as h grows
 * and h/n > 0.1 once true stays true, so the table is 0 up to the first alarming h and 1 from there
 * (found in O(n·h) rather than O(n²)).
 */
function alarmTable(n: number, alpha: number): Uint8Array {
  const table = new Uint8Array(n + 1);
  for (let h = 1; h <= n; h++) {
    // Rounding can push the exact formula a hair above 1 where D is tiny (only at h = 1 for
    // n = 5 and 7 among the sizes with h/n > 0.1); scipy then switches to its asymptotic p-value,
    // which is still ≥ 0.99996 there, so taking p ≈ 1 changes nothing for alpha < 0.99996.
    if (h / n > 0.1 && ksExactPvalue(n, n, h) <= alpha) {
      table.fill(1, h);
      break;
    }
  }
  return table;
}

class Kswin implements StreamDetector {
  readonly #windowSize: number;
  readonly #r: number;
  readonly #old: number;
  readonly #seed: number;
  readonly #name: string;
  readonly #alarm: Uint8Array;
  readonly #alarmLevel: number;

  /** The window in arrival order (a ring once full). */
  readonly #ring: Float64Array;
  /** The old part (first windowSize − statSize values) and the newest statSize values, sorted. */
  readonly #oldSorted: Float64Array;
  readonly #recentSorted: Float64Array;
  /** 1 at the ranks of the old part drawn for this update. */
  readonly #picked: Uint8Array;
  /** The drawn values, ascending (one spare slot: the branch-free gather writes one past the end). */
  readonly #sample: Float64Array;
  #rng: Rng;
  #count = 0;
  /** Ring position of the oldest value once the window is full. */
  #head = 0;
  #statistic = Number.NaN;
  #drift = false;

  constructor(p: KswinParams, rng: Rng) {
    this.#windowSize = p.windowSize;
    this.#r = p.statSize;
    this.#old = p.windowSize - p.statSize;
    this.#name = rng.name;
    this.#seed = p.seed ?? rng.int(2 ** 32);
    this.#alarm = alarmTable(p.statSize, p.alpha);
    const first = this.#alarm.indexOf(1);
    this.#alarmLevel = first < 0 ? Number.NaN : first / p.statSize;
    this.#ring = new Float64Array(p.windowSize);
    this.#oldSorted = new Float64Array(this.#old);
    this.#recentSorted = new Float64Array(p.statSize);
    this.#picked = new Uint8Array(this.#old);
    this.#sample = new Float64Array(p.statSize + 1);
    this.#rng = new Rng(this.#seed, this.#name);
  }

  get driftDetected(): boolean {
    return this.#drift;
  }
  get warningDetected(): boolean {
    return false;
  }
  get statistic(): number {
    return this.#statistic;
  }
  get alarmLevel(): number {
    return this.#alarmLevel;
  }
  get warningLevel(): number {
    return Number.NaN;
  }

  reset(): void {
    this.#rng = new Rng(this.#seed, this.#name);
    this.#count = 0;
    this.#head = 0;
    this.#statistic = Number.NaN;
    this.#drift = false;
  }

  update(x: number): void {
    if (this.#drift) this.reset();
    const size = this.#windowSize;
    const old = this.#old;
    const r = this.#r;
    const ring = this.#ring;
    const oldSorted = this.#oldSorted;
    const recent = this.#recentSorted;
    if (this.#count < size) {
      ring[this.#count++] = x;
      if (this.#count < size) return;
      oldSorted.set(ring.subarray(0, old));
      oldSorted.sort();
      recent.set(ring.subarray(old));
      recent.sort();
    } else {
      // The oldest value leaves the window; the oldest of the newest part moves to the old part.
      const head = this.#head;
      const leaving = ring[head]!;
      const mid = head + old;
      const moving = ring[mid >= size ? mid - size : mid]!;
      ring[head] = x;
      this.#head = head + 1 === size ? 0 : head + 1;
      replaceSorted(oldSorted, old, leaving, moving);
      replaceSorted(recent, r, moving, x);
    }

    // Floyd's algorithm: r distinct ranks of the old part, r draws.
    const picked = this.#picked;
    const rng = this.#rng;
    for (let j = old - r; j < old; j++) {
      const t = rng.int(j + 1);
      if (picked[t] === 1) picked[j] = 1;
      else picked[t] = 1;
    }
    const sample = this.#sample;
    for (let i = 0, c = 0; i < old; i++) {
      sample[c] = oldSorted[i]!;
      c += picked[i]!;
      picked[i] = 0;
    }

    // h = max over values v of |#{sample ≤ v} − #{recent ≤ v}|.
    let i = 0;
    let k = 0;
    let h = 0;
    while (i < r && k < r) {
      const v = Math.min(sample[i]!, recent[k]!);
      while (i < r && sample[i]! <= v) i++;
      while (k < r && recent[k]! <= v) k++;
      const d = i > k ? i - k : k - i;
      if (d > h) h = d;
    }
    this.#statistic = h / r;
    this.#drift = this.#alarm[h] === 1;
  }
}

export const kswin: DetectorDef<typeof params> = {
  kind: 'kswin',
  doc: 'KSWIN (River): Kolmogorov–Smirnov test between the newest values of a sliding window and a random sample of its older part.',
  input: 'real',
  hasWarning: false,
  params,
  create: (p, rng) => new Kswin(p, rng),
};
