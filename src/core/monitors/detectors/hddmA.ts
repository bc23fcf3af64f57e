/**
 * HDDM_A, drift detection with Hoeffding's bound on moving averages (Frías-Blanco et al. 2014),
 * as River 0.22 implements it after MOA (river/drift/binary/hddm_a.py). Input: 1 for an error, 0 for
 * a correct prediction (any values in [0, 1] are bounded the same way).
 *
 * Z̄ is the mean of everything seen (n values). The cut point X̄ for increases is moved to the
 * current (n, Z̄) whenever X̄ + ε(n_X) ≥ Z̄ + ε(n), with ε(k) = √(ln(1/driftConfidence)/(2k)); the cut
 * point Ȳ for decreases whenever Ȳ − ε(n_Y) ≤ Z̄ − ε(n). The mean has increased at confidence c when
 * Z̄ − X̄ ≥ √(m/2 · ln(2/c)) with m = (n − n_X)/(n_X · n); decreases mirror it. A drift tests
 * driftConfidence, a warning warningConfidence; twoSidedTest adds the decrease tests (which can
 * raise a drift or a warning on top of the increase tests' outcome).
 *
 * Parameters: driftConfidence (0.001), warningConfidence (0.005), twoSidedTest (false).
 *
 * `statistic`: the largest tested difference divided by its drift bound — (Z̄ − X̄)/bound, and
 * (Ȳ − Z̄)/bound when two-sided; NaN while no cut point lies behind the present. The warning
 * bound is a fixed multiple of the drift bound, so `alarmLevel` = 1 and `warningLevel` =
 * √(ln(2/warningConfidence)/ln(2/driftConfidence)) (alarms at or above the levels).
 *
 * References: I. Frías-Blanco, J. del Campo-Ávila, G. Ramos-Jiménez, R. Morales-Bueno,
 * A. Ortiz-Díaz, Y. Caballero-Mota, "Online and non-parametric drift detection methods based on
 * Hoeffding's bounds", IEEE TKDE 27(3) (2015) 810–823; river/drift/binary/hddm_a.py (River 0.22).
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
  twoSidedTest: z
    .boolean()
    .default(false)
    .describe('Also watch decreases of the error rate (false: increases only).'),
});

export type HddmAParams = z.output<typeof params>;

class HddmA implements StreamDetector {
  readonly #twoSided: boolean;
  /** ln(1/driftConfidence), ln(2/driftConfidence), ln(2/warningConfidence). */
  readonly #logInvDrift: number;
  readonly #log2Drift: number;
  readonly #log2Warning: number;
  readonly #warningLevel: number;

  #n = 0;
  #mean = 0;
  #minN = 0;
  #minMean = 0;
  #maxN = 0;
  #maxMean = 0;
  #statistic = Number.NaN;
  #drift = false;
  #warning = false;

  constructor(p: HddmAParams) {
    this.#twoSided = p.twoSidedTest;
    this.#logInvDrift = Math.log(1 / p.driftConfidence);
    this.#log2Drift = Math.log(2 / p.driftConfidence);
    this.#log2Warning = Math.log(2 / p.warningConfidence);
    this.#warningLevel = Math.sqrt(this.#log2Warning / this.#log2Drift);
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
    this.#n = 0;
    this.#mean = 0;
    this.#minN = 0;
    this.#minMean = 0;
    this.#maxN = 0;
    this.#maxMean = 0;
    this.#statistic = Number.NaN;
    this.#drift = false;
    this.#warning = false;
  }

  #hoeffding(n: number): number {
    return Math.sqrt((1 / (2 * n)) * this.#logInvDrift);
  }

  /** m = (n − k)/k · (1/n) for a cut point holding k values; the bound at confidence c is √(m/2 · ln(2/c)). */
  #m(k: number): number {
    return ((this.#n - k) / k) * (1 / this.#n);
  }

  /** One test of a difference of means against the bounds for a cut point holding k values. */
  #test(diff: number, k: number): void {
    const m = this.#m(k);
    const driftBound = Math.sqrt((m / 2) * this.#log2Drift);
    const s = diff / driftBound;
    if (!(s <= this.#statistic)) this.#statistic = s;
    if (diff >= driftBound) this.#drift = true;
    else if (diff >= Math.sqrt((m / 2) * this.#log2Warning)) this.#warning = true;
  }

  update(x: number): void {
    if (this.#drift) this.reset();
    const n = ++this.#n;
    const mean = (this.#mean += (x - this.#mean) / n);
    if (this.#minN === 0) {
      this.#minN = n;
      this.#minMean = mean;
    }
    if (this.#maxN === 0) {
      this.#maxN = n;
      this.#maxMean = mean;
    }
    const epsZ = this.#hoeffding(n);
    if (this.#minMean + this.#hoeffding(this.#minN) >= mean + epsZ) {
      this.#minN = n;
      this.#minMean = mean;
    }
    if (this.#maxMean - this.#hoeffding(this.#maxN) <= mean - epsZ) {
      this.#maxN = n;
      this.#maxMean = mean;
    }

    // The tests raise the flags (a drift was cleared by the reset above) and keep the larger statistic.
    this.#statistic = Number.NaN;
    this.#warning = false;
    if (this.#minN !== n) this.#test(mean - this.#minMean, this.#minN);
    if (this.#twoSided && this.#maxN !== n) this.#test(this.#maxMean - mean, this.#maxN);
  }
}

export const hddmA: DetectorDef<typeof params> = {
  kind: 'hddmA',
  doc: "HDDM_A (River): Hoeffding's bound on the difference between the running error rate and its value at the best cut point.",
  input: 'binary',
  hasWarning: true,
  params,
  create: (p) => new HddmA(p),
};
