// shock.competitor: a competitor courts one segment, and its users leave faster. From `at`, for
// `duration` ticks (0: to the end), the segment's churn probabilities are multiplied by `factor`
// (recommender: the chance that a user who keeps missing leaves; fraud: the per-tick attrition and
// the chance that a customer whose payment was blocked closes the account), and the competitor poaches
// a share `poach` of the segment's users whatever their experience (recommender: per session; fraud:
// per account and tick). The churn streams are drawn as before (one draw per session, or per account
// and tick), so only who leaves changes.
import { z } from 'zod';
import { num, share } from '../scenario/zod-helpers.ts';
import type { FraudWorld } from '../world/fraud/world.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { durationProblems, inWindow, segmentProblems, windowEnd } from './common.ts';
import { shockWindow } from './shock-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('shock.competitor'),
    ...shockWindow('the competitor’s campaign', 0),
    segment: z.string().describe('Name of the segment the competitor courts.'),
    factor: num(3, "Multiplier of the segment's churn probabilities.", { min: 1, max: 1000 }),
    poach: share(
      0.005,
      'Probability that a user of the segment leaves for the competitor however satisfied (recommender: per session; fraud: per account and tick).',
    ),
  })
  .describe('A competitor courts a segment: its churn rises.');

export const shockCompetitor: EventDef<typeof schema> = {
  kind: 'shock.competitor',
  doc: "A competitor courts one segment: the segment's churn probabilities are multiplied by a factor, and some of its users are poached whatever their experience.",
  cause: 'shock',
  tasks: ['recommender', 'fraud'],
  schema,
  check(e, scenario) {
    return [...durationProblems(e.at, e.duration, scenario), ...segmentProblems(e.segment, scenario)];
  },
  incident(e, scenario) {
    return {
      start: e.at,
      end: windowEnd(e.at, e.duration, scenario),
      affects: ['churn', e.segment],
      label: `a competitor courts ${e.segment}: churn x ${e.factor}, poaching ${+(e.poach * 100).toFixed(3)}%${e.duration > 0 ? ` for ${e.duration} ticks` : ''}`,
    };
  },
  apply(e, world, t) {
    if (!inWindow(e.at, e.duration, t)) return;
    const w = world as FraudWorld | RecommenderWorld;
    const segment = w.segmentNames.indexOf(e.segment);
    w.churnFactor[segment]! *= e.factor;
    w.poachRate[segment] = 1 - (1 - w.poachRate[segment]!) * (1 - e.poach);
  },
};
