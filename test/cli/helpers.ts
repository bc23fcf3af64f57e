// Test helpers for the CLI: a capturing Io for `main(argv, io)`, temporary folders, and a small scenario.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';

/** An Io that keeps what a command printed. */
export interface CapturedIo extends Io {
  stdout: string;
  stderr: string;
}

export function captureIo(): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    isTty: false,
    out: (text) => {
      io.stdout += text;
    },
    err: (text) => {
      io.stderr += text;
    },
  };
  return io;
}

/** Run `driftlab <argv>` in this process; the exit code and everything printed. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Non-empty lines of a command's output. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

export interface TempDir {
  dir: string;
  /** Remove the folder (call it in afterEach/afterAll). */
  remove(): void;
  /** A path in the folder. */
  file(name: string): string;
  /** Write a file in the folder (text as it is, anything else as indented JSON); its path. */
  write(name: string, content: unknown): string;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'driftlab-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string) => join(dir, name);
  return {
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
    file,
    write(name, content) {
      writeFileSync(file(name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file(name);
    },
  };
}

export const TICKS = 30;

/** A small scenario (300 users, 30 ticks) with one event and two monitors: well under a second a run. */
export const small = {
  $schema: './scenario.schema.json',
  id: 'small-test',
  title: 'A small test run',
  story: 'Enthusiasts turn to topic 6 at tick 15.',
  seed: 3,
  ticks: TICKS,
  task: { kind: 'recommender' },
  population: { users: 300 },
  events: [{ kind: 'preference.shift', at: 15, segment: 'enthusiasts', topic: 6 }],
  monitors: [
    { id: 'ph', kind: 'pageHinkley', input: 'rowErrors', threshold: 5 },
    { id: 'ctr', kind: 'threshold', input: 'observedCtr', relative: true, alarmBelow: 0.9, baselineTicks: 5 },
  ],
};
