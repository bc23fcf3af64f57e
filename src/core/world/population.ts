// What the tasks' populations share at construction: how each user's activity spreads around its
// segment's rate, and the topics (ad categories) a segment starts out preferring. One definition, so
// the recommender, fraud and ads worlds draw their users alike.
import type { Rng } from '../rng.ts';

/**
 * A user's probability of a session per tick: the segment's `rate` times a lognormal factor of mean 1
 * (sd 0.3 on the log scale, shifted by 0.3² / 2), capped at 1. One normal from `init`.
 */
export function userActivity(init: Rng, rate: number): number {
  return Math.min(1, rate * Math.exp(init.normal(0, 0.3) - 0.045));
}

/** The topics segment `index` starts out preferring: its `favourites`, or by default topic index mod K. */
export function segmentFavourites(
  segment: { favourites: readonly number[] },
  index: number,
  K: number,
): readonly number[] {
  return segment.favourites.length > 0 ? segment.favourites : [index % K];
}

/** A user's initial preference for one topic: about 0.8 for a favourite, -0.4 otherwise. One normal. */
export function initialTaste(init: Rng, favourite: boolean): number {
  return (favourite ? 0.8 : -0.4) + init.normal(0, 0.3);
}
