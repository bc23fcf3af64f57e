// The window monitors: featureDrift (per field, and on the score: prediction drift) and datasetDrift.
// Their statistics are the ones scipy computes (the golden values of test/fixtures/stats, made by
// scipy 1.17.1), read through the monitor from hand-made ticks; their windows, subsamples, rows,
// thresholds and alarms behave as documented; and in the simulation a preference shift moves the
// feature it moves.
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/core/engine/run.ts';
import { categoricalStatistic } from '../../../src/core/monitors/drift-window.ts';
import { ALARM, OK, WARNING } from '../../../src/core/monitors/types.ts';
import { validateScenario } from '../../../src/core/scenario/validate.ts';
import { chiSquare } from '../../../src/core/stats/chiSquare.ts';
import { hellinger } from '../../../src/core/stats/hellinger.ts';
import { jensenShannon } from '../../../src/core/stats/jensenShannon.ts';
import { lInfinity } from '../../../src/core/stats/lInfinity.ts';
import { psi } from '../../../src/core/stats/psi.ts';
import { wasserstein } from '../../../src/core/stats/wasserstein.ts';
import { UNSEEN } from '../../../src/core/world/types.ts';
import { defaultScenarioJson } from '../../support/scenarios.ts';
import { golden, num, relativeError, TOLERANCE } from '../stats/golden.ts';
import { codes, monitor, normals, reference, tick } from './tick-inputs.ts';

const NUM = { numeric: ['x'], categorical: [] };

function close(actual: number, expected: number, what: string): void {
  expect(relativeError(actual, expected), `${what}: got ${actual}, scipy ${expected}`).toBeLessThanOrEqual(
    TOLERANCE,
  );
}

/** The monitor's statistic for one reference and one tick of current data (every row kept). */
function once(config: Record<string, unknown>, ref: number[], cur: number[]): number {
  const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', sample: 100_000, ...config });
  const r = reference(NUM, { numeric: [ref] });
  mon.update(tick(NUM, r, { numeric: [cur] }));
  return mon.statistic;
}

describe('featureDrift reads the statistics scipy computes (golden values, 1e-9 relative)', () => {
  it('ks: the p-value of scipy.stats.ks_2samp (exact and asymptotic)', () => {
    for (const c of golden.ks.filter((c) => c.reference.length * c.current.length <= 4e7)) {
      close(once({ statistic: 'ks' }, c.reference, c.current), c.pvalue, c.name);
    }
  });
  it("wasserstein: scipy's distance over max(std(reference), 0.001), Evidently's normalised value", () => {
    for (const c of golden.wasserstein)
      close(once({ statistic: 'wasserstein' }, c.reference, c.current), c.normalized, c.name);
  });
  it('jensenShannon (base 2), hellinger and psi (reference deciles) on the shared bins', () => {
    for (const c of golden.binned) {
      close(once({ statistic: 'jensenShannon' }, c.reference, c.current), c.jensenShannon, `${c.name} js`);
      close(once({ statistic: 'hellinger' }, c.reference, c.current), c.hellinger, `${c.name} hellinger`);
      close(once({ statistic: 'psi' }, c.reference, c.current), c.psiQuantile, `${c.name} psi`);
    }
  });
  it('categories (as codes): chi2_contingency p-value, lInfinity, jensenShannon, hellinger, psi', () => {
    for (const c of golden.categorical) {
      const schema = { numeric: [], categorical: [{ name: 'x', domain: c.categories }] };
      const toCodes = (xs: string[]) => xs.map((x) => c.categories.indexOf(x));
      const r = reference(schema, { cats: [toCodes(c.reference)] });
      const read = (statistic: string) => {
        const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', sample: 100_000, statistic });
        mon.update(tick(schema, r, { cats: [toCodes(c.current)] }));
        return mon.statistic;
      };
      close(read('chiSquare'), num(c.chiSquare.pvalue), `${c.name} chi-square`);
      close(read('lInfinity'), c.lInfinity, `${c.name} lInfinity`);
      close(read('jensenShannon'), c.jensenShannon, `${c.name} js`);
      close(read('hellinger'), c.hellinger, `${c.name} hellinger`);
      close(read('psi'), c.psi, `${c.name} psi`);
    }
  });
  it('categoricalStatistic on counts equals the library on labels (UNSEEN a category of its own)', () => {
    const ref = ['a', 'a', 'b', 'c', 'c', 'c', 'a', 'b'];
    const cur = ['a', 'b', 'b', 'new', 'new', 'c', 'b'];
    const count = (xs: string[]) => ['a', 'b', 'c', 'd', 'new'].map((k) => xs.filter((x) => x === k).length);
    const [r, c] = [count(ref), count(cur)];
    // chiSquare sums the same terms in another order; the others are the library's own arithmetic.
    expect(categoricalStatistic('chiSquare', r, c)).toBeCloseTo(chiSquare(ref, cur).pvalue, 14);
    expect(categoricalStatistic('psi', r, c)).toBe(psi(ref, cur).value);
    expect(categoricalStatistic('jensenShannon', r, c)).toBe(jensenShannon(ref, cur).value);
    expect(categoricalStatistic('hellinger', r, c)).toBe(hellinger(ref, cur).value);
    expect(categoricalStatistic('lInfinity', r, c)).toBe(lInfinity(ref, cur).value);
    // Missing values are not a category: dropped on both sides, as Evidently drops NaN.
    const schema = { numeric: [], categorical: [{ name: 'x', domain: ['a', 'b'] }] };
    const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', statistic: 'lInfinity' });
    mon.update(tick(schema, reference(schema, { cats: [[0, 1, -1, -1]] }), { cats: [[0, 1, UNSEEN, -1]] }));
    expect(mon.statistic).toBeCloseTo(1 / 3, 14); // UNSEEN takes a third of the current values
  });
});

