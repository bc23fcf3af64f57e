// Loading a scenario file for the CLI: size limit, JSON, validation; every problem on its own line.
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../core/scenario/schema.ts';
import { MAX_SCENARIO_BYTES, parseScenario, validateScenario } from '../core/scenario/validate.ts';
import { readTextFile, UsageError } from './io.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const DEFAULT_SCENARIO = `${SCENARIOS_DIR}recommender-trend-shift.json`;

/** Problems found in a scenario file; `message` is one line per problem, each prefixed by the file. */
export class ScenarioError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
  }
}

export function loadScenario(path: string): Scenario {
  const text = readTextFile(path, 'scenario file', MAX_SCENARIO_BYTES);
  const result = parseScenario(text);
  if (!result.ok) throw new ScenarioError(path, result.errors);
  return result.scenario;
}

/** Apply command-line overrides and validate again (a shorter run may cut an event off). */
export function withOverrides(
  path: string,
  scenario: Scenario,
  overrides: { seed?: number; ticks?: number },
): Scenario {
  const next = { ...scenario };
  if (overrides.seed !== undefined) next.seed = overrides.seed;
  if (overrides.ticks !== undefined) next.ticks = overrides.ticks;
  const result = validateScenario(next);
  if (!result.ok) throw new ScenarioError(`${path} (with --seed/--ticks)`, result.errors);
  return result.scenario;
}
