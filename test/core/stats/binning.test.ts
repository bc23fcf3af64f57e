// The bin edges and counts every binned statistic and histogram shares.
import { describe, expect, it } from 'vitest';
import { binnedCounts } from '../../../src/core/stats/binnedCounts.ts';
import { binSamples } from '../../../src/core/stats/binSamples.ts';
import { categoryCounts } from '../../../src/core/stats/categoryCounts.ts';
import { equalWidthEdges } from '../../../src/core/stats/equalWidthEdges.ts';
import { hellingerDistance } from '../../../src/core/stats/hellingerDistance.ts';
import { histogram } from '../../../src/core/stats/histogram.ts';
import { populationStabilityIndex } from '../../../src/core/stats/populationStabilityIndex.ts';
import { quantileEdges } from '../../../src/core/stats/quantileEdges.ts';
import { sortedSample } from '../../../src/core/stats/sortedSample.ts';
import { golden } from './golden.ts';

describe('equalWidthEdges(lo, hi, bins) is numpy.histogram_bin_edges, bit for bit', () => {
  for (const c of golden.binned) {
    it(c.name, () => {
      const all = [...c.reference, ...c.current];
      const combined = equalWidthEdges(Math.min(...all), Math.max(...all), 10);
      expect(Array.from(combined)).toEqual(c.combinedEdges);
      const uniform = equalWidthEdges(Math.min(...c.reference), Math.max(...c.reference));
      expect(Array.from(uniform)).toEqual(c.uniformEdges);
    });
  }
  it('widens a zero-width range to +/- 0.5', () => {
    expect(Array.from(equalWidthEdges(2, 2, 4))).toEqual([1.5, 1.75, 2, 2.25, 2.5]);
  });
  it('rejects bad ranges and bin counts', () => {
    expect(() => equalWidthEdges(1, 0)).toThrow(RangeError);
    expect(() => equalWidthEdges(0, Number.NaN)).toThrow(RangeError);
    expect(() => equalWidthEdges(0, 1, 0)).toThrow(RangeError);
  });
});

describe('quantileEdges(sorted) is numpy.quantile(x, linspace(0, 1, 11)), bit for bit', () => {
  for (const c of golden.binned) {
    it(c.name, () => {
      expect(Array.from(quantileEdges(sortedSample(c.reference)))).toEqual(c.quantileEdges);
    });
  }
  it('one value: every edge is that value', () => {
    expect(Array.from(quantileEdges([7], 2))).toEqual([7, 7, 7]);
  });
});

describe('histogram(values, edges)', () => {
  it('bin k holds [e_k, e_k+1); the maximum lands in the last bin', () => {
    expect(Array.from(histogram([0, 1, 1.5, 2, 3, 4], [0, 1, 2, 3, 4]))).toEqual([1, 2, 1, 2]);
  });
  it('values outside the edges count in the first or last bin; NaN is skipped', () => {
    expect(Array.from(histogram([-5, 0.5, 9, Number.NaN], [0, 1, 2]))).toEqual([2, 1]);
  });
  it('repeated edges leave empty bins, a value on them goes to the highest', () => {
    expect(Array.from(histogram([1, 1, 0.5, 2.5], [0, 1, 1, 1, 3]))).toEqual([1, 0, 0, 3]);
  });
  it('writes into out, zeroing it first', () => {
    const out = new Float64Array([9, 9, 9]);
    expect(histogram([0.5], [0, 1, 2], out)).toBe(out);
    expect(Array.from(out)).toEqual([1, 0, 9]);
  });
});

describe('binSamples(reference, current, binning)', () => {
  it('combined-equal-width spans both samples', () => {
    const b = binSamples([0, 1, 2], [8, 10], 'combined-equal-width', { bins: 5 });
    expect(Array.from(b.edges)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(Array.from(b.reference)).toEqual([2, 1, 0, 0, 0]);
    expect(Array.from(b.current)).toEqual([0, 0, 0, 0, 2]);
    expect(b.n).toEqual({ reference: 3, current: 2 });
  });
  it('reference-equal-width keeps current values beyond the range in the end bins', () => {
    const b = binSamples([0, 10], [-3, 5, 30], 'reference-equal-width', { bins: 2 });
    expect(Array.from(b.edges)).toEqual([0, 5, 10]);
    expect(Array.from(b.current)).toEqual([1, 2]);
  });
  it("reference-quantiles uses numpy's decile edges, rounding included", () => {
    // numpy.quantile(arange(101), linspace(0, 1, 11)): 0.1 * 3 is 0.30000000000000004, so the edge is
    // 30.000000000000004 and the value 30 falls in the bin below it, exactly as in numpy.
    const ref = Float64Array.from({ length: 101 }, (_, i) => i);
    const b = binSamples(ref, [50], 'reference-quantiles');
    expect(Array.from(b.edges)).toEqual([
      0, 10, 20, 30.000000000000004, 40, 50, 60.00000000000001, 70, 80, 90, 100,
    ]);
    expect(Array.from(b.reference)).toEqual([10, 10, 11, 9, 10, 11, 9, 10, 10, 11]);
  });
});

describe('categoryCounts(reference, current)', () => {
  it('counts over the sorted union of categories', () => {
    const t = categoryCounts(['b', 'a', 'b'], ['c', 'b']);
    expect(t.categories).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.reference)).toEqual([1, 2, 0]);
    expect(Array.from(t.current)).toEqual([0, 1, 1]);
    expect(t.n).toEqual({ reference: 3, current: 2 });
  });
});

describe('binnedCounts(reference, current, binning)', () => {
  it('labels: one bin per category of either sample, in sorted order, whatever the binning', () => {
    const t = binnedCounts(['b', 'a', 'b'], ['c', 'b'], 'reference-quantiles');
    expect(t.binning).toBe('categories');
    expect(Array.from(t.reference)).toEqual([1, 2, 0]);
    expect(Array.from(t.current)).toEqual([0, 1, 1]);
    expect(t.n).toEqual({ reference: 3, current: 2 });
  });
  it("numbers: binSamples' bins and counts", () => {
    const t = binnedCounts([0, 1, 2], [8, 10, Number.NaN], 'combined-equal-width', { bins: 5 });
    expect(t.binning).toBe('combined-equal-width');
    expect(Array.from(t.reference)).toEqual([2, 1, 0, 0, 0]);
    expect(Array.from(t.current)).toEqual([0, 0, 0, 0, 2]);
    expect(t.n).toEqual({ reference: 3, current: 2 });
  });
});

describe('the weight-vector statistics: hellingerDistance(p, q), populationStabilityIndex(r, c)', () => {
  it('normalise their weights, skip bins empty on both sides, and are NaN when a side is empty', () => {
    expect(hellingerDistance([2, 0, 6], [1, 0, 3])).toBe(0);
    expect(hellingerDistance([1, 0], [0, 1])).toBe(1);
    expect(populationStabilityIndex([1, 0, 3], [2, 0, 2])).toBe(populationStabilityIndex([1, 3], [2, 2]));
    // A share of 0 on one side only counts as 1e-4: shares [1/2, 1/2] against [1, 1e-4].
    expect(populationStabilityIndex([1, 1], [2, 0])).toBeCloseTo(
      (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5),
      12,
    );
    expect(hellingerDistance([0, 0], [1, 2])).toBeNaN();
    expect(populationStabilityIndex([1, 2], [0, 0])).toBeNaN();
  });
});