describe('featureDrift: defaults, thresholds and alarms', () => {
  it("picks Evidently's statistic from the reference size and MONITORS.md's levels", () => {
    const cases = [
      [{ input: 'x' }, 1000, 'ks', Number.NaN, 0.05],
      [{ input: 'x' }, 1001, 'wasserstein', Number.NaN, 0.1],
      [{ input: 'c' }, 1000, 'chiSquare', Number.NaN, 0.05],
      [{ input: 'c' }, 1001, 'jensenShannon', Number.NaN, 0.1],
      [{ input: 'x', statistic: 'psi' }, 50, 'psi', 0.1, 0.25],
      [{ input: 'x', statistic: 'hellinger', alarm: 0.3, warn: 0.2 }, 50, 'hellinger', 0.2, 0.3],
    ] as const;
    const schema = { numeric: ['x'], categorical: [{ name: 'c', domain: ['a', 'b', 'c'] }] };
    for (const [config, n, statistic, warn, alarm] of cases) {
      const mon = monitor({ kind: 'featureDrift', rows: 'all', ...config });
      const r = reference(schema, { numeric: [normals(n)], cats: [codes(n, [1, 1, 1])] });
      mon.update(tick(schema, r, { numeric: [normals(200, 0, 1, 2)], cats: [codes(200, [1, 1, 1], 2)] }));
      expect(mon.detail, JSON.stringify(config)).toContain(statistic);
      expect(mon.warningLevel).toBe(warn);
      expect(mon.alarmLevel).toBe(alarm);
    }
  });

  it('alarms once on entering drift, stays in alarm without re-firing, recovers, and a new reference re-arms it', () => {
    const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all' }); // wasserstein, alarm >= 0.1
    const ref1 = reference(NUM, { numeric: [normals(2000)] }, 1);
    const same = normals(2000, 0, 1, 7);
    const shifted = normals(2000, 0.5, 1, 8);
    const states: number[] = [];
    const fired: boolean[] = [];
    for (const [ref, cur] of [
      [ref1, same],
      [ref1, shifted],
      [ref1, shifted],
      [ref1, same],
      [ref1, shifted],
      [reference(NUM, { numeric: [normals(2000, 0, 1, 3)] }, 2), shifted],
    ] as const) {
      mon.update(tick(NUM, ref, { numeric: [cur] }));
      states.push(mon.state);
      fired.push(mon.fired);
    }
    expect(states).toEqual([OK, ALARM, ALARM, OK, ALARM, ALARM]);
    expect(fired).toEqual([false, true, false, false, true, true]);
    expect(mon.statistic).toBeGreaterThan(0.4);
    expect(mon.detail).toMatch(/wasserstein distance 0\.\d+ \(alarm ≥ 0\.1\)/);
  });

  it('p-value statistics alarm below their level, PSI warns at 0.1 and alarms at 0.25', () => {
    const ks = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', statistic: 'ks' });
    const r = reference(NUM, { numeric: [normals(500)] });
    ks.update(tick(NUM, r, { numeric: [normals(500, 0, 1, 5)] }));
    expect(ks.state).toBe(OK);
    expect(ks.statistic).toBeGreaterThan(0.05);
    ks.update(tick(NUM, r, { numeric: [normals(500, 0.4, 1, 5)] }));
    expect(ks.state).toBe(ALARM);
    expect(ks.statistic).toBeLessThan(0.05);
    const states = [0, 0.35, 0.8].map((shift) => {
      const p = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', statistic: 'psi' });
      p.update(tick(NUM, r, { numeric: [normals(2000, shift, 1, 6)] }));
      return [p.state, p.statistic] as const;
    });
    expect(states.map((s) => s[0])).toEqual([OK, WARNING, ALARM]);
    expect(states[1]![1]).toBeGreaterThanOrEqual(0.1);
    expect(states[1]![1]).toBeLessThan(0.25);
  });

  it('window: no verdict until it holds `window` ticks, then compares the last `window` ticks together', () => {
    const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all', window: 3, sample: 3000 });
    const refValues = normals(1500);
    const r = reference(NUM, { numeric: [refValues] });
    const ticks = [0, 0, 0.5, 1].map((m, k) => normals(1000, m, 1, 10 + k));
    const seen: number[] = [];
    for (const cur of ticks) {
      mon.update(tick(NUM, r, { numeric: [cur] }));
      seen.push(mon.statistic);
    }
    expect(Number.isNaN(seen[0]!) && Number.isNaN(seen[1]!)).toBe(true);
    const expected = (k: number) =>
      wasserstein(refValues, Float64Array.from([...ticks[k - 2]!, ...ticks[k - 1]!, ...ticks[k]!]))
        .normalized;
    expect(seen[2]).toBeCloseTo(expected(2), 12);
    expect(seen[3]).toBeCloseTo(expected(3), 12);
  });

  it('sample: at most `sample` rows; "stride" keeps every k-th row, "random" a seeded subsample', () => {
    const refValues = normals(100);
    const cur = normals(100, 0.3, 1, 4);
    const r = reference(NUM, { numeric: [refValues] });
    const w = { kind: 'featureDrift', input: 'x', rows: 'all', statistic: 'wasserstein', sample: 10 };
    const stride = monitor({ ...w, sampling: 'stride' });
    stride.update(tick(NUM, r, { numeric: [cur] }));
    const every10 = (xs: Float64Array) => xs.filter((_, i) => i % 10 === 0);
    expect(stride.statistic).toBeCloseTo(wasserstein(every10(refValues), every10(cur)).normalized, 12);
    const a = monitor({ ...w, id: 'a' }, 1);
    const b = monitor({ ...w, id: 'a' }, 1);
    const c = monitor({ ...w, id: 'a' }, 2);
    for (const m of [a, b, c]) m.update(tick(NUM, r, { numeric: [cur] }));
    expect(a.statistic).toBe(b.statistic);
    expect(a.statistic).not.toBe(c.statistic);
    expect(a.statistic).not.toBeCloseTo(wasserstein(refValues, cur).normalized, 6);
  });

  it('rows "served" (default) reads the served, labelled entries; "all" every candidate row', () => {
    const refValues = normals(100);
    const r = reference(NUM, { numeric: [refValues] });
    // Served rows carry the reference's values; the others are shifted by 2 sd.
    const cur = Float64Array.from(normals(400, 2), (x, i) => (i % 4 === 0 ? refValues[i / 4]! : x));
    const rows = Int32Array.from({ length: 100 }, (_, e) => 4 * e);
    const served = { count: 101, row: Int32Array.from([...rows, 1]), labelled: new Uint8Array(101).fill(1) };
    served.labelled[100] = 0; // an entry whose label never comes (not in the training population)
    const s = monitor({ kind: 'featureDrift', input: 'x', statistic: 'wasserstein' });
    const all = monitor({ kind: 'featureDrift', input: 'x', statistic: 'wasserstein', rows: 'all' });
    for (const m of [s, all]) m.update(tick(NUM, r, { numeric: [cur] }, { served }));
    const servedValues = Float64Array.from(rows, (i) => cur[i]!);
    expect(s.statistic).toBeCloseTo(wasserstein(refValues, servedValues).normalized, 12);
    expect(all.statistic).toBeCloseTo(wasserstein(refValues, cur).normalized, 12);
    expect(s.state).toBe(OK);
    expect(all.state).toBe(ALARM);
  });

  it('input "score" is prediction drift: the reference scores against this tick\'s scores', () => {
    const r = reference(NUM, { numeric: [normals(500)], scores: Float32Array.from(normals(500, 0.3, 0.05)) });
    const scores = Float32Array.from(normals(400, 0.35, 0.05, 2));
    const mon = monitor({ kind: 'featureDrift', input: 'score', rows: 'all', statistic: 'wasserstein' });
    mon.update(tick(NUM, r, { numeric: [normals(400)], scores }));
    expect(mon.statistic).toBeCloseTo(wasserstein(r.scores.subarray(0, r.rows), scores).normalized, 12);
    expect(mon.state).toBe(ALARM);
  });

  it('a statistic of the other kind is an error naming it and the field', () => {
    const schema = { numeric: ['x'], categorical: [{ name: 'c', domain: ['a', 'b'] }] };
    const r = reference(schema, { numeric: [normals(50)], cats: [codes(50, [1, 1])] });
    const read = (input: string, statistic: string) => () =>
      monitor({ kind: 'featureDrift', input, rows: 'all', statistic }).update(tick(schema, r, {}));
    expect(read('x', 'chiSquare')).toThrow('chiSquare compares categories; "x" holds numbers');
    expect(read('score', 'lInfinity')).toThrow('lInfinity compares categories; "score" holds numbers');
    expect(read('c', 'ks')).toThrow('ks compares numbers; "c" holds categories');
    expect(read('c', 'wasserstein')).toThrow('wasserstein compares numbers; "c" holds categories');
  });

  it("no verdict while a side has no values (a field entirely missing is validation's to report)", () => {
    const mon = monitor({ kind: 'featureDrift', input: 'x', rows: 'all' });
    const r = reference(NUM, { numeric: [normals(100)] });
    mon.update(tick(NUM, r, { numeric: [new Float64Array(50).fill(Number.NaN)] }));
    expect(mon.statistic).toBeNaN();
    expect(mon.state).toBe(OK);
  });
});

