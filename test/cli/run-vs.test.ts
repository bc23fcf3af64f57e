// `driftlab run <scenario> --vs <variant.json | --no-guardrails>`: two runs on one seed in one
// run.json and one metrics.csv, byte-identical across runs; the variant a merge patch or a full
// scenario; bad variants get one line naming the file and the path, exit code 2, and nothing written.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/scenarios.ts';
import { cli, lines, small, type TempDir, TICKS, tempDir } from './helpers.ts';

let tmp: TempDir;
const readJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
const readCsv = (dir: string) => readFileSync(join(dir, 'metrics.csv'), 'utf8').trimEnd().split('\n');

let base: string;
let patch: string;
beforeAll(() => {
  tmp = tempDir();
  base = tmp.write('small.json', small);
  patch = tmp.write('explore.json', { model: { exploration: 0.2 } });
});
afterAll(() => tmp.remove());

describe('driftlab run --vs variant.json (a merge patch)', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    dir = tmp.file('patch');
    result = await cli('run', base, '--vs', patch, '--out', dir);
  });

  it('exits 0 and writes run.json and metrics.csv', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['metrics.csv', 'run.json']);
    expect(result.stdout).toContain(`Wrote ${join(dir, 'run.json')} and ${join(dir, 'metrics.csv')}`);
  });

  it('run.json holds both runs, on the same seed, and the comparison', () => {
    const r = readJson(dir);
    expect(Object.keys(r)).toEqual(['format', 'base', 'variant', 'comparison']);
    expect(r.format).toBe('driftlab.comparison/1');
    for (const run of [r.base, r.variant]) {
      expect(run.format).toBe('driftlab.run/1');
      expect([run.seed, run.ticks]).toEqual([3, TICKS]);
    }
    expect(r.base.scenario.model.exploration).toBe(0);
    expect(r.variant.scenario.model.exploration).toBe(0.2);
    expect(r.variant.scenario.id).toBe('small-test'); // a patch keeps everything else of the base
    const c = r.comparison;
    expect(c.changes).toEqual([{ path: 'model.exploration', base: 0, variant: 0.2 }]);
    expect(Object.keys(c.metrics)).toEqual(Object.keys(r.base.metrics));
    const auc = c.metrics.trueAuc;
    expect(auc.diff).toHaveLength(TICKS);
    auc.diff.forEach((d: number | null, t: number) => {
      const [b, v] = [r.base.metrics.trueAuc[t], r.variant.metrics.trueAuc[t]];
      expect(d).toBe(b === null || v === null ? null : v - b);
    });
    expect(auc.regret).toBeCloseTo(-auc.diff.reduce((a: number, d: number | null) => a + (d ?? 0), 0), 9);
    expect(c.metrics.value.firstDifference).toBe(0); // exploration serves other items from tick 0
    expect(c.incidents.map((i: { incident: string }) => i.incident)).toContain('e1-preference.shift');
    expect(c.cost.map((k: { metric: string }) => k.metric)).toEqual(['value', 'ctr']);
  });

  it('metrics.csv: base.<metric>, variant.<metric>, diff.<metric>, one row per tick', () => {
    const rows = readCsv(dir);
    const header = rows[0]!.split(',');
    const r = readJson(dir);
    expect(header.slice(0, 4)).toEqual(['tick', 'base.trueAuc', 'variant.trueAuc', 'diff.trueAuc']);
    for (const m of Object.keys(r.base.metrics))
      expect(header).toEqual(expect.arrayContaining([`base.${m}`, `variant.${m}`, `diff.${m}`]));
    expect(header).toEqual(expect.arrayContaining(['base.ph.statistic', 'variant.ctr.state']));
    expect(rows).toHaveLength(1 + TICKS);
    const col = (name: string) => rows.slice(1).map((row) => row.split(',')[header.indexOf(name)]);
    expect(col('tick')).toEqual(Array.from({ length: TICKS }, (_, t) => String(t)));
    expect(col('base.value')).toEqual(r.base.metrics.value.map(String));
    expect(col('diff.value')).toEqual(r.comparison.metrics.value.diff.map(String));
  });

  it('prints the changes, regret per headline metric, recovery times and the cost', () => {
    const out = result.stdout;
    expect(out).toContain('small-test vs explore.json (merge patch on the base)');
    expect(out).toContain('model.exploration: 0 -> 0.2');
    expect(out).toMatch(
      /^The runs first differ at tick 0 \(the world: sessions (at tick \d+|never), activeUsers /m,
    );
    expect(out).toMatch(/^trueAuc\s+higher\s/m);
    expect(out).toMatch(/^value\s+higher\s/m);
    expect(out).toContain('regret');
    expect(out).toMatch(/^e1-preference\.shift\s+15\s+both\s/m);
    expect(out).toContain('Cost outside incidents');
  });

  it('is byte-identical run after run', async () => {
    const again = tmp.file('patch-again');
    await cli('run', base, '--vs', patch, '--out', again, '--quiet');
    expect(readFileSync(join(again, 'run.json')).equals(readFileSync(join(dir, 'run.json')))).toBe(true);
    expect(readFileSync(join(again, 'metrics.csv')).equals(readFileSync(join(dir, 'metrics.csv')))).toBe(
      true,
    );
  });

  it('the base is the plain run of the scenario, to the byte', async () => {
    const single = tmp.file('single');
    await cli('run', base, '--out', single, '--quiet');
    expect(JSON.stringify(readJson(dir).base)).toBe(JSON.stringify(readJson(single)));
  });
});

