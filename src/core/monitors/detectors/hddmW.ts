/**
 * HDDM_W, drift detection with McDiarmid's bound on exponentially weighted moving averages
 * (Frías-Blanco et al. 2014), as River 0.22 implements it after MOA (river/drift/binary/hddm_w.py).
 * Input: 1 for an error, 0 for a correct prediction (any values in [0, 1]).
 *
 * A sample summary holds an EWMA (weight lambda on the new value) and its "independent bounded
 * condition" ibc, which starts at 1 and follows ibc ← λ² + (1 − λ)²·ibc. The EWMA starts at the
 * sample's first value — more exactly, as River's EWMean (Rust, from the watermill crate) does it,
 * it takes the new value outright whenever it is exactly 0, so a sample that began with correct
 * predictions (zeros) jumps to 1 at its first error (the fixture ds3 with twoSidedTest depends on
 * it). The total summary takes every value. For increases, whenever
 * EWMA_total + ε < the lowest such value so far (ε = √(ibc_total · ln(1/driftConfidence)/2)), the
 * total is copied as the "before" sample S1 and a fresh "after" sample S2 starts; otherwise S2 takes
 * the value. The mean has increased at confidence c when both samples have values and
 * EWMA_S2 − EWMA_S1 > √((ibc_S1 + ibc_S2) · ln(1/c)/2). Decreases mirror it with the highest
 * EWMA_total − ε. A drift tests driftConfidence, a warning warningConfidence; twoSidedTest adds the
 * decrease tests.
 *
 * Parameters: driftConfidence (0.001), warningConfidence (0.005), lambda (0.05), twoSidedTest
 * (false).
 *
 * `statistic`: the largest tested EWMA difference divided by its drift bound (NaN until an "after"
 * sample has a value); the warning bound is a fixed multiple of the drift bound, so
 * `alarmLevel` = 1 and `warningLevel` = √(ln(1/warningConfidence)/ln(1/driftConfidence)) (alarms
 * above the levels).
 *
 * References: I. Frías-Blanco et al., "Online and non-parametric drift detection methods based on
 * Hoeffding's bounds", IEEE TKDE 27(3) (2015) 810–823; river/drift/binary/hddm_w.py (River 0.22).
 */
import { z } from 'zod';
import type { DetectorDef, StreamDetector } from '../detector.ts';

const params = z.strictObject({
  driftConfidence: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.001)
    .describe('Confidence level of the drift test, in (0, 1): smaller means fewer drifts.'),
  warningConfidence: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.005)
    .describe('Confidence level of the warning test, in (0, 1), normally above driftConfidence.'),
  lambda: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.05)
    .describe('Weight of the newest value in the moving averages, in (0, 1).'),
  twoSidedTest: z
    .boolean()
    .default(false)
    .describe('Also watch decreases of the error rate (false: increases only).'),
});

export type HddmWParams = z.output<typeof params>;

/** EWMA summary of a sample, as plain fields so that copies allocate nothing. */
class Sample {
  ewma = 0;
  ibc = 1;
  init = false;

  clear(): void {
    this.ewma = 0;
    this.ibc = 1;
    this.init = false;
  }

  copy(other: Sample): void {
    this.ewma = other.ewma;
    this.ibc = other.ibc;
    this.init = other.init;
  }

  update(x: number, lambda: number, lambdaSq: number, cLambdaSq: number): void {
    // River's EWMean treats a mean of exactly 0 as "no value yet".
    this.ewma = this.ewma === 0 ? x : lambda * x + (1 - lambda) * this.ewma;
    this.init = true;
    this.ibc = lambdaSq + cLambdaSq * this.ibc;
  }
}

class HddmW implements StreamDetector {
  readonly #lambda: number;
  readonly #lambdaSq: number;
  readonly #cLambdaSq: number;
  readonly #twoSided: boolean;
  readonly #logInvDrift: number;
  readonly #logInvWarning: number;
  readonly #warningLevel: number;

