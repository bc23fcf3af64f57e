// `driftlab detect`: River's indices on its own test streams, drifts and warnings printed as ranges, and
// bad input as one line on stderr with exit code 2.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseParamValue } from '../../src/cli/commands/detect.ts';
import { fixtureCases, fixturesDir } from '../core/monitors/fixtures.ts';
import { cli, tempDir } from './helpers.ts';

const fixture = (name: string) => resolve(fixturesDir, name);

const tmp = tempDir('driftlab-detect-');
afterAll(() => tmp.remove());
const csv = (name: string, text: string) => tmp.write(name, text);

/** The CLI's --param arguments for a fixture case's parameters. */
const paramArgs = (params: Record<string, unknown>) =>
  Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);

describe('driftlab detect --json on the River fixtures', () => {
  for (const c of fixtureCases()) {
    it(`${c.detector} ${JSON.stringify(c.params)} on ${c.stream}`, async () => {
      const { code, stdout, stderr } = await cli(
        'detect',
        c.detector,
        fixture(c.stream),
        ...paramArgs(c.params),
        '--json',
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout.endsWith('\n')).toBe(true);
      const json = JSON.parse(stdout);
      expect(Object.keys(json)).toEqual(['detector', 'params', 'n', 'drifts', 'warnings']);
      expect(json.detector).toBe(c.detector);
      expect(json.n).toBe(2000);
      expect(json.params).toMatchObject(c.params);
      if (c.detector === 'kswin') {
        // Not CPython's sampler: the same alarms within a few updates.
        expect(json.drifts).toHaveLength(c.drifts.length);
        for (const [i, d] of (json.drifts as number[]).entries()) {
          expect(Math.abs(d - c.drifts[i]!)).toBeLessThanOrEqual(5);
        }
        expect(json.warnings).toBeNull();
      } else {
        expect(json.drifts).toEqual(c.drifts);
        expect(json.warnings).toEqual(c.warnings);
      }
    });
  }

  it('reports every parameter, defaults filled in, and null warnings without a warning zone', async () => {
    const { stdout } = await cli('detect', 'adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--json');
    expect(JSON.parse(stdout)).toEqual({
      detector: 'adwin',
      params: { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 },
      n: 2000,
      drifts: [1023],
      warnings: null,
    });
  });

  it('seeds the random detectors with --seed (stream monitor.<detector>)', async () => {
    const file = fixture('ds1_int_0_1_then_0_7.csv');
    const run = async (seed: string) =>
      JSON.parse((await cli('detect', 'random', file, '--param', 't0=100', '--seed', seed, '--json')).stdout)
        .drifts;
    expect(await run('3')).toEqual(await run('3'));
    expect(await run('3')).not.toEqual(await run('4'));
    const byDefault = JSON.parse(
      (await cli('detect', 'random', file, '--param', 't0=100', '--json')).stdout,
    ).drifts;
    expect(byDefault).toEqual(await run('0'));
  });
});

describe('driftlab detect, human output', () => {
  it('prints the drifts and warnings as ranges of indices', async () => {
    const { code, stdout } = await cli('detect', 'ddm', fixture('ds2_bernoulli_02_then_08.csv'));
    expect(code).toBe(0);
    expect(stdout).toContain('1 drift at 1049\n');
    expect(stdout).toContain('70 warnings at 1007–1048, 1725–1738,');
  });

  it('says when the detector has no warning zone', async () => {
    const { stdout } = await cli('detect', 'pageHinkley', fixture('doc1_choices_then_4_7.csv'));
    expect(stdout).toContain('1 drift at 1006\nno warning zone\n');
  });

  it('picks a column by name', async () => {
    const file = csv('two.csv', 'a,b\n0,5\n0,5\n1,5\n');
    const { stdout } = await cli('detect', 'periodic', file, '--column', 'b', '--param', 't0=2', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ n: 3, drifts: [1] });
  });

  it('has --help with an example', async () => {
    const { code, stdout } = await cli('detect', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: driftlab detect <detector> <file.csv>');
    expect(stdout).toMatch(/Examples:\n {2}driftlab detect /);
    expect(stdout).toContain('adwin        numbers; delta=0.002 clock=32');
  });
});

