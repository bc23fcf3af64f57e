import { describe, expect, it } from 'vitest';
import { binnedAuc, logLoss, normalisedEntropy } from '../../../src/core/engine/measure.ts';
import { stream } from '../../../src/core/rng.ts';

/** Exact AUC by pairs (Mann-Whitney), ties counting one half. */
function exactAuc(scores: number[], labels: number[]): number {
  let num = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (labels[i] === 1 && labels[j] === 0) {
        pairs++;
        num += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
      }
    }
  }
  return num / pairs;
}

describe('binnedAuc', () => {
  const bins = new Float64Array(2 * 4096);

  it('matches the exact pairwise AUC within 1e-3 on hard labels', () => {
    const r = stream(1, 'auc');
    const scores: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const y = r.next() < 0.3 ? 1 : 0;
      labels.push(y);
      scores.push(1 / (1 + Math.exp(-(r.normal() + (y ? 0.8 : 0)))));
    }
    expect(Math.abs(binnedAuc(scores, labels, 2000, bins) - exactAuc(scores, labels))).toBeLessThan(1e-3);
  });

  it('with soft labels equals the expected AUC over outcomes drawn from them', () => {
    const r = stream(2, 'auc');
    const n = 300;
    const scores = Array.from({ length: n }, () => r.next());
    const p = scores.map((s) => 0.1 + 0.6 * s);
    const soft = binnedAuc(scores, p, n, bins);
    let sum = 0;
    const reps = 400;
    for (let k = 0; k < reps; k++) {
      const labels = p.map((q) => (r.next() < q ? 1 : 0));
      sum += exactAuc(scores, labels);
    }
    // Soft AUC is the ratio of expectations; the mean of ratios differs by O(1/n): allow 0.01.
    expect(Math.abs(soft - sum / reps)).toBeLessThan(0.01);
  });

  it('is 1 for a perfect ranking, 0.5 for constant scores, NaN with one class', () => {
    expect(binnedAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 4, bins)).toBe(1);
    expect(binnedAuc([0.5, 0.5, 0.5], [0, 1, 1], 3, bins)).toBe(0.5);
    expect(binnedAuc([0.2, 0.3], [1, 1], 2, bins)).toBeNaN();
  });
});

describe('logLoss and normalisedEntropy', () => {
  it('logLoss is the cross-entropy, clipped away from 0 and 1', () => {
    expect(logLoss(1, 0.5)).toBeCloseTo(Math.LN2, 12);
    expect(logLoss(0.3, 0.3)).toBeCloseTo(-(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)), 12);
    // Clipped to [1e-7, 1 - 1e-7]: a confident miss costs -log(1e-7), not Infinity.
    expect(logLoss(1, 0)).toBeCloseTo(-Math.log(1e-7), 6);
    expect(logLoss(0, 1)).toBeCloseTo(-Math.log(1e-7), 6);
    expect(logLoss(1, -0.5)).toBe(logLoss(1, 0));
    expect(logLoss(0, 2)).toBe(logLoss(0, 1));
  });

  it('normalisedEntropy is 1 for an even spread and 0 for a single value', () => {
    expect(normalisedEntropy([5, 5, 5, 5])).toBeCloseTo(1, 12);
    expect(normalisedEntropy([0, 9, 0])).toBe(0);
  });
});