describe('datasetDrift: the share of drifted fields, drift at >= driftShare (Evidently)', () => {
  const schema = { numeric: ['a', 'b', 'c'], categorical: [{ name: 'k', domain: ['p', 'q', 'r'] }] };
  const r = reference(schema, {
    numeric: [normals(2000, 0, 1, 1), normals(2000, 0, 1, 2), normals(2000, 0, 1, 3)],
    cats: [codes(2000, [1, 1, 1])],
  });
  const current = (shiftA: number, shiftB: number, weights: number[]) => ({
    numeric: [normals(1500, shiftA, 1, 4), normals(1500, shiftB, 1, 5), normals(1500, 0, 1, 6)],
    cats: [codes(1500, weights, 7)],
  });

  it('counts per field with its own statistic and alarms at half of the fields', () => {
    const mon = monitor({ kind: 'datasetDrift', input: 'raw', rows: 'all' });
    mon.update(tick(schema, r, current(0, 0, [1, 1, 1])));
    expect(mon.statistic).toBe(0);
    expect(mon.state).toBe(OK);
    mon.update(tick(schema, r, current(0.5, 0, [1, 1, 1])));
    expect(mon.statistic).toBe(0.25);
    expect(mon.state).toBe(OK);
    mon.update(tick(schema, r, current(0.5, 0, [3, 1, 1])));
    expect(mon.statistic).toBe(0.5);
    expect(mon.state).toBe(ALARM);
    expect(mon.fired).toBe(true);
    expect(mon.detail).toMatch(
      /^2\/4 fields drifted: a wasserstein [\d.]+ ≥ 0\.1, k jensenShannon [\d.]+ ≥ 0\.1$/,
    );
  });

  it('fields, per-type statistics and thresholds, warnShare', () => {
    const mon = monitor({
      kind: 'datasetDrift',
      input: 'raw',
      rows: 'all',
      fields: ['a', 'b'],
      numericStatistic: 'psi',
      numericThreshold: 0.05,
      driftShare: 1,
      warnShare: 0.5,
    });
    mon.update(tick(schema, r, current(0.5, 0, [3, 1, 1])));
    expect(mon.statistic).toBe(0.5);
    expect(mon.state).toBe(WARNING);
    expect(mon.alarmLevel).toBe(1);
    mon.update(tick(schema, r, current(0.5, 0.5, [1, 1, 1])));
    expect(mon.state).toBe(ALARM);
  });
});

