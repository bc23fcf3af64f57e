// Ground truth: incidents declared by events, plus incidents derived when the true quality metric
// leaves its normal band (the evaluator notices what no event announced, e.g. a slow feedback loop).

export interface Incident {
  id: string;
  /** Family of the cause: preference, pipeline, dependency, feedback, shock, or quality (derived). */
  cause: string;
  /** The event kind, or "quality.drop" for a derived incident. */
  kind: string;
  label: string;
  start: number;
  end: number;
  affects: string[];
}

export interface BandOptions {
  /** Band width in reference standard deviations. */
  k: number;
  /** Rolling-mean window. */
  smooth: number;
  /** Consecutive ticks below the band that make an incident. */
  minTicks: number;
  /** Ticks [0, reference) define the band. */
  reference: number;
}

/** Trailing rolling mean ignoring NaN. */
export function rollingMean(xs: ArrayLike<number>, n: number, w: number): Float64Array {
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    let c = 0;
    for (let i = Math.max(0, t - w + 1); i <= t; i++) {
      const x = xs[i]!;
      if (Number.isFinite(x)) {
        s += x;
        c++;
      }
    }
    out[t] = c > 0 ? s / c : Number.NaN;
  }
  return out;
}

/**
 * The ticks [0, reference) a run's band is learned on: `configured` when positive, else up to the
 * start of the first event incident (all n ticks without one); never more than n.
 */
export function bandReference(configured: number, events: readonly Incident[], n: number): number {
  const firstEvent = events.reduce((a, i) => Math.min(a, i.start), n);
  return Math.min(configured > 0 ? configured : firstEvent, n);
}

/**
 * The normal band of a series: mean and sd of its smoothed values over the reference ticks, and the
 * smoothed series itself (what is compared with the band).
 */
export function qualityBand(
  xs: ArrayLike<number>,
  n: number,
  o: BandOptions,
): { mean: number; sd: number; low: number; smoothed: Float64Array } {
  const sm = rollingMean(xs, n, o.smooth);
  let s = 0;
  let s2 = 0;
  let c = 0;
  // Skip the first smoothing window: its means rest on fewer values.
  for (let t = Math.min(o.smooth - 1, o.reference - 1); t < Math.min(o.reference, n); t++) {
    const x = sm[t]!;
    if (!Number.isFinite(x)) continue;
    s += x;
    s2 += x * x;
    c++;
  }
  const mean = c > 0 ? s / c : Number.NaN;
  const sd = c > 1 ? Math.sqrt(Math.max(0, (s2 - c * mean * mean) / (c - 1))) : Number.NaN;
  return { mean, sd, low: mean - o.k * sd, smoothed: sm };
}

/** Incidents where the smoothed series stays below the band for at least minTicks ticks. */
export function deriveQualityIncidents(
  metric: string,
  xs: ArrayLike<number>,
  n: number,
  o: BandOptions,
): Incident[] {
  const band = qualityBand(xs, n, o);
  if (!Number.isFinite(band.low)) return [];
  const sm = band.smoothed;
  const out: Incident[] = [];
  let start = -1;
  const close = (end: number) => {
    if (start >= 0 && end - start + 1 >= o.minTicks) {
      out.push({
        id: `quality-${out.length + 1}`,
        cause: 'quality',
        kind: 'quality.drop',
        label: `${metric} below its band (${band.low.toFixed(4)})`,
        start,
        end,
        affects: [metric],
      });
    }
    start = -1;
  };
  for (let t = o.reference; t < n; t++) {
    const below = sm[t]! < band.low;
    if (below && start < 0) start = t;
    if (!below && start >= 0) close(t - 1);
  }
  if (start >= 0) close(n - 1);
  return out;
}
