// `driftlab compare`: the statistics it prints are scipy's (same golden values as the core tests),
// numeric or categorical is read from the data, and bad input is one line with exit code 2.
import { afterAll, describe, expect, it } from 'vitest';
import { golden, relativeError } from '../core/stats/golden.ts';
import { cli, tempDir } from './helpers.ts';

const tmp = tempDir('driftlab-compare-');
afterAll(() => tmp.remove());

function csv(name: string, header: string, cells: (string | number)[]): string {
  // String(number) is the shortest text that parses back to the same double.
  return tmp.write(name, `${header}\n${cells.map(String).join('\n')}\n`);
}

const close = (actual: number, expected: number) =>
  expect(relativeError(actual, expected)).toBeLessThanOrEqual(1e-9);

describe('driftlab compare --json, numeric', () => {
  const c = golden.ks.find((k) => k.name === '60 vs 60 normal, shifted by 0.5')!;
  const ref = csv('ref.csv', 'x', c.reference);
  const cur = csv('cur.csv', 'x', c.current);

  it("reports every statistic with its convention and scipy's values", async () => {
    const { code, stdout, stderr } = await cli('compare', ref, cur, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      'kind',
      'column',
      'n',
      'missing',
      'ks',
      'wasserstein',
      'jensenShannon',
      'psi',
      'hellinger',
      'evidently',
    ]);
    expect(json.kind).toBe('numeric');
    expect(json.column).toEqual({ reference: 'x', current: 'x' });
    expect(json.n).toEqual({ reference: 60, current: 60 });
    expect(json.ks).toMatchObject({ method: 'exact', alternative: 'two-sided' });
    close(json.ks.statistic, c.statistic);
    close(json.ks.pvalue, c.pvalue);
    expect(json.wasserstein.normalizer).toBe('max(std(reference, ddof=0), 0.001)');
    expect(json.jensenShannon).toMatchObject({ base: 2, bins: 10, binning: 'combined-equal-width' });
    expect(json.psi.quantile).toMatchObject({
      bins: 10,
      binning: 'reference-quantiles',
      epsilon: 1e-4,
      log: 'natural',
    });
    expect(json.psi.uniform).toMatchObject({ bins: 10, binning: 'reference-equal-width' });
    expect(json.hellinger).toMatchObject({ bins: 10, binning: 'combined-equal-width' });
    // 60 reference rows: Evidently picks KS, drift when p < 0.05.
    expect(json.evidently).toEqual({
      test: 'ks',
      value: json.ks.pvalue,
      drift: c.pvalue < 0.05,
      threshold: 0.05,
    });
  });

  it('binned statistics equal the numpy reference formulas', async () => {
    const b = golden.binned.find((x) => x.name === '200 vs 300 normal, scale 2')!;
    const { stdout } = await cli(
      'compare',
      csv('b1.csv', 'v', b.reference),
      csv('b2.csv', 'v', b.current),
      '--json',
    );
    const json = JSON.parse(stdout);
    close(json.jensenShannon.value, b.jensenShannon);
    close(json.hellinger.value, b.hellinger);
    close(json.psi.quantile.value, b.psiQuantile);
    close(json.psi.uniform.value, b.psiUniform);
  });

  it('--column picks the same column in both files', async () => {
    const r = tmp.write('two-columns-ref.csv', 'id,score\n1,0.5\n2,0.7\n3,0.9\n');
    const k = tmp.write('two-columns-cur.csv', 'score,id\n0.1,1\n0.2,2\n');
    const { code, stdout } = await cli('compare', r, k, '--column', 'score', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.n).toEqual({ reference: 3, current: 2 });
    expect(json.ks.statistic).toBe(1);
  });
});

