// Every statistic against the values scipy 1.17.1 and numpy computed on the same seeded samples
// (test/fixtures/stats/make_golden.py), to 1e-9 relative.
import { describe, expect, it } from 'vitest';
import { binnedCounts } from '../../../src/core/stats/binnedCounts.ts';
import { chiSquare } from '../../../src/core/stats/chiSquare.ts';
import { evidentlyDrift } from '../../../src/core/stats/evidentlyDrift.ts';
import { hellinger } from '../../../src/core/stats/hellinger.ts';
import { hellingerDistance } from '../../../src/core/stats/hellingerDistance.ts';
import { jensenShannon } from '../../../src/core/stats/jensenShannon.ts';
import { ks } from '../../../src/core/stats/ks.ts';
import { kstwoSf } from '../../../src/core/stats/kstwoSf.ts';
import { lInfinity } from '../../../src/core/stats/lInfinity.ts';
import { populationStabilityIndex } from '../../../src/core/stats/populationStabilityIndex.ts';
import { proportionZTest } from '../../../src/core/stats/proportionZTest.ts';
import { psi } from '../../../src/core/stats/psi.ts';
import { smirnovSf } from '../../../src/core/stats/smirnovSf.ts';
import { wasserstein } from '../../../src/core/stats/wasserstein.ts';
import { golden, num, relativeError, TOLERANCE } from './golden.ts';

function expectClose(actual: number, expected: number, what: string): void {
  const error = relativeError(actual, expected);
  expect(error, `${what}: got ${actual}, scipy ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

describe('golden values', () => {
  it('were made by scipy 1.17.1', () => {
    expect(golden.versions.scipy).toBe('1.17.1');
  });
});

describe('ks(reference, current) matches scipy.stats.ks_2samp (method "auto")', () => {
  for (const c of golden.ks) {
    it(`${c.name}: ${c.method}`, () => {
      const r = ks(c.reference, c.current);
      expect(r.method).toBe(c.method);
      expectClose(r.statistic, c.statistic, 'statistic');
      expectClose(r.pvalue, c.pvalue, 'p-value');
      expect(r.n).toEqual({ reference: c.reference.length, current: c.current.length });
    });
  }
});

describe('kstwoSf(d, n) matches scipy.stats.kstwo.sf on every branch', () => {
  for (const n of [...new Set(golden.kstwo.map((c) => c.n))]) {
    it(`n = ${n}`, () => {
      for (const c of golden.kstwo.filter((c) => c.n === n))
        expectClose(kstwoSf(c.d, n), num(c.sf), `d = ${c.d}`);
    });
  }
});

describe('smirnovSf(n, x) matches scipy.special.smirnov', () => {
  for (const n of [...new Set(golden.smirnov.map((c) => c.n))]) {
    it(`n = ${n}`, () => {
      for (const c of golden.smirnov.filter((c) => c.n === n))
        expectClose(smirnovSf(n, c.x), num(c.sf), `x = ${c.x}`);
    });
  }
});

describe('wasserstein(reference, current) matches scipy.stats.wasserstein_distance', () => {
  for (const c of golden.wasserstein) {
    it(c.name, () => {
      const r = wasserstein(c.reference, c.current);
      expectClose(r.value, c.value, 'distance');
      expectClose(r.referenceStd, c.referenceStd, 'numpy.std (ddof=0)');
      expectClose(r.normalized, c.normalized, 'normalised');
    });
  }
});

describe('binned statistics match their numpy reference formulas', () => {
  for (const c of golden.binned) {
    it(c.name, () => {
      const js = jensenShannon(c.reference, c.current);
      expect(js).toMatchObject({ base: 2, bins: 10, binning: 'combined-equal-width' });
      expectClose(js.value, c.jensenShannon, 'jensenShannon (scipy jensenshannon, base 2)');
      expectClose(hellinger(c.reference, c.current).value, c.hellinger, 'hellinger');
      expectClose(psi(c.reference, c.current).value, c.psiQuantile, 'psi at reference deciles');
      expectClose(psi(c.reference, c.current, { binning: 'uniform' }).value, c.psiUniform, 'psi equal-width');
    });
  }
});

describe('hellingerDistance(p, q) and populationStabilityIndex(r, c) on bin counts match the same references', () => {
  for (const c of golden.binned) {
    it(c.name, () => {
      const shared = binnedCounts(c.reference, c.current, 'combined-equal-width');
      expectClose(hellingerDistance(shared.reference, shared.current), c.hellinger, 'hellinger');
      const deciles = binnedCounts(c.reference, c.current, 'reference-quantiles');
      expectClose(populationStabilityIndex(deciles.reference, deciles.current), c.psiQuantile, 'psi');
    });
  }
  for (const c of golden.categorical) {
    it(c.name, () => {
      const t = binnedCounts(c.reference, c.current, 'combined-equal-width');
      expect(t.binning).toBe('categories');
      expectClose(hellingerDistance(t.reference, t.current), c.hellinger, 'hellinger');
      expectClose(populationStabilityIndex(t.reference, t.current), c.psi, 'psi');
    });
  }
});

describe('categorical statistics match scipy.stats.chi2_contingency and numpy', () => {
  for (const c of golden.categorical) {
    it(c.name, () => {
      const chi = chiSquare(c.reference, c.current);
      expect(chi.dof).toBe(c.chiSquare.dof);
      expect(chi.correction).toBe(c.chiSquare.dof === 1);
      expectClose(chi.statistic, num(c.chiSquare.statistic), 'chi-square statistic');
      expectClose(chi.pvalue, num(c.chiSquare.pvalue), 'chi-square p-value');
      expectClose(lInfinity(c.reference, c.current).value, c.lInfinity, 'lInfinity');
      const js = jensenShannon(c.reference, c.current);
      expect(js).toMatchObject({ base: 2, bins: c.categories.length, binning: 'categories' });
      expectClose(js.value, c.jensenShannon, 'jensenShannon');
      expectClose(hellinger(c.reference, c.current).value, c.hellinger, 'hellinger');
      expectClose(psi(c.reference, c.current).value, c.psi, 'psi');
    });
  }
});

describe('proportionZTest(reference, current) matches the pooled z-test with scipy.stats.norm', () => {
  for (const c of golden.zTest) {
    it(`${c.reference.join('/')} vs ${c.current.join('/')}`, () => {
      const r = proportionZTest(
        { successes: c.reference[0], n: c.reference[1] },
        { successes: c.current[0], n: c.current[1] },
      );
      expectClose(r.statistic, c.statistic, 'z');
      expectClose(r.pvalue, c.pvalue, '2 * norm.sf(|z|)');
      // Evidently's 2 * (1 - cdf) agrees to the rounding of 1 - cdf.
      expect(Math.abs(r.pvalue - c.pvalueEvidently)).toBeLessThan(1e-15);
    });
  }
});

describe("evidentlyDrift(reference, current) picks Evidently's test and verdict", () => {
  for (const c of golden.evidently) {
    it(c.name, () => {
      const r =
        c.kind === 'cat'
          ? evidentlyDrift(c.reference as string[], c.current as string[])
          : evidentlyDrift(c.reference as number[], c.current as number[]);
      expect(r.test).toBe(c.test);
      expect(r.drift).toBe(c.drift);
      expect(r.threshold).toBe(c.threshold);
      if (r.test === 'z') expect(Math.abs(r.value - num(c.value))).toBeLessThan(1e-15);
      else expectClose(r.value, num(c.value), r.test);
    });
  }
});
