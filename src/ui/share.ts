// From a URL state to the scenario to run, and back: the link names a library scenario and carries
// the user's edits as a merge patch, or carries a whole scenario that is not in the library. Seed and
// run length are overrides beside it, as on the command line (--seed, --ticks). Pure functions.
import { diffPatch, mergePatch } from '../core/scenario/merge-patch.ts';
import type { UrlState } from './url-state.ts';

export type Library = Readonly<Record<string, Record<string, unknown>>>;

export interface RunSetup {
  /** The scenario as the editor shows it (without the overrides). */
  json: Record<string, unknown>;
  seed: number | undefined;
  ticks: number | undefined;
  problems: string[];
}

/** The scenario a URL state describes; unknown ids and malformed scenarios fall back to the default. */
export function resolveSetup(state: UrlState, library: Library, defaultId: string): RunSetup {
  const problems: string[] = [];
  let json: unknown;
  if (state.scenario !== undefined) {
    json = state.scenario;
  } else {
    let id = state.scenarioId ?? defaultId;
    if (!library[id]) {
      problems.push(`scenario: no library scenario "${id}", showing "${defaultId}"`);
      id = defaultId;
    }
    json = state.patch === undefined ? library[id] : mergePatch(library[id], state.patch);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push('json: expected a scenario object, showing the default scenario');
    json = library[defaultId];
  }
  return {
    json: structuredClone(json) as Record<string, unknown>,
    seed: state.seed,
    ticks: state.ticks,
    problems,
  };
}

/** The URL state of a scenario as run: the library id plus a patch when it derives from one. */
export function shareState(
  json: Record<string, unknown>,
  library: Library,
  seed: number,
  ticks: number | undefined,
  compare = false,
): UrlState {
  const state: UrlState = {};
  const id = typeof json.id === 'string' ? json.id : undefined;
  const base = id !== undefined ? library[id] : undefined;
  if (id !== undefined && base) {
    state.scenarioId = id;
    const patch = diffPatch(base, json);
    if (patch !== undefined) state.patch = patch;
  } else {
    state.scenario = json;
  }
  state.seed = seed;
  if (ticks !== undefined && ticks !== json.ticks) state.ticks = ticks;
  if (compare) state.compare = true;
  return state;
}

/** The scenario with the seed and run-length overrides applied. */
export function withOverrides(
  json: Record<string, unknown>,
  seed: number | undefined,
  ticks: number | undefined,
): Record<string, unknown> {
  const out = { ...json };
  if (seed !== undefined) out.seed = seed;
  if (ticks !== undefined) out.ticks = ticks;
  return out;
}
