// What events of every family share: a window of `duration` ticks from `at` in which 0 runs to the end
// of the run (the preferences' and the shocks'; the faults' optional duration is built on it in
// fault-common.ts), the checks that name a segment, a topic or one value of a list, and the check that
// an event is not a twin of an earlier one.
import type { Scenario } from '../scenario/schema.ts';
import type { TaskWorld } from '../world/task.ts';
import type { Problem } from './types.ts';

/** True while a window of `duration` ticks from `at` (0: to the end of the run) is on at tick t. */
export function inWindow(at: number, duration: number, t: number): boolean {
  return t >= at && (duration === 0 || t < at + duration);
}

/** Last tick of a window of `duration` ticks from `at`; 0 means until the end of the run. */
export function windowEnd(at: number, duration: number, scenario: Scenario): number {
  return duration > 0 ? at + duration - 1 : scenario.ticks - 1;
}

/** A window of `duration` ticks from `at` must fit the run. */
export function durationProblems(at: number, duration: number, scenario: Scenario): Problem[] {
  if (at + duration <= scenario.ticks) return [];
  return [
    {
      path: ['duration'],
      message: `expected at + duration ≤ ${scenario.ticks} (ticks), got ${at} + ${duration}`,
    },
  ];
}

/** `"a", "b", "c"`: names as a message lists them. */
export const quote = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

/** A value that must be one of a list (`expected one of "a", "b", got "c"`). */
export function oneOfProblems(path: string, value: string, allowed: readonly string[]): Problem[] {
  if (allowed.includes(value)) return [];
  return [{ path: [path], message: `expected one of ${quote(allowed)}, got "${value}"` }];
}

/** A segment name (optional or required) must be one of the population's. */
export function segmentProblems(segment: string | undefined, scenario: Scenario): Problem[] {
  if (segment === undefined) return [];
  return oneOfProblems(
    'segment',
    segment,
    scenario.population.segments.map((s) => s.name),
  );
}

/** A topic must be below task.topics (recommender). */
export function topicProblems(topic: number, scenario: Scenario): Problem[] {
  if (scenario.task.kind !== 'recommender' || topic < scenario.task.topics) return [];
  return [
    {
      path: ['topic'],
      message: `expected 0 ≤ topic < ${scenario.task.topics} (task.topics), got ${topic}`,
    },
  ];
}

/** The world's index of an optional segment name (-1: everyone). */
export function segmentIndex(world: TaskWorld, segment: string | undefined): number {
  return segment === undefined ? -1 : world.segmentNames.indexOf(segment);
}

/**
 * Index of the first earlier event of the scenario that is the same as `e` by `same` (-1: none): two
 * such events would share one state or one stream.
 */
export function earlierTwin(
  e: Scenario['events'][number],
  scenario: Scenario,
  same: (other: Scenario['events'][number]) => boolean,
): number {
  const self = scenario.events.indexOf(e);
  return scenario.events.findIndex((o, i) => i < self && same(o));
}
