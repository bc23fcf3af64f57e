// Population Stability Index, sum_k (c_k - r_k) ln(c_k / r_k) over the proportions of the reference
// (r) and current (c) samples per bin, a proportion of exactly 0 replaced by 1e-4 without
// renormalising (the industry convention; 0.1 warns, 0.25 alarms). Not symmetric: swapping the
// samples changes the bins and the value. Numbers use 10 bins at the reference's deciles (numpy's
// default linear quantiles) or 10 equal-width bins over the reference's range; values outside the
// reference range count in the first or last bin. Categories use one bin each.
import { binnedCounts } from './binnedCounts.ts';
import { PSI_EPSILON, populationStabilityIndex } from './populationStabilityIndex.ts';
import type { StatsScratch } from './statsScratch.ts';
import type { Binning, CategoricalSample, NumericSample } from './types.ts';

export interface PsiOptions {
  /** "quantile" (default): reference deciles; "uniform": equal width over the reference range. */
  binning?: 'quantile' | 'uniform';
  /** Number of bins (default 10). */
  bins?: number;
  /** Preallocated buffers (the quantile binning sorts a copy of the reference there). */
  scratch?: StatsScratch;
}

export interface PsiResult {
  value: number;
  bins: number;
  binning: Extract<Binning, 'reference-quantiles' | 'reference-equal-width' | 'categories'>;
  /** What a zero proportion is replaced by. */
  epsilon: number;
  /** Logarithm used. */
  log: 'natural';
}

/** psi(reference, current, options?): population stability index of current against reference. */
export function psi(
  reference: NumericSample | CategoricalSample,
  current: NumericSample | CategoricalSample,
  options: PsiOptions = {},
): PsiResult {
  const binning = options.binning === 'uniform' ? 'reference-equal-width' : 'reference-quantiles';
  const t = binnedCounts(reference, current, binning, options);
  if (t.n.reference === 0 || t.n.current === 0) throw new RangeError('psi: empty sample');
  return {
    value: populationStabilityIndex(t.reference, t.current),
    bins: t.reference.length,
    binning: t.binning,
    epsilon: PSI_EPSILON,
    log: 'natural',
  };
}
