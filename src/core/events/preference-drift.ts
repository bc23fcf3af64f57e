// preference.drift: tastes wander. From `at`, every reached user's preference vector takes a random-walk
// step each tick of standard deviation `rate` per topic, on top of the world's own baseline drift
// (task.dynamics.randomDrift) and its drift toward what users consume. Each user wanders on their own
// by default, so what the platform learned about each of them goes stale and the best item for a user
// is more and more often one the model ranks low (regret up, true AUC down). A share `shared` of the
// step's variance can instead be common to all the users reached (tastes drifting together); a shared
// walk moves whole topics up or down, which the model partly tracks when it retrains, and it can even
// raise engagement when a topic everyone likes more is one the model already shows. The steps come
// from the world stream `world.walk.<at>.<segment>`, K + users x K draws per tick.
import { z } from 'zod';
import { int, num, share } from '../scenario/zod-helpers.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { durationProblems, inWindow, segmentIndex, segmentProblems, windowEnd } from './common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('preference.drift'),
    at: int(0, 'Tick at which the walk starts.', { min: 0 }),
    duration: int(0, 'Ticks the walk lasts; 0 runs it to the end of the run.', { min: 0 }),
    segment: z.string().optional().describe('Segment whose tastes wander; default everyone.'),
    rate: num(0.05, 'Standard deviation of the per-tick step of each topic preference.', {
      gt: 0,
      max: 0.5,
    }),
    shared: share(
      0,
      "Share of the step's variance common to all the users reached (0: each user wanders alone; 1: they move as one).",
    ),
  })
  .describe('A gradual random walk of preferences with a rate, on top of the baseline drift.');

export const preferenceDrift: EventDef<typeof schema> = {
  kind: 'preference.drift',
  doc: 'A gradual random walk of preferences (a rate per tick, a shared share), for everyone or one segment.',
  cause: 'preference',
  tasks: ['recommender'],
  schema,
  check(e, scenario) {
    return [...segmentProblems(e.segment, scenario), ...durationProblems(e.at, e.duration, scenario)];
  },
  incident(e, scenario) {
    return {
      start: e.at,
      end: windowEnd(e.at, e.duration, scenario),
      affects: ['preferences', e.segment ?? 'all users'],
      label: `preferences${e.segment ? ` of ${e.segment}` : ''} wander (rate ${e.rate} per tick, ${Math.round(e.shared * 100)}% shared)`,
    };
  },
  apply(e, taskWorld, t) {
    if (!inWindow(e.at, e.duration, t)) return;
    const world = taskWorld as RecommenderWorld;
    world.walkPreferences(`${e.at}.${e.segment ?? '*'}`, segmentIndex(world, e.segment), e.rate, e.shared);
  },
};
