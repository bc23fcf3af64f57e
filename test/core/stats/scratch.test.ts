// With a StatsScratch the window statistics reuse its buffers: same answers, no copies of the window.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { binSamples } from '../../../src/core/stats/binSamples.ts';
import { hellinger } from '../../../src/core/stats/hellinger.ts';
import { jensenShannon } from '../../../src/core/stats/jensenShannon.ts';
import { ks } from '../../../src/core/stats/ks.ts';
import { psi } from '../../../src/core/stats/psi.ts';
import { sortedSample } from '../../../src/core/stats/sortedSample.ts';
import { statsScratch } from '../../../src/core/stats/statsScratch.ts';
import { wasserstein } from '../../../src/core/stats/wasserstein.ts';

function window(seed: number, n: number, mean: number): Float64Array {
  const rng = new Rng(seed, 'stats.scratch');
  return Float64Array.from({ length: n }, () => rng.normal(mean, 1));
}

describe('statsScratch(capacity) buffers give the same results as fresh allocations', () => {
  const scratch = statsScratch(500);
  for (const [n1, n2] of [
    [500, 500],
    [200, 350],
    [37, 500],
  ] as const) {
    it(`${n1} vs ${n2}`, () => {
      const a = window(n1, n1, 0);
      const b = window(n2 + 1, n2, 0.2);
      // Each answer is the fresh one, and the work was done in the scratch's buffers.
      expect(ks(a, b, { scratch })).toEqual(ks(a, b));
      expect(scratch.reference.subarray(0, n1)).toEqual(sortedSample(a));
      expect(scratch.current.subarray(0, n2)).toEqual(sortedSample(b));
      expect(wasserstein(a, b, { scratch })).toEqual(wasserstein(a, b));
      const combined = binSamples(a, b, 'combined-equal-width');
      expect(jensenShannon(a, b, { scratch })).toEqual(jensenShannon(a, b));
      expect(scratch.edges.subarray(0, 11)).toEqual(combined.edges);
      expect(scratch.referenceCounts).toEqual(combined.reference);
      expect(scratch.currentCounts).toEqual(combined.current);
      expect(hellinger(a, b, { scratch })).toEqual(hellinger(a, b));
      expect(psi(a, b, { scratch })).toEqual(psi(a, b));
      expect(scratch.edges.subarray(0, 11)).toEqual(binSamples(a, b, 'reference-quantiles').edges);
      expect(psi(a, b, { scratch, binning: 'uniform' })).toEqual(psi(a, b, { binning: 'uniform' }));
      expect(scratch.currentCounts).toEqual(binSamples(a, b, 'reference-equal-width').current);
    });
  }
  it('sorts into the scratch buffer, leaving the input untouched', () => {
    const a = Float64Array.from([3, 1, 2]);
    const s = statsScratch(3);
    const sorted = sortedSample(a, s.reference);
    expect(sorted).toBe(s.reference);
    expect(Array.from(sorted)).toEqual([1, 2, 3]);
    expect(Array.from(a)).toEqual([3, 1, 2]);
  });
  it('a window larger than the scratch is an error, not a silent reallocation', () => {
    expect(() => ks(window(1, 501, 0), window(2, 10, 0), { scratch })).toThrow(RangeError);
    expect(() => psi(window(1, 10, 0), window(2, 10, 0), { scratch: statsScratch(10, 5) })).toThrow(
      RangeError,
    );
  });
  it('rejects a bad capacity', () => {
    expect(() => statsScratch(0)).toThrow(RangeError);
  });
});
