// Small scenarios for tests: the default scenario, shrunk where a test only needs to prove a point.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mergePatch } from '../../src/core/scenario/merge-patch.ts';
import type { Scenario } from '../../src/core/scenario/schema.ts';
import { validateScenario } from '../../src/core/scenario/validate.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export function defaultScenarioJson(): Record<string, unknown> & { population: Record<string, unknown> } {
  return JSON.parse(readFileSync(resolve(ROOT, 'scenarios/recommender-trend-shift.json'), 'utf8'));
}

/** Validate a scenario object or fail the test with the validator's messages. */
export function scenario(json: unknown): Scenario {
  const v = validateScenario(json);
  if (!v.ok) throw new Error(`invalid test scenario:\n${v.errors.join('\n')}`);
  return v.scenario;
}

/** The default scenario with `overrides` applied as a JSON merge patch (objects merge, lists replace). */
export function defaultWith(overrides: Record<string, unknown>): Scenario {
  return scenario(mergePatch(defaultScenarioJson(), overrides));
}

export function meanOf(xs: readonly (number | null)[], from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let t = from; t < to; t++) {
    const x = xs[t];
    if (x !== null && x !== undefined) {
      s += x;
      c++;
    }
  }
  return c > 0 ? s / c : Number.NaN;
}
