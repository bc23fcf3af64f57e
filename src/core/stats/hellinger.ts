// Hellinger distance sqrt(1 - sum_k sqrt(p_k q_k)) between the binned reference and current
// proportions (hellingerDistance), on the same bins as jensenShannon: 10 equal-width bins over both
// samples' range, or one per category.
import { binnedCounts } from './binnedCounts.ts';
import { hellingerDistance } from './hellingerDistance.ts';
import type { StatsScratch } from './statsScratch.ts';
import type { Binning, CategoricalSample, NumericSample } from './types.ts';

export interface HellingerOptions {
  /** Number of equal-width bins for numbers (default 10). */
  bins?: number;
  /** Preallocated edges and counts. */
  scratch?: StatsScratch;
}

export interface HellingerResult {
  value: number;
  bins: number;
  binning: Extract<Binning, 'combined-equal-width' | 'categories'>;
}

/** hellinger(reference, current, options?): Hellinger distance in [0, 1] on shared bins. */
export function hellinger(
  reference: NumericSample | CategoricalSample,
  current: NumericSample | CategoricalSample,
  options: HellingerOptions = {},
): HellingerResult {
  const t = binnedCounts(reference, current, 'combined-equal-width', options);
  if (t.n.reference === 0 || t.n.current === 0) throw new RangeError('hellinger: empty sample');
  return { value: hellingerDistance(t.reference, t.current), bins: t.reference.length, binning: t.binning };
}