describe('scenario validation of window monitors', () => {
  const withMonitors = (monitors: unknown[]) => {
    const json = defaultScenarioJson();
    return validateScenario({ ...json, monitors });
  };
  it('accepts raw fields, the score and "raw"', () => {
    const v = withMonitors([
      { kind: 'featureDrift', input: 'userTopicCtr' },
      { kind: 'featureDrift', input: 'topic', statistic: 'chiSquare' },
      { kind: 'featureDrift', id: 'pred', input: 'score', statistic: 'psi', window: 7 },
      { kind: 'datasetDrift', input: 'raw', fields: ['itemCtr', 'segment'] },
    ]);
    expect(v.ok ? [] : v.errors).toEqual([]);
  });
  it('names the path of a bad parameter', () => {
    const v = withMonitors([
      { kind: 'featureDrift', input: 'itemCtr', window: 0 },
      { kind: 'featureDrift', input: 'itemCtr', statistic: 'energy' },
      { kind: 'datasetDrift', input: 'raw', treshold: 0.1 },
    ]);
    const errors = v.ok ? [] : v.errors;
    expect(errors[0]).toBe('monitors[0].window: expected a number ≥ 1, got 0');
    expect(errors[1]).toMatch(
      /^monitors\[1\]\.statistic: expected "ks" or "wasserstein" or .*, got "energy"$/,
    );
    expect(errors[2]).toMatch(
      /^monitors\[2\]\.treshold: unknown key \(misspelt\? allowed here: .*driftShare/,
    );
  });
  it('after the structure, the checks that need the raw schema', () => {
    const v = withMonitors([
      { kind: 'featureDrift', input: 'observedCtr' },
      { kind: 'featureDrift', input: 'topic', statistic: 'ks' },
      { kind: 'featureDrift', input: 'itemCtr', statistic: 'chiSquare' },
      { kind: 'datasetDrift', input: 'features', fields: ['itemCtr', 'price', 'itemCtr'] },
    ]);
    const errors = v.ok ? [] : v.errors;
    expect(errors[0]).toMatch(
      /^monitors\[0\]\.input: expected one of "userTopicCtr", .*"topic", "score", got "observedCtr"$/,
    );
    expect(errors).toContain(
      'monitors[1].statistic: expected one of "chiSquare", "jensenShannon", "hellinger", "psi", "lInfinity" for a categorical input, got "ks"',
    );
    expect(errors).toContain(
      'monitors[2].statistic: expected one of "ks", "wasserstein", "psi", "jensenShannon", "hellinger" for a numeric input, got "chiSquare"',
    );
    expect(errors).toContain('monitors[3].input: expected "raw", got "features"');
    expect(errors.some((e) => e.startsWith('monitors[3].fields[1]: expected one of'))).toBe(true);
    expect(errors).toContain('monitors[3].fields[2]: duplicate field "itemCtr"');
  });
});

describe('in the simulation: the default scenario (a segment shifts toward topic 6 at tick 180)', async () => {
  const json = defaultScenarioJson();
  const v = validateScenario({
    ...json,
    ticks: 215,
    monitors: [
      { id: 'ctr', kind: 'featureDrift', input: 'userTopicCtr', window: 7 },
      { id: 'ctr-all', kind: 'featureDrift', input: 'userTopicCtr', rows: 'all' },
      { id: 'dataset', kind: 'datasetDrift', input: 'raw', window: 7 },
    ],
  });
  if (!v.ok) throw new Error(v.errors.join('\n'));
  const r = await run(v.scenario);
  const alarms = (id: string, from: number, to: number) =>
    r.alarms.filter((a) => a.monitor === id && a.tick >= from && a.tick < to).map((a) => a.tick);

  it('a week of served rows settles near the training set once the feedback loop settles, then drifts after the shift', () => {
    const stat = r.monitors.ctr!.statistic;
    // Ticks 110-179: the launch transient is over and nothing changes: no alarm, Wasserstein < 0.1 sd.
    expect(alarms('ctr', 110, 180)).toEqual([]);
    expect(Math.max(...stat.slice(110, 180).map((x) => x ?? 1))).toBeLessThan(0.1);
    // The enthusiasts' click history moves within three weeks of the shift (seeds 1-3: day 11-14).
    const first = alarms('ctr', 180, 215)[0]!;
    expect(first).toBeGreaterThanOrEqual(185);
    expect(first).toBeLessThanOrEqual(200);
  });

  it('all candidate rows differ from the training set even when nothing drifts (the model trains on what it showed)', () => {
    const stat = r.monitors['ctr-all']!.statistic;
    expect(Math.min(...stat.slice(110, 180).map((x) => x ?? 0))).toBeGreaterThan(0.5);
  });

  it('dataset drift: itemAge grows with time and drifts alone; the shift drifts more fields', () => {
    const share = r.monitors.dataset!.statistic;
    expect(Math.max(...share.slice(110, 180).map((x) => x ?? 0))).toBeLessThan(0.5);
    expect(Math.max(...share.slice(195, 215).map((x) => x ?? 0))).toBeGreaterThanOrEqual(0.5);
    expect(alarms('dataset', 110, 180)).toEqual([]);
  });
});
