// Loop-health measures on cases small enough to compute by hand, and the rolling exposure window.
// The recommender's own-log loop seen through them (exposureGini, homogenization) is measured with
// the rest of that loop in test/core/engine/feedback-loop.test.ts, on the same runs.
import { describe, expect, it } from 'vitest';
import { stream } from '../../../src/core/rng.ts';
import {
  coverage,
  ExposureWindow,
  gini,
  homogenization,
  jaccard,
  meanJaccard,
  overlapScratch,
} from '../../../src/core/world/loop-health.ts';

const scratch = new Float64Array(64);

describe('gini(values, n, scratch)', () => {
  it('is 0 when exposure is equal', () => {
    expect(gini([5, 5, 5, 5], 4, scratch)).toBe(0);
  });

  it('is (n - 1) / n when one entry has everything, wherever it sits', () => {
    expect(gini([0, 0, 7, 0], 4, scratch)).toBeCloseTo(3 / 4, 12);
    expect(gini([9, 0, 0, 0, 0], 5, scratch)).toBeCloseTo(4 / 5, 12);
  });

  it('matches the mean absolute difference formula on an uneven case', () => {
    // [1, 2, 3, 4]: sum_i sum_j |xi - xj| = 20, G = 20 / (2 n^2 mean) = 20 / (2 * 16 * 2.5) = 0.25.
    expect(gini([4, 1, 3, 2], 4, scratch)).toBeCloseTo(0.25, 12);
  });

  it('reads only the first n values and leaves them untouched', () => {
    const xs = [3, 1, 2, 100];
    expect(gini(xs, 3, scratch)).toBeCloseTo(gini([1, 2, 3], 3, scratch), 12);
    expect(xs).toEqual([3, 1, 2, 100]);
  });

  it('is NaN with nothing to share (n = 0 or all zeros)', () => {
    expect(gini([], 0, scratch)).toBeNaN();
    expect(gini([0, 0], 2, scratch)).toBeNaN();
  });

  it('sorts correctly whatever the order (heapsort against a reference)', () => {
    const r = stream(1, 'test.gini');
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + r.int(60);
      const xs = Array.from({ length: n }, () => r.int(10));
      const sorted = [...xs].sort((a, b) => a - b);
      const total = sorted.reduce((a, b) => a + b, 0);
      const ref =
        total > 0 ? sorted.reduce((a, x, i) => a + (2 * (i + 1) - n - 1) * x, 0) / (n * total) : NaN;
      const got = gini(xs, n, scratch);
      if (Number.isNaN(ref)) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(ref, 12);
    }
  });

  it('refuses a scratch that is too small', () => {
    expect(() => gini([1, 2, 3], 3, new Float64Array(2))).toThrow(RangeError);
  });
});

describe('coverage(counts, n)', () => {
  it('is the share of entries with a positive count', () => {
    expect(coverage([0, 2, 0, 1], 4)).toBe(0.5);
    expect(coverage([1, 1], 2)).toBe(1);
    expect(coverage([], 0)).toBeNaN();
  });
});

describe('jaccard and meanJaccard', () => {
  it('jaccard({1,2,3}, {2,3,4}) = 2 / 4', () => {
    expect(jaccard([1, 2, 3], 0, 3, [2, 3, 4], 0, 3)).toBe(0.5);
  });

  it('is 1 for equal sets, 0 for disjoint ones, NaN for two empty ones', () => {
    expect(jaccard([1, 5], 0, 2, [1, 5], 0, 2)).toBe(1);
    expect(jaccard([1], 0, 1, [2], 0, 1)).toBe(0);
    expect(jaccard([], 0, 0, [], 0, 0)).toBeNaN();
  });

  it('meanJaccard averages over pairs of non-empty sets', () => {
    // A = {1,2}, B = {2,3}, C = {} (left out), D = {1,2}: J(A,B) = 1/3, J(A,D) = 1, J(B,D) = 1/3.
    const offsets = [0, 2, 4, 4, 6];
    const ids = [1, 2, 2, 3, 1, 2];
    expect(meanJaccard(offsets, ids, 4)).toBeCloseTo((1 / 3 + 1 + 1 / 3) / 3, 12);
  });
});

describe('homogenization(user, item, n, users, items, scratch)', () => {
  const sc = overlapScratch(8, 8, 64);

  it('is 1 when everyone was shown the same items, duplicates and order aside', () => {
    const user = [0, 1, 0, 2, 1, 2, 0];
    const item = [3, 4, 4, 3, 3, 4, 3];
    expect(homogenization(user, item, 7, 3, 8, sc)).toBe(1);
  });

  it('is 0 when no two users share an item', () => {
    expect(homogenization([0, 1, 2], [1, 2, 3], 3, 3, 8, sc)).toBe(0);
  });

  it('pools the pairs: sum |A ∩ B| / sum |A ∪ B| (hand-computed)', () => {
    // A = {1,2}, B = {2,3}, D = {1,2} (user 2 has no entries): intersections 1 + 2 + 1 = 4,
    // unions 3 + 2 + 3 = 8, so 0.5 (the mean of ratios, meanJaccard, would be 5/9).
    const user = [0, 0, 1, 1, 3, 3];
    const item = [1, 2, 2, 3, 1, 2];
    expect(homogenization(user, item, 6, 4, 8, sc)).toBe(0.5);
  });

  it('is NaN with fewer than two users shown anything', () => {
    expect(homogenization([2, 2], [1, 5], 2, 4, 8, sc)).toBeNaN();
  });

  it('agrees with meanJaccard when all sets have the same size and overlap alike', () => {
    // Three users, sets of size 2 with pairwise overlap 1: {0,1}, {1,2}, {2,0}: every J = 1/3.
    const user = [0, 0, 1, 1, 2, 2];
    const item = [0, 1, 1, 2, 2, 0];
    expect(homogenization(user, item, 6, 3, 8, sc)).toBeCloseTo(1 / 3, 12);
    expect(meanJaccard([0, 2, 4, 6], [0, 1, 1, 2, 0, 2], 3)).toBeCloseTo(1 / 3, 12);
  });

  it('refuses a scratch that is too small', () => {
    expect(() => homogenization([0, 1], [0, 9], 2, 2, 10, sc)).toThrow(RangeError);
  });
});

describe('ExposureWindow', () => {
  it('counts impressions per user and item over the last `ticks` ticks', () => {
    const w = new ExposureWindow(2, 3, 4);
    w.advance(0);
    w.add(0, 1);
    w.add(1, 1);
    w.advance(1);
    w.add(0, 2);
    expect(Array.from(w.itemCount)).toEqual([0, 2, 1, 0]);
    expect(Array.from(w.userCount)).toEqual([2, 1, 0]);
    expect(w.size).toBe(3);
    w.advance(2); // tick 0 leaves the window
    expect(Array.from(w.itemCount)).toEqual([0, 0, 1, 0]);
    expect(Array.from(w.userCount)).toEqual([1, 0, 0]);
    w.add(2, 3);
    const user = new Int32Array(8);
    const item = new Int32Array(8);
    expect(w.entries(user, item)).toBe(2);
    const pairs = [0, 1].map((k) => `${user[k]}:${item[k]}`).sort();
    expect(pairs).toEqual(['0:2', '2:3']);
  });

  it('grows past its initial capacity', () => {
    const w = new ExposureWindow(3, 1, 1);
    w.advance(0);
    for (let e = 0; e < 500; e++) w.add(e % 7, e % 11);
    expect(w.size).toBe(500);
    expect(w.userCount.reduce((a, b) => a + b, 0)).toBe(500);
    expect(w.itemCount[10]).toBe(45);
  });
});