describe('driftlab detect, bad input: one line on stderr, exit code 2', () => {
  const cases: [string, () => string[], RegExp][] = [
    [
      'unknown detector',
      () => ['adwinn', fixture('ds1_int_0_1_then_0_7.csv')],
      /unknown detector "adwinn" \(detectors: adwin, pageHinkley, kswin, .*, random\)/,
    ],
    [
      'unknown parameter',
      () => ['adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--param', 'detla=0.1'],
      /adwin: unknown parameter "detla" \(parameters: delta, clock, maxBuckets, minWindowLength, gracePeriod\)/,
    ],
    [
      'parameter of the wrong type',
      () => ['adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--param', 'delta=tiny'],
      /adwin: parameter "delta": expected number, .*got "tiny"/,
    ],
    [
      'parameter out of range',
      () => ['hddmW', fixture('ds2_bernoulli_02_then_08.csv'), '--param', 'lambda=1.5'],
      /hddmW: parameter "lambda": expected number to be <1, got 1.5/,
    ],
    [
      'parameter not in its set',
      () => ['pageHinkley', fixture('ds1_int_0_1_then_0_7.csv'), '--param', 'mode=sideways'],
      /pageHinkley: parameter "mode": expected one of "up"\|"down"\|"both", got "sideways"/,
    ],
    [
      '--param without =',
      () => ['adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--param', 'delta'],
      /--param "delta": expected key=value/,
    ],
    [
      'a parameter given twice',
      () => ['adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--param', 'delta=0.1', '--param', 'delta=0.2'],
      /--param delta is given twice/,
    ],
    [
      'non-integer --seed',
      () => ['kswin', fixture('ds1_int_0_1_then_0_7.csv'), '--seed', 'x'],
      /--seed: expected an integer/,
    ],
    ['missing file', () => ['adwin', tmp.file('nope.csv')], /nope\.csv: no such CSV file/],
    ['empty file', () => ['adwin', csv('empty.csv', '')], /empty\.csv: empty file/],
    ['header only', () => ['adwin', csv('header.csv', 'value\n')], /header\.csv: no data rows/],
    [
      'non-numeric value, with its line',
      () => ['adwin', csv('text.csv', 'value\n1\n2\nthree\n4\n')],
      /text\.csv line 4: column "value": expected a number, got "three"/,
    ],
    [
      'a binary detector fed something else than 0/1',
      () => ['ddm', csv('rates.csv', 'error\n0\n1\n0.5\n')],
      /rates\.csv line 4: column "error": ddm expects 0\/1 errors, got 0\.5/,
    ],
    [
      'unknown column',
      () => ['adwin', csv('col.csv', 'a\n1\n'), '--column', 'b'],
      /no column "b" \(the header has: a\)/,
    ],
    ['missing arguments', () => ['adwin'], /expected <detector> <file\.csv>, got 1 argument/],
    [
      'unknown option',
      () => ['adwin', fixture('ds1_int_0_1_then_0_7.csv'), '--bogus'],
      /Unknown option '--bogus'/,
    ],
  ];

  it.each(cases)('%s', async (_, args, message) => {
    const { code, stdout, stderr } = await cli('detect', ...args());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('parseParamValue', () => {
  it('reads numbers, booleans, and keeps anything else as text', () => {
    expect(parseParamValue('0.002')).toBe(0.002);
    expect(parseParamValue('1e-3')).toBe(0.001);
    expect(parseParamValue('-4')).toBe(-4);
    expect(parseParamValue('true')).toBe(true);
    expect(parseParamValue('false')).toBe(false);
    expect(parseParamValue('both')).toBe('both');
    expect(parseParamValue('')).toBe('');
  });
});