describe('driftlab run --vs: other variants', () => {
  it('a full scenario with the same settings gives the same variant run as the patch', async () => {
    const full = tmp.write('full.json', {
      ...small,
      id: 'small-explore',
      model: { kind: 'logistic', exploration: 0.2 },
    });
    const [a, b] = [tmp.file('full'), tmp.file('full-patch')];
    const { code, stdout } = await cli('run', base, '--vs', full, '--out', a);
    expect(code).toBe(0);
    expect(stdout).toContain('small-test vs full.json (full scenario)');
    await cli('run', base, '--vs', patch, '--out', b, '--quiet');
    const [x, y] = [readJson(a), readJson(b)];
    expect(x.variant.scenario.id).toBe('small-explore');
    expect(x.variant.metrics).toEqual(y.variant.metrics);
    expect(x.comparison.metrics).toEqual(y.comparison.metrics);
    expect(x.comparison.changes.map((c: { path: string }) => c.path)).toEqual(['id', 'model.exploration']);
  });

  it("a full scenario runs with the base's seed and length (after --seed), and says so", async () => {
    const other = tmp.write('other-seed.json', { ...small, seed: 99, ticks: 40 });
    const dir = tmp.file('seeded');
    const { code, stdout } = await cli('run', base, '--vs', other, '--seed', '5', '--out', dir);
    expect(code).toBe(0);
    expect(stdout).toContain("the variant file's seed and ticks replaced by the base's");
    const r = readJson(dir);
    expect([r.base.seed, r.variant.seed, r.variant.ticks]).toEqual([5, 5, TICKS]);
    // Nothing else differs: the runs are the same run.
    expect(r.comparison.firstDifference).toBeNull();
    expect(stdout).toContain('The runs are identical, tick for tick');
  });

  it.each([[['--vs', '--no-guardrails']], [['--vs=--no-guardrails']]])(
    '%j: the base without guardrails (it has none: the same run)',
    async (args) => {
      const dir = tmp.file(`no-guardrails-${args.length}`);
      const { code, stdout, stderr } = await cli('run', base, ...args, '--out', dir);
      expect([code, stderr]).toEqual([0, '']);
      expect(stdout).toContain('small-test vs the base without guardrails');
      const r = readJson(dir);
      expect(r.variant.scenario.guardrails).toEqual([]);
      expect(r.comparison.firstDifference).toBeNull();
      expect(r.variant.metrics).toEqual(r.base.metrics);
    },
  );

  it('--no-guardrails on a guarded base: the guardrails acted, the cost counts the ticks where they did', async () => {
    const guarded = (mode: string) =>
      tmp.write(`guarded-${mode}.json`, {
        ...small,
        guardrails: [{ kind: 'fallback', id: 'fb', mode, monitors: ['ph'] }],
      });
    const [active, shadow] = [tmp.file('guarded-active'), tmp.file('guarded-shadow')];
    expect(
      (await cli('run', guarded('active'), '--vs', '--no-guardrails', '--out', active, '--quiet')).code,
    ).toBe(0);
    expect(
      (await cli('run', guarded('shadow'), '--vs', '--no-guardrails', '--out', shadow, '--quiet')).code,
    ).toBe(0);
    const r = readJson(active);
    expect(r.variant.scenario.guardrails).toEqual([]);
    expect(r.base.metrics['guardrail.fb.active']).toContain(1);
    expect(r.comparison.firstDifference).not.toBeNull();
    const acted = r.base.metrics['guardrail.fb.active'].filter((x: number) => x > 0).length;
    expect(r.comparison.cost.map((k: { metric: string }) => k.metric)).toEqual(['value', 'ctr']);
    for (const k of r.comparison.cost) {
      expect(k.basis).toBe('actions');
      expect(k.ticks).toBeGreaterThan(0);
      expect(k.ticks).toBeLessThanOrEqual(acted);
    }
    // In shadow mode the guardrail changes nothing: the same run.
    expect(readJson(shadow).comparison.firstDifference).toBeNull();
  });

  it('the default --out names the variant', () => {
    for (const vs of [patch, '--no-guardrails']) {
      const child = spawnSync(
        process.execPath,
        [join(ROOT, 'src/cli/driftlab.js'), 'run', base, '--vs', vs, '--quiet'],
        {
          cwd: tmp.dir,
          encoding: 'utf8',
        },
      );
      expect([child.status, child.stderr]).toEqual([0, '']);
    }
    expect(readdirSync(tmp.file('out')).sort()).toEqual([
      'small-test-seed3-vs-explore',
      'small-test-seed3-vs-no-guardrails',
    ]);
  });
});

