// preference.shift: one segment's tastes move toward a topic, at once (duration 0) or over `duration`
// ticks, by `strength` (the share of the way from where each user is to the new taste).
import { z } from 'zod';
import { int, share } from '../scenario/zod-helpers.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { durationProblems, segmentProblems, topicProblems } from './common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('preference.shift'),
    at: int(0, 'Tick at which the shift starts.', { min: 0 }),
    duration: int(0, 'Ticks over which it unfolds; 0 is a sudden shift.', { min: 0 }),
    segment: z.string().describe('Name of the segment that shifts.'),
    topic: z.number().int().min(0).describe('Topic the segment moves toward.'),
    strength: share(
      0.8,
      "Share of the way from each user's preference to the new taste (topic +1.2, others -0.4).",
    ),
  })
  .describe("A segment's preferences shift toward a topic (sudden or gradual).");

export const preferenceShift: EventDef<typeof schema> = {
  kind: 'preference.shift',
  doc: "A segment's preferences shift toward one topic, suddenly or over a number of ticks.",
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
  incident(e) {
    return {
      start: e.at,
      end: e.at + Math.max(0, e.duration - 1),
      affects: ['preferences', e.segment],
      label: `${e.segment} shifts toward topic ${e.topic}${e.duration > 0 ? ` over ${e.duration} ticks` : ''}`,
    };
  },
  apply(e, taskWorld, t) {
    if (t < e.at) return;
    const world = taskWorld as RecommenderWorld;
    const segment = world.segmentNames.indexOf(e.segment);
    if (e.duration === 0) {
      if (t === e.at) world.shiftSegment(segment, e.topic, e.strength);
    } else if (t < e.at + e.duration) {
      // Per-tick share whose compound effect over `duration` ticks equals `strength`.
      world.shiftSegment(segment, e.topic, 1 - (1 - e.strength) ** (1 / e.duration));
    }
  },
};
