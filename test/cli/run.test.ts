// `driftlab run`: writes run.json and metrics.csv; the same scenario and seed give a byte-identical
// run.json, in this process and across processes; bad input gets exit code 2 and one line; and
// nothing half-written is ever left in --out.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/commands/run.ts';
import { ROOT } from '../support/scenarios.ts';
import { cli, lines, small, type TempDir, TICKS, tempDir } from './helpers.ts';

let tmp: TempDir;
let scenarioFile: string;
beforeAll(() => {
  tmp = tempDir();
  scenarioFile = tmp.write('small.json', small);
});
afterAll(() => tmp.remove());

const out = (name: string) => tmp.file(name);
const read = (dir: string, name: string) => readFileSync(join(dir, name));

/** Every file and folder under tmp, so a test can show that nothing was left behind. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('driftlab run: outputs', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    dir = out('first');
    result = await cli('run', scenarioFile, '--out', dir);
  });

  it('exits 0, prints the catch matrix and where it wrote', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Catch matrix');
    expect(result.stdout).toContain(`Wrote ${join(dir, 'run.json')} and ${join(dir, 'metrics.csv')}`);
    expect(readdirSync(dir).sort()).toEqual(['metrics.csv', 'run.json']);
  });

  it('run.json holds format, version, scenario, seed, incidents, alarms, evaluation and metrics', () => {
    const text = read(dir, 'run.json').toString('utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const run = JSON.parse(text);
    expect(run.format).toBe('driftlab.run/1');
    expect(run.driftlab).toBe(VERSION);
    expect(run.seed).toBe(3);
    expect(run.ticks).toBe(TICKS);
    // The scenario as run: the file plus its defaults.
    expect(run.scenario).toMatchObject({
      id: 'small-test',
      seed: 3,
      ticks: TICKS,
      population: { users: 300 },
    });
    expect(run.scenario.model).toMatchObject({ kind: 'logistic', learningRate: 0.05 });
    expect(run.incidents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'e1-preference.shift', kind: 'preference.shift', start: 15 }),
      ]),
    );
    expect(Array.isArray(run.alarms)).toBe(true);
    expect(run.alarms.length).toBeGreaterThan(0); // the loop below checks something
    for (const a of run.alarms) expect(['ph', 'ctr']).toContain(a.monitor);
    expect(run.evaluation).toHaveProperty('catchMatrix');
    expect(JSON.stringify(run.evaluation.catchMatrix)).toContain('e1-preference.shift');
    expect(Object.keys(run.monitors).sort()).toEqual(['ctr', 'ph']);
    for (const name of ['trueAuc', 'observedCtr', 'sessions']) expect(run.metrics[name]).toHaveLength(TICKS);
  });

  it('metrics.csv has a header and one row per tick', () => {
    const rows = read(dir, 'metrics.csv').toString('utf8').trimEnd().split('\n');
    const header = rows[0]!.split(',');
    expect(header[0]).toBe('tick');
    expect(header).toEqual(
      expect.arrayContaining(['trueAuc', 'observedCtr', 'ph.statistic', 'ph.state', 'ctr.state']),
    );
    expect(rows).toHaveLength(1 + TICKS);
    rows.slice(1).forEach((row, t) => {
      const cells = row.split(',');
      expect(cells).toHaveLength(header.length);
      expect(cells[0]).toBe(String(t));
    });
  });

  it('--quiet prints nothing', async () => {
    expect(await cli('run', scenarioFile, '--out', out('quiet'), '--quiet')).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('driftlab run: determinism', () => {
  it('the same scenario and seed give a byte-identical run.json and metrics.csv in one process', async () => {
    await cli('run', scenarioFile, '--out', out('same-a'), '--quiet');
    await cli('run', scenarioFile, '--out', out('same-b'), '--quiet');
    expect(read(out('same-a'), 'run.json').equals(read(out('same-b'), 'run.json'))).toBe(true);
    expect(read(out('same-a'), 'metrics.csv').equals(read(out('same-b'), 'metrics.csv'))).toBe(true);
  });

  it('and across separate processes, whatever their working folder', async () => {
    const runs = [
      ['proc-a', ROOT],
      ['proc-b', tmp.dir],
    ].map(([name, cwd]) => {
      const child = spawnSync(
        process.execPath,
        [join(ROOT, 'src/cli/driftlab.js'), 'run', scenarioFile, '--out', out(name!), '--quiet'],
        { cwd, encoding: 'utf8' },
      );
      expect(child.stderr).toBe('');
      expect(child.status).toBe(0);
      return read(out(name!), 'run.json');
    });
    expect(runs[0]!.equals(runs[1]!)).toBe(true);
    // ... and the same bytes as a run in this process.
    await cli('run', scenarioFile, '--out', out('proc-same'), '--quiet');
    expect(read(out('proc-same'), 'run.json').equals(runs[0]!)).toBe(true);
  });

  it('--seed overrides the scenario seed; another seed gives another run', async () => {
    await cli('run', scenarioFile, '--out', out('seed-3'), '--quiet', '--seed', '3');
    await cli('run', scenarioFile, '--out', out('seed-4'), '--quiet', '--seed', '4');
    const three = read(out('seed-3'), 'run.json');
    const four = read(out('seed-4'), 'run.json');
    expect(three.equals(read(out('same-a'), 'run.json'))).toBe(true); // seed 3 is the file's seed
    expect(four.equals(three)).toBe(false);
    const a = JSON.parse(three.toString('utf8'));
    const b = JSON.parse(four.toString('utf8'));
    expect([a.seed, b.seed, b.scenario.seed]).toEqual([3, 4, 4]);
    expect(b.metrics.sessions).not.toEqual(a.metrics.sessions);
  });

  it('--ticks overrides the length', async () => {
    const { code } = await cli('run', scenarioFile, '--out', out('ticks-20'), '--quiet', '--ticks', '20');
    expect(code).toBe(0);
    const run = JSON.parse(read(out('ticks-20'), 'run.json').toString('utf8'));
    expect([run.ticks, run.scenario.ticks, run.metrics.trueAuc.length]).toEqual([20, 20, 20]);
    expect(read(out('ticks-20'), 'metrics.csv').toString('utf8').trimEnd().split('\n')).toHaveLength(21);
  });
});

describe('driftlab run: bad input', () => {
  it.each([
    [['--seed', 'abc'], 'driftlab: --seed: expected an integer from 0 to 4294967295, got "abc"'],
    [['--seed=-1'], 'driftlab: --seed: expected an integer from 0 to 4294967295, got "-1"'],
    [['--seed', '1e3x'], 'driftlab: --seed: expected an integer from 0 to 4294967295, got "1e3x"'],
    [['--ticks', '0'], 'driftlab: --ticks: expected an integer from 1 to 100000, got "0"'],
    [['--ticks', '2.5'], 'driftlab: --ticks: expected an integer from 1 to 100000, got "2.5"'],
  ])('%j: exit code 2, one line naming the option', async (args, message) => {
    const dir = out('bad-option');
    expect(await cli('run', scenarioFile, '--out', dir, ...args)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${message}\n`,
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('--ticks that cuts an event off: the scenario problem, naming the override', async () => {
    const { code, stderr } = await cli('run', scenarioFile, '--out', out('cut'), '--ticks', '10');
    expect(code).toBe(2);
    expect(lines(stderr)[0]).toBe(
      `driftlab: ${scenarioFile} (with --seed/--ticks): events[0].at: expected 0 ≤ at < 10 (ticks), got 15`,
    );
    for (const line of lines(stderr)) expect(line).toMatch(/^driftlab: /);
    expect(existsSync(out('cut'))).toBe(false);
  });

  it('a value missing after an option, two scenario files: exit code 2, one line', async () => {
    for (const args of [['--seed'], ['--seed', '-1'], ['--bogus']]) {
      const { code, stderr } = await cli('run', scenarioFile, ...args);
      expect(code).toBe(2);
      expect(lines(stderr)).toEqual([expect.stringMatching(new RegExp(`^driftlab: run: .*'${args[0]}\\b`))]);
    }
    expect(await cli('run', scenarioFile, scenarioFile)).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: run takes one scenario file, got 2: ${scenarioFile} ${scenarioFile}\n`,
    });
  });
});

describe('driftlab run: nothing half-written', () => {
  it('a bad scenario leaves --out absent', async () => {
    const bad = tmp.write('bad.json', { ...small, treshold: 1 });
    const dir = out('never');
    const { code, stderr } = await cli('run', bad, '--out', dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^driftlab: .*bad\.json: treshold: unknown key/);
    expect(existsSync(dir)).toBe(false);
  });

  it('a bad scenario leaves an existing --out exactly as it was', async () => {
    const dir = out('existing');
    await cli('run', scenarioFile, '--out', dir, '--quiet');
    const before = { run: read(dir, 'run.json'), csv: read(dir, 'metrics.csv') };
    const bad = tmp.write('bad-ticks.json', { ...small, ticks: 0 });
    expect((await cli('run', bad, '--out', dir, '--seed', '9')).code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['metrics.csv', 'run.json']);
    expect(read(dir, 'run.json').equals(before.run)).toBe(true);
    expect(read(dir, 'metrics.csv').equals(before.csv)).toBe(true);
  });

  it('--out that cannot be written (under a regular file): exit code 2, one line, no partial files', async () => {
    const area = out('blocked');
    mkdirSync(area);
    const blocker = join(area, 'a-file');
    writeFileSync(blocker, 'not a folder');
    for (const target of [join(blocker, 'sub'), blocker]) {
      const { code, stdout, stderr } = await cli('run', scenarioFile, '--out', target, '--quiet');
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(lines(stderr)).toEqual([
        expect.stringMatching(new RegExp(`^driftlab: ${target}: cannot write here \\(E`)),
      ]);
    }
    // No temporary folder or partial output was left beside it, and the file is untouched.
    expect(listing(area)).toEqual(['a-file']);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('the same, in a real process: exit code 2 and no stack trace', () => {
    const blocker = tmp.write('blocker-file', '');
    const child = spawnSync(
      process.execPath,
      ['src/cli/driftlab.js', 'run', scenarioFile, '--out', join(blocker, 'out'), '--quiet'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(child.status).toBe(2);
    expect(lines(child.stderr)).toHaveLength(1);
    expect(child.stderr).toMatch(/^driftlab: .*cannot write here/);
    expect(child.stderr).not.toMatch(/^\s+at /m);
  });
});
