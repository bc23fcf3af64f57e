// Jensen-Shannon distance between a reference and a current sample, with the convention NannyML and
// TFDV use: base-2 logarithms (so the distance lies in [0, 1]) and, for numbers, 10 equal-width bins
// over the range of both samples together. Categorical samples use one bin per category. The
// divergence is the square of the reported distance; scipy's own default base is e.
import { binnedCounts } from './binnedCounts.ts';
import { jensenShannonDistance } from './jensenShannonDistance.ts';
import type { StatsScratch } from './statsScratch.ts';
import type { Binning, CategoricalSample, NumericSample } from './types.ts';

export interface JensenShannonOptions {
  /** Number of equal-width bins for numbers (default 10). */
  bins?: number;
  /** Logarithm base (default 2). */
  base?: number;
  /** Preallocated edges and counts. */
  scratch?: StatsScratch;
}

export interface JensenShannonResult {
  /** The distance, sqrt of the divergence. */
  value: number;
  base: number;
  /** Number of bins (or categories). */
  bins: number;
  binning: Extract<Binning, 'combined-equal-width' | 'categories'>;
}

/** jensenShannon(reference, current, options?): binned Jensen-Shannon distance, base 2 by default. */
export function jensenShannon(
  reference: NumericSample | CategoricalSample,
  current: NumericSample | CategoricalSample,
  options: JensenShannonOptions = {},
): JensenShannonResult {
  const base = options.base ?? 2;
  const t = binnedCounts(reference, current, 'combined-equal-width', options);
  if (t.n.reference === 0 || t.n.current === 0) throw new RangeError('jensenShannon: empty sample');
  return {
    value: jensenShannonDistance(t.reference, t.current, base),
    base,
    bins: t.reference.length,
    binning: t.binning,
  };
}
