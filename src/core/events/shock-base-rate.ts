// shock.baseRate: a global event changes base rates overnight. Fraud: the rate of account takeovers
// (task.baseRate) is multiplied by `factor` (a data breach leaks credentials); recommender: every
// user's session probability is multiplied by `factor` (demand falls or surges). From `at`, for
// `duration` ticks (0: to the end). Only a probability changes: the fraud world draws every stream as
// before; the recommender draws the same arrival uniforms, and fewer (or more) users pass them.
import { z } from 'zod';
import { num } from '../scenario/zod-helpers.ts';
import type { FraudWorld } from '../world/fraud/world.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { durationProblems, inWindow, windowEnd } from './common.ts';
import { shockWindow } from './shock-common.ts';
import type { EventDef, Problem } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('shock.baseRate'),
    ...shockWindow('the change', 0),
    factor: num(
      2,
      'Multiplier of the base rate: fraud, the takeover rate (task.baseRate); recommender, every user’s session probability.',
      { gt: 0, max: 100 },
    ),
  })
  .describe('A global event changes the base fraud rate or demand overnight.');

export const shockBaseRate: EventDef<typeof schema> = {
  kind: 'shock.baseRate',
  doc: 'A global event multiplies a base rate overnight: the takeover fraud rate (fraud) or demand, the users’ session probability (recommender).',
  cause: 'shock',
  tasks: ['recommender', 'fraud'],
  schema,
  check(e, scenario) {
    const problems: Problem[] = durationProblems(e.at, e.duration, scenario);
    if (scenario.task.kind === 'fraud') {
      const base = (scenario.task as { baseRate: number }).baseRate;
      if (base * e.factor > 1) {
        problems.push({
          path: ['factor'],
          message: `expected factor x task.baseRate ≤ 1 (task.baseRate is ${base}, so factor ≤ ${+(1 / base).toFixed(4)}), got ${e.factor}`,
        });
      }
    }
    return problems;
  },
  incident(e, scenario) {
    const fraud = scenario.task.kind === 'fraud';
    return {
      start: e.at,
      end: windowEnd(e.at, e.duration, scenario),
      affects: fraud ? ['fraud', 'baseRate'] : ['activity', 'sessions'],
      label: `${fraud ? 'takeover fraud rate' : 'demand (session probability)'} x ${e.factor}${e.duration > 0 ? ` for ${e.duration} ticks` : ''}`,
    };
  },
  apply(e, world, t) {
    if (!inWindow(e.at, e.duration, t)) return;
    if (world.kind === 'fraud') (world as FraudWorld).baseRateFactor *= e.factor;
    else if (world.kind === 'recommender') (world as RecommenderWorld).activityFactor *= e.factor;
  },
};
