// `driftlab validate` and the dispatcher: bad scenario files get one line per problem, each starting
// "driftlab: " and naming the file and the path, exit code 2, and never a stack trace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { scenarioJsonSchema } from '../../src/cli/commands/validate.ts';
import { DEFAULT_SCENARIO } from '../../src/cli/scenario-file.ts';
import { ROOT } from '../support/scenarios.ts';
import { cli, lines, type TempDir, tempDir } from './helpers.ts';

let tmp: TempDir;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.remove());

const minimal = { id: 'x', title: 'X', task: { kind: 'recommender' } };

/** No line of the output looks like a stack frame or a thrown error. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toMatch(/\b(Error|TypeError|ZodError):/);
}

describe('driftlab validate', () => {
  it('a good file: "<file>: ok", exit code 0', async () => {
    const path = tmp.write('good.json', minimal);
    expect(await cli('validate', path)).toEqual({ code: 0, stdout: `${path}: ok\n`, stderr: '' });
    expect(await cli('validate', DEFAULT_SCENARIO)).toMatchObject({
      code: 0,
      stdout: `${DEFAULT_SCENARIO}: ok\n`,
    });
  });

  it.each([
    [
      'wrong type',
      { ...minimal, model: { kind: 'logistic', learningRate: 'fast' } },
      ['model.learningRate: expected a number > 0 and ≤ 10, got "fast"'],
    ],
    [
      'unknown key',
      { ...minimal, treshold: 0.9 },
      [
        expect.stringMatching(
          /^treshold: unknown key \(misspelt\? allowed here: \$schema, format, id, .*\)$/,
        ),
      ],
    ],
    [
      'nested unknown key',
      { ...minimal, monitors: [{ kind: 'threshold', input: 'ctr', treshold: 1 }] },
      [
        expect.stringMatching(
          /^monitors\[0\]\.treshold: unknown key \(misspelt\? allowed here: warnBelow, .*\)$/,
        ),
      ],
    ],
    ['missing field', { id: 'x', task: { kind: 'recommender' } }, ['title: missing, expected a string']],
    ['ticks out of range', { ...minimal, ticks: 0 }, ['ticks: expected a number ≥ 1, got 0']],
    ['ticks too large', { ...minimal, ticks: 1e6 }, ['ticks: expected a number ≤ 100000, got 1000000']],
  ])('%s: exit code 2, one line naming file, path, expected and got', async (_name, scenario, problems) => {
    const path = tmp.write('bad.json', scenario);
    const { code, stdout, stderr } = await cli('validate', path);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const prefix = `driftlab: ${path}: `;
    expect(
      lines(stderr).map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : `(no prefix) ${l}`)),
    ).toEqual(problems);
    expectNoStackTrace(stderr);
  });

  it('several problems: all of them, one line each, every line starting "driftlab: "', async () => {
    const path = tmp.write('many.json', {
      id: 'x',
      ticks: 0,
      task: { kind: 'recommender', topics: 1 },
      treshold: 1,
    });
    const { code, stderr } = await cli('validate', path);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      `driftlab: ${path}: title: missing, expected a string`,
      `driftlab: ${path}: ticks: expected a number ≥ 1, got 0`,
      `driftlab: ${path}: task.topics: expected a number ≥ 2, got 1`,
      expect.stringMatching(/^driftlab: .*many\.json: treshold: unknown key/),
    ]);
  });

  it('several files: each is reported, the good ones as ok; exit code 2 if any is bad', async () => {
    const good = tmp.write('one.json', minimal);
    const bad = tmp.write('two.json', {
      ...minimal,
      events: [{ kind: 'preference.shift', at: 400, segment: 'casual', topic: 1 }],
    });
    const missing = tmp.file('nope.json');
    const { code, stdout, stderr } = await cli('validate', good, bad, missing);
    expect(code).toBe(2);
    expect(stdout).toBe(`${good}: ok\n`);
    expect(lines(stderr)).toEqual([
      `driftlab: ${bad}: events[0].at: expected 0 ≤ at < 365 (ticks), got 400`,
      `driftlab: ${bad}: events[0].duration: expected at + duration ≤ 365 (ticks), got 400 + 0`,
      `driftlab: ${missing}: no such scenario file`,
    ]);
  });

  it('non-JSON text: one line, whatever newlines the text has', async () => {
    const path = tmp.write('text.json', '{\n  "id": "x",\n  oops\n}\n');
    const { code, stderr } = await cli('validate', path);
    expect(code).toBe(2);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^driftlab: ${path}: \\(file\\): not valid JSON: .+\\n$`));
    expect(stderr).toMatch(/ \(line 3, column 3\)\n$|oops/);
  });

  it('an empty file is not valid JSON', async () => {
    const path = tmp.write('empty.json', '');
    expect(await cli('validate', path)).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: ${path}: (file): not valid JSON: Unexpected end of JSON input\n`,
    });
  });

  it('a 50 MB file is refused by its size, before it is read or parsed', async () => {
    // Valid-looking JSON, so the refusal cannot come from the parser.
    const path = tmp.file('huge.json');
    const size = 50 * 1024 * 1024;
    const [head, tail] = ['{"id":"x","title":"X","story":"', '","task":{}}'];
    writeFileSync(path, `${head}${'a'.repeat(size - head.length - tail.length)}${tail}`);
    const { code, stderr } = await cli('validate', path);
    expect(code).toBe(2);
    expect(stderr).toBe(`driftlab: ${path}: scenario file is 50 MB, more than the 5 MB limit\n`);
  });

  it('a missing file and a directory are named as such', async () => {
    const missing = tmp.file('missing.json');
    expect(await cli('validate', missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: ${missing}: no such scenario file\n`,
    });
    const dir = tmp.file('a-directory.json');
    mkdirSync(dir);
    expect(await cli('validate', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: ${dir}: is a directory, expected a scenario file\n`,
    });
  });

  it('no file: exit code 2 and what is missing', async () => {
    expect(await cli('validate')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'driftlab: validate needs at least one scenario file\n',
    });
  });

  it('in a real process: exit code 2, stderr only "driftlab: " lines, no stack trace', () => {
    const path = tmp.write('proc.json', { ...minimal, ticks: 'many', treshold: 1 });
    const child = spawnSync(process.execPath, ['src/cli/driftlab.js', 'validate', path], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(child.status).toBe(2);
    expect(child.stdout).toBe('');
    expect(lines(child.stderr)).toEqual([
      `driftlab: ${path}: ticks: expected an integer ≥ 1 and ≤ 100000, got "many"`,
      expect.stringMatching(/^driftlab: .*proc\.json: treshold: unknown key/),
    ]);
    expectNoStackTrace(child.stderr);
  });
});

describe('driftlab schema', () => {
  it('prints the JSON Schema the committed file must equal', async () => {
    const { code, stdout } = await cli('schema');
    expect(code).toBe(0);
    expect(stdout).toBe(scenarioJsonSchema());
    expect(JSON.parse(stdout)).toMatchObject({
      title: 'driftlab scenario',
      required: ['id', 'title', 'task'],
    });
  });
});

describe('driftlab (dispatch)', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s --help prints its usage, exit code 0',
    async (name, command) => {
      for (const flag of ['--help', '-h']) {
        const { code, stdout, stderr } = await cli(name, flag);
        expect(code).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toBe(`${command.usage.trimEnd()}\n`);
        expect(stdout).toMatch(new RegExp(`^Usage: driftlab ${name}\\b`));
      }
    },
  );

  it('--help lists every command; no command at all prints it with exit code 2', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name} `);
    expect((await cli()).code).toBe(2);
    expect(await cli()).toEqual({ code: 2, stdout: help.stdout, stderr: '' });
  });

  it('an unknown command: exit code 2, one line listing the commands', async () => {
    expect(await cli('frobnicate')).toEqual({
      code: 2,
      stdout: '',
      stderr: `driftlab: unknown command "frobnicate" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`,
    });
  });

  it('an unknown option: exit code 2, one line naming it', async () => {
    const { code, stderr } = await cli('validate', '--frob', 'x.json');
    expect(code).toBe(2);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^driftlab: validate: Unknown option '--frob'/);
  });
});