describe('driftlab compare, categorical', () => {
  const c = golden.categorical.find((x) => x.name === '5 categories, 400 vs 300')!;
  const ref = csv('cat-ref.csv', 'country', c.reference);
  const cur = csv('cat-cur.csv', 'country', c.current);

  it('is detected from the data and matches scipy.stats.chi2_contingency', async () => {
    const { code, stdout } = await cli('compare', ref, cur, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      'kind',
      'column',
      'n',
      'missing',
      'chiSquare',
      'lInfinity',
      'jensenShannon',
      'psi',
      'evidently',
    ]);
    expect(json.kind).toBe('categorical');
    expect(json.chiSquare).toMatchObject({ dof: 4, correction: false, categories: 5 });
    close(json.chiSquare.statistic, Number(c.chiSquare.statistic));
    close(json.chiSquare.pvalue, Number(c.chiSquare.pvalue));
    close(json.lInfinity.value, c.lInfinity);
    expect(json.jensenShannon).toMatchObject({ base: 2, bins: 5, binning: 'categories' });
    close(json.jensenShannon.value, c.jensenShannon);
    close(json.psi.value, c.psi);
    expect(json.evidently).toMatchObject({ test: 'chisquare', threshold: 0.05 });
  });

  it('--categorical compares numbers as labels', async () => {
    const r = csv('codes-ref.csv', 'code', [1, 1, 2, 2]);
    const k = csv('codes-cur.csv', 'code', [1, 2, 2, 2]);
    const { stdout } = await cli('compare', r, k, '--categorical', '--json');
    const json = JSON.parse(stdout);
    expect(json.kind).toBe('categorical');
    // Two categories: dof 1, so scipy's default Yates correction applies.
    expect(json.chiSquare).toMatchObject({ dof: 1, correction: true });
    // Binary: Evidently's two-proportion z-test.
    expect(json.evidently.test).toBe('z');
  });

  it('skips empty cells and counts them as missing', async () => {
    // A blank line is skipped by the CSV reader; an empty cell in a row is a missing value.
    const r = csv('gaps-ref.csv', 'c,id', ['a,1', ',2', 'b,3', 'b,4']);
    const k = csv('gaps-cur.csv', 'c,id', ['a,1', 'a,2', ',3', ',4']);
    const { stdout } = await cli('compare', r, k, '--json');
    const json = JSON.parse(stdout);
    expect(json.n).toEqual({ reference: 3, current: 2 });
    expect(json.missing).toEqual({ reference: 1, current: 2 });
  });

  it('prints a table with the usual readings', async () => {
    const { code, stdout } = await cli('compare', ref, cur);
    expect(code).toBe(0);
    expect(stdout).toContain('categorical, 400 vs 300 values');
    expect(stdout).toMatch(/^chi-square +\S+ +p = \S+: (drift|no drift) +2 x 5 table, dof 4 \(scipy\)$/m);
    expect(stdout).toMatch(/^l-infinity /m);
    expect(stdout).toMatch(/^psi .*(stable|warning|alarm)/m);
    expect(stdout).toContain("Evidently's automatic test: chisquare");
  });
});

describe('driftlab compare, human output (numeric)', () => {
  it('names each statistic, its value and convention', async () => {
    const c = golden.ks.find((k) => k.name === '500 vs 700 rounded normal')!;
    const { code, stdout, stderr } = await cli(
      'compare',
      csv('h1.csv', 'x', c.reference),
      csv('h2.csv', 'x', c.current),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('numeric, 500 vs 700 values');
    for (const row of [
      'ks',
      'wasserstein',
      '  normalised',
      'jensen-shannon',
      'psi',
      '  equal-width',
      'hellinger',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${row} `, 'm'));
    }
    expect(stdout).toContain('two-sided, exact p-value (scipy)');
    expect(stdout).toContain("Evidently's automatic test: ks");
  });
});

describe('driftlab compare: bad input is one line on stderr and exit code 2', () => {
  const good = csv('good.csv', 'x', [1, 2, 3]);
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => [good, tmp.file('nope.csv')], /nope\.csv: no such CSV file/],
    ['an empty file', () => [csv('empty.csv', '', []), good], /empty\.csv: empty file/],
    [
      'a header without rows',
      () => [good, csv('header-only.csv', 'x', [])],
      /header-only\.csv: no data rows/,
    ],
    [
      'an unknown column',
      () => [good, good, '--column', 'y'],
      /good\.csv: no column "y" \(the header has: x\)/,
    ],
    [
      'a non-numeric cell in the current file when the reference is numeric',
      () => [good, csv('mixed.csv', 'x', [4, 'five', 6])],
      /mixed\.csv line 3: column "x": expected a number, got "five" \(.*good\.csv is numeric; pass --categorical/,
    ],
    [
      'a non-numeric cell in the reference file when the current is numeric',
      () => [csv('mixed-ref.csv', 'x,y', ['4,1', '5,2', ',3']), good],
      /mixed-ref\.csv line 4: column "x": expected a number, got "" \(.*good\.csv is numeric; pass --categorical/,
    ],
    ['one file only', () => [good], /compare: expected <reference\.csv> <current\.csv>, got 1 argument/],
    ['an unknown option', () => [good, good, '--bins', '5'], /Unknown option '--bins'/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const { code, stdout, stderr } = await cli('compare', ...args());
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});

describe('driftlab compare --help', () => {
  it('prints the usage', async () => {
    const { code, stdout } = await cli('compare', '--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: driftlab compare <reference\.csv> <current\.csv>/);
  });
  it('is listed by driftlab --help', async () => {
    const { stdout } = await cli('--help');
    expect(stdout).toMatch(/^ {2}compare +compare a column of two CSV files/m);
  });
});
