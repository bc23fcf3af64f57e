// preference.seasonal: a topic's appeal oscillates with a period, as the seasons (or the weekly cycle)
// move tastes: every reached user's preference for the topic is offset by
//   amplitude x sin(2 pi (t - at) / period)
// from `at` through the window's last tick (0 at `at`, so nothing jumps); the offset is taken back
// the tick after the window. No random draws.
import { z } from 'zod';
import { int, num } from '../scenario/zod-helpers.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { durationProblems, segmentIndex, segmentProblems, topicProblems, windowEnd } from './common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('preference.seasonal'),
    at: int(0, 'Tick at which the cycle starts (offset 0, rising first).', { min: 0 }),
    duration: int(0, 'Ticks the cycle lasts; 0 runs it to the end of the run.', { min: 0 }),
    topic: z.number().int().min(0).describe('Topic whose appeal oscillates.'),
    segment: z.string().optional().describe('Segment whose tastes oscillate; default everyone.'),
    period: int(28, 'Ticks per cycle.', { min: 2, max: 100_000 }),
    amplitude: num(1, 'Largest offset of the preference for the topic (preferences span about -1..1).', {
      gt: 0,
      max: 2,
    }),
  })
  .describe("A topic's appeal oscillates with a period and an amplitude.");

type SeasonalEvent = z.output<typeof schema>;

/** The offset the cycle adds to the topic's preference at tick t (0 outside [at, end]). */
export function seasonalOffset(e: SeasonalEvent, end: number, t: number): number {
  if (t < e.at || t > end) return 0;
  return e.amplitude * Math.sin((2 * Math.PI * (t - e.at)) / e.period);
}

export const preferenceSeasonal: EventDef<typeof schema> = {
  kind: 'preference.seasonal',
  doc: "A topic's appeal oscillates (a period, an amplitude), for everyone or one segment.",
  cause: 'preference',
  tasks: ['recommender'],
  schema,
  check(e, scenario) {
    return [
      ...segmentProblems(e.segment, scenario),
      ...topicProblems(e.topic, scenario),
      ...durationProblems(e.at, e.duration, scenario),
    ];
  },
  incident(e, scenario) {
    return {
      start: e.at,
      end: windowEnd(e.at, e.duration, scenario),
      affects: ['preferences', e.segment ?? 'all users'],
      label: `topic ${e.topic}'s appeal oscillates${e.segment ? ` among ${e.segment}` : ''} (period ${e.period}, amplitude ${e.amplitude})`,
    };
  },
  apply(e, taskWorld, t) {
    const end = e.duration > 0 ? e.at + e.duration - 1 : Number.POSITIVE_INFINITY;
    if (t < e.at || t > end + 1) return;
    const delta = seasonalOffset(e, end, t) - seasonalOffset(e, end, t - 1);
    if (delta === 0) return;
    const world = taskWorld as RecommenderWorld;
    world.nudgeTopic(segmentIndex(world, e.segment), e.topic, delta);
  },
};