describe('driftlab run --vs: bad variants (exit code 2, one line naming the file and the path, nothing written)', () => {
  const cases: [string, unknown, string][] = [
    [
      'bad-value.json',
      { model: { exploration: 2 } },
      ' (merge patch on the base): model.exploration: expected a number ≤ 1, got 2',
    ],
    ['bad-key.json', { modle: { exploration: 0.1 } }, ' (merge patch on the base): modle: unknown key'],
    [
      'bad-task.json',
      {
        ...small,
        task: { kind: 'fraud' },
        model: { kind: 'logistic', warmup: 40 },
        events: [],
        monitors: [],
      },
      ' (full scenario): task.kind: expected the base\'s "recommender" (a comparison runs one task), got "fraud"',
    ],
    ['bad-list.json', [{ model: {} }], ': (top level): expected an object'],
    [
      'bad-marker.json',
      { $patch: 'yes' },
      ': $patch: expected true (a merge patch) or false (a full scenario), got "yes"',
    ],
    ['bad-json.json', '{ "model": ', ': (file): not valid JSON'],
  ];
  it.each(cases)('%s', async (name, json, message) => {
    const variant = tmp.write(name, json);
    const dir = tmp.file(`never-${name}`);
    const { code, stdout, stderr } = await cli('run', base, '--vs', variant, '--out', dir);
    expect([code, stdout]).toEqual([2, '']);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr.startsWith(`driftlab: ${variant}${message}`), stderr).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('a missing variant file', async () => {
    const dir = tmp.file('never-missing');
    expect(await cli('run', base, '--vs', tmp.file('nope.json'), '--out', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: ${tmp.file('nope.json')}: no such variant file\n`,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('--vs without a value, and --no-guardrails without --vs', async () => {
    const missing = await cli('run', base, '--vs');
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual([expect.stringMatching(/^driftlab: run: .*'--vs/)]);
    expect(await cli('run', base, '--no-guardrails')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'driftlab: --no-guardrails goes with --vs: driftlab run <scenario.json> --vs --no-guardrails\n',
    });
  });

  it('a bad base is reported before the variant is read', async () => {
    const bad = tmp.write('bad-base.json', { ...small, ticks: 0 });
    const { code, stderr } = await cli('run', bad, '--vs', tmp.file('nope.json'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^driftlab: .*bad-base\.json: ticks: /);
  });
});
