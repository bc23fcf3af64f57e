// The counts a binned statistic compares, whatever the samples hold: one bin per category for labels
// (categoryCounts), else the numeric bins of binSamples. Jensen-Shannon, Hellinger and PSI all start
// here, so they agree on what a bin is.
import { type BinOptions, binSamples } from './binSamples.ts';
import { categoryCounts } from './categoryCounts.ts';
import type { Binning, CategoricalSample, NumericSample } from './types.ts';

export type NumericBinning = Exclude<Binning, 'categories'>;

export interface BinnedCounts<B extends NumericBinning> {
  binning: B | 'categories';
  /** Reference count per bin (or category). */
  reference: Float64Array;
  /** Current count per bin (or category). */
  current: Float64Array;
  /** Values counted in each sample (NaN values are skipped). */
  n: { reference: number; current: number };
}

/**
 * binnedCounts(reference, current, binning, options?): both samples' counts per category when either
 * holds labels, else per numeric bin of the given binning.
 */
export function binnedCounts<B extends NumericBinning>(
  reference: NumericSample | CategoricalSample,
  current: NumericSample | CategoricalSample,
  binning: B,
  options: BinOptions = {},
): BinnedCounts<B> {
  if (typeof reference[0] === 'string' || typeof current[0] === 'string') {
    const t = categoryCounts(reference as CategoricalSample, current as CategoricalSample);
    return { binning: 'categories', reference: t.reference, current: t.current, n: t.n };
  }
  const b = binSamples(reference as NumericSample, current as NumericSample, binning, options);
  return { binning, reference: b.reference, current: b.current, n: b.n };
}