  readonly #total = new Sample();
  readonly #s1Incr = new Sample();
  readonly #s2Incr = new Sample();
  readonly #s1Decr = new Sample();
  readonly #s2Decr = new Sample();
  #incrCut = Number.POSITIVE_INFINITY;
  #decrCut = Number.NEGATIVE_INFINITY;
  #statistic = Number.NaN;
  #drift = false;
  #warning = false;

  constructor(p: HddmWParams) {
    this.#lambda = p.lambda;
    this.#lambdaSq = p.lambda * p.lambda;
    this.#cLambdaSq = (1 - p.lambda) ** 2;
    this.#twoSided = p.twoSidedTest;
    this.#logInvDrift = Math.log(1 / p.driftConfidence);
    this.#logInvWarning = Math.log(1 / p.warningConfidence);
    this.#warningLevel = Math.sqrt(this.#logInvWarning / this.#logInvDrift);
  }

  get driftDetected(): boolean {
    return this.#drift;
  }
  get warningDetected(): boolean {
    return this.#warning;
  }
  get statistic(): number {
    return this.#statistic;
  }
  get alarmLevel(): number {
    return 1;
  }
  get warningLevel(): number {
    return this.#warningLevel;
  }

  reset(): void {
    this.#total.clear();
    this.#s1Incr.clear();
    this.#s2Incr.clear();
    this.#s1Decr.clear();
    this.#s2Decr.clear();
    this.#incrCut = Number.POSITIVE_INFINITY;
    this.#decrCut = Number.NEGATIVE_INFINITY;
    this.#statistic = Number.NaN;
    this.#drift = false;
    this.#warning = false;
  }

  /** One test of an EWMA difference against the bounds for samples whose ibc add up to `ibc`. */
  #test(diff: number, ibc: number): void {
    const driftBound = Math.sqrt((ibc * this.#logInvDrift) / 2);
    const s = diff / driftBound;
    if (!(s <= this.#statistic)) this.#statistic = s;
    if (diff > driftBound) this.#drift = true;
    else if (diff > Math.sqrt((ibc * this.#logInvWarning) / 2)) this.#warning = true;
  }

  update(x: number): void {
    if (this.#drift) this.reset();
    const lambda = this.#lambda;
    const lsq = this.#lambdaSq;
    const clsq = this.#cLambdaSq;
    const total = this.#total;
    total.update(x, lambda, lsq, clsq);
    const eps = Math.sqrt((total.ibc * this.#logInvDrift) / 2);

    if (total.ewma + eps < this.#incrCut) {
      this.#incrCut = total.ewma + eps;
      this.#s1Incr.copy(total);
      this.#s2Incr.clear();
    } else {
      this.#s2Incr.update(x, lambda, lsq, clsq);
    }
    if (total.ewma - eps > this.#decrCut) {
      this.#decrCut = total.ewma - eps;
      this.#s1Decr.copy(total);
      this.#s2Decr.clear();
    } else {
      this.#s2Decr.update(x, lambda, lsq, clsq);
    }

    // The tests raise the flags (a drift was cleared by the reset above) and keep the larger statistic.
    this.#statistic = Number.NaN;
    this.#warning = false;
    const up = this.#s1Incr;
    const upAfter = this.#s2Incr;
    if (up.init && upAfter.init) this.#test(upAfter.ewma - up.ewma, up.ibc + upAfter.ibc);
    const down = this.#s1Decr;
    const downAfter = this.#s2Decr;
    if (this.#twoSided && down.init && downAfter.init)
      this.#test(down.ewma - downAfter.ewma, downAfter.ibc + down.ibc);
  }
}

export const hddmW: DetectorDef<typeof params> = {
  kind: 'hddmW',
  doc: "HDDM_W (River): McDiarmid's bound on the difference between exponentially weighted error rates before and after the best cut point.",
  input: 'binary',
  hasWarning: true,
  params,
  create: (p) => new HddmW(p),
};
