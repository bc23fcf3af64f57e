// preference.trend: a viral trend. A topic's appeal spreads through the population by contagion, not
// by decree: at `at` a seed share of the users adopt it; each tick after, every user meets `contacts`
// others at random and a non-adopter adopts with probability rate x (share of adopters among them).
// The expected share follows the logistic map a' = a + rate a (1 - a): slow, fast, slow (S-shaped).
// Adopting moves a user's preference for the topic toward 1.2 and crowds out the others.
import { z } from 'zod';
import { int, num, share } from '../scenario/zod-helpers.ts';
import type { RecommenderWorld } from '../world/recommender/world.ts';
import { earlierTwin, segmentIndex, segmentProblems, topicProblems } from './common.ts';
import type { EventDef, Problem } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('preference.trend'),
    at: int(0, 'Tick at which the seed adopters take up the trend.', { min: 0 }),
    topic: z.number().int().min(0).describe('Topic that goes viral.'),
    segment: z
      .string()
      .optional()
      .describe('Segment the trend spreads in (its users meet each other); default the whole population.'),
    seed: num(0.01, 'Share of the users who adopt at `at` (at least one user).', { gt: 0, max: 1 }),
    rate: num(0.25, 'Adoption rate: P(adopt) per tick = rate x share of adopters among the contacts met.', {
      gt: 0,
      max: 1,
    }),
    contacts: int(10, 'Users each user meets per tick; 0 uses the adopters share of everyone reached.', {
      min: 0,
      max: 100,
    }),
    strength: share(0.8, "Share of the way an adopter's preference for the topic moves toward 1.2."),
    crowding: share(
      0.3,
      "Share of the way an adopter's preference for every other topic moves toward -0.4 (attention is finite).",
    ),
  })
  .describe("A topic's appeal spreads by contagion (an S-shaped adoption curve).");

type TrendEvent = z.output<typeof schema>;

/** Share adopted at which the incident window closes (the trend has saturated). */
export const TREND_SATURATION = 0.95;

/**
 * Ticks from `at` until the expected adoption share, following the logistic map from the seed
 * share, reaches TREND_SATURATION (at most `limit`).
 */
export function trendTicksToSaturation(e: Pick<TrendEvent, 'seed' | 'rate'>, limit: number): number {
  let a = e.seed;
  let n = 0;
  while (a < TREND_SATURATION && n < limit) {
    a += e.rate * a * (1 - a);
    n++;
  }
  return n;
}

export const preferenceTrend: EventDef<typeof schema> = {
  kind: 'preference.trend',
  doc: "A viral trend: a topic's appeal spreads by contagion from a seed share at a rate (S-shaped adoption).",
  cause: 'preference',
  tasks: ['recommender'],
  schema,
  check(e, scenario) {
    const problems: Problem[] = [
      ...segmentProblems(e.segment, scenario),
      ...topicProblems(e.topic, scenario),
    ];
    // Two trends with the same topic, segment and start would share one adoption state.
    const dup = earlierTwin(
      e,
      scenario,
      (o) => o.kind === 'preference.trend' && o.topic === e.topic && o.segment === e.segment && o.at === e.at,
    );
    if (dup >= 0) {
      problems.push({
        path: ['topic'],
        message: `the same trend (topic, segment and at) as events[${dup}]; merge them`,
      });
    }
    return problems;
  },
  incident(e, scenario) {
    const end = Math.min(scenario.ticks - 1, e.at + trendTicksToSaturation(e, scenario.ticks));
    return {
      start: e.at,
      end,
      affects: ['preferences', e.segment ?? 'all users'],
      label: `topic ${e.topic} goes viral${e.segment ? ` among ${e.segment}` : ''} (seed ${e.seed}, rate ${e.rate}; ${Math.round(TREND_SATURATION * 100)}% adopted by tick ${end} in expectation)`,
    };
  },
  apply(e, taskWorld, t) {
    if (t < e.at) return;
    const world = taskWorld as RecommenderWorld;
    world.spreadTrend(`${e.topic}.${e.segment ?? '*'}.${e.at}`, segmentIndex(world, e.segment), e.topic, {
      seedShare: e.seed,
      rate: e.rate,
      contacts: e.contacts,
      strength: e.strength,
      crowding: e.crowding,
    });
  },
};
