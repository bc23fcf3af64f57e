// The window and the checks every event family shares (common.ts), and the faults' optional-duration
// window built on it (fault-common.ts): one mechanism, so preferences, shocks and faults agree on
// when they are on, where their incident ends and which durations fit the run.
import { describe, expect, it } from 'vitest';
import { durationProblems, earlierTwin, inWindow, windowEnd } from '../../../src/core/events/common.ts';
import { active, windowOf, windowProblems } from '../../../src/core/events/fault-common.ts';
import type { Scenario } from '../../../src/core/scenario/schema.ts';
import { defaultWith } from '../../support/scenarios.ts';

const scenario = defaultWith({
  ticks: 20,
  events: [
    { kind: 'preference.drift', at: 5 },
    { kind: 'preference.drift', at: 6 },
    { kind: 'preference.drift', at: 5 },
    { kind: 'preference.drift', at: 5 },
  ],
});
const on = (f: (t: number) => boolean) => Array.from({ length: 20 }, (_, t) => t).filter(f);

describe('a window of `duration` ticks from `at`', () => {
  it('inWindow(at, duration, t) is on for [at, at + duration), or from `at` to the end when duration is 0', () => {
    expect(on((t) => inWindow(5, 3, t))).toEqual([5, 6, 7]);
    expect(on((t) => inWindow(5, 0, t))).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('windowEnd(at, duration, scenario) is its last tick; durationProblems(at, duration, scenario) refuses one past the run', () => {
    expect(windowEnd(5, 3, scenario)).toBe(7);
    expect(windowEnd(5, 0, scenario)).toBe(19);
    expect(durationProblems(17, 3, scenario)).toEqual([]);
    expect(durationProblems(17, 4, scenario)).toEqual([
      { path: ['duration'], message: 'expected at + duration ≤ 20 (ticks), got 17 + 4' },
    ]);
  });

  it("a fault's absent duration is the window to the end; a set one is checked like any other", () => {
    expect(on((t) => active({ at: 5, duration: 3 }, t))).toEqual(on((t) => inWindow(5, 3, t)));
    expect(on((t) => active({ at: 5 }, t))).toEqual(on((t) => inWindow(5, 0, t)));
    expect(windowOf({ at: 5 }, scenario)).toEqual({ start: 5, end: 19 });
    expect(windowOf({ at: 5, duration: 3 }, scenario)).toEqual({ start: 5, end: 7 });
    expect(windowProblems({ at: 25 }, scenario)).toEqual([]);
    expect(windowProblems({ at: 17, duration: 4 }, scenario)).toEqual(durationProblems(17, 4, scenario));
  });
});

describe('earlierTwin(e, scenario, same)', () => {
  it('is the index of the first earlier event `same` matches, -1 when there is none', () => {
    type Event = Scenario['events'][number];
    const sameAt = (e: Event) => (o: Event) => o.at === e.at;
    const twins = scenario.events.map((e) => earlierTwin(e, scenario, sameAt(e)));
    expect(twins).toEqual([-1, -1, 0, 0]);
  });
});
