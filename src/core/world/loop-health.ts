// Loop health: how concentrated and how alike exposure has become. A model that retrains on its own
// outputs shows more of what it already shows (popularity concentration), to everyone alike
// (homogenization), and leaves the rest unseen (coverage). Pure functions over typed arrays; the
// caller owns every buffer (scratch included), so a tick's measurement allocates nothing.
//
// References: the Gini coefficient of exposure as a popularity-bias measure (Abdollahpouri et al.,
// "Managing popularity bias in recommender systems", 2019); homogenization as the Jaccard overlap of
// what different users consumed (Chaney, Stewart & Engelhardt, "How algorithmic confounding in
// recommendation systems increases homogeneity and decreases utility", RecSys 2018).
import { grow } from './types.ts';

/**
 * gini(values, n, scratch): the Gini coefficient of the first n values (non-negative: exposure
 * counts). 0 when all are equal, (n - 1) / n when one entry holds everything; NaN when n is 0 or the
 * total is 0. Sorts a copy in `scratch` (length >= n) with an in-place heapsort: O(n log n), no
 * allocation. Formula on ascending x_1..x_n: G = sum_i (2i - n - 1) x_i / (n sum_i x_i).
 */
export function gini(values: ArrayLike<number>, n: number, scratch: Float64Array): number {
  if (scratch.length < n) throw new RangeError(`gini: scratch holds ${scratch.length} < ${n} values`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    scratch[i] = x;
    total += x;
  }
  if (n === 0 || !(total > 0)) return Number.NaN;
  heapsort(scratch, n);
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (2 * (i + 1) - n - 1) * scratch[i]!;
  return acc / (n * total);
}

/** Ascending in-place heapsort of a[0..n): no recursion, no allocation. */
function heapsort(a: Float64Array, n: number): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(a, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = a[0]!;
    a[0] = a[end]!;
    a[end] = t;
    siftDown(a, 0, end);
  }
}

function siftDown(a: Float64Array, root: number, end: number): void {
  const x = a[root]!;
  let i = root;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= end) break;
    if (child + 1 < end && a[child + 1]! > a[child]!) child++;
    if (a[child]! <= x) break;
    a[i] = a[child]!;
    i = child;
  }
  a[i] = x;
}

/**
 * coverage(counts, n): the share of the first n entries (items, campaigns, users) with a positive
 * count; NaN when n is 0.
 */
export function coverage(counts: ArrayLike<number>, n: number): number {
  if (n === 0) return Number.NaN;
  let hit = 0;
  for (let i = 0; i < n; i++) if (counts[i]! > 0) hit++;
  return hit / n;
}

/**
 * jaccard(a, b): |A ∩ B| / |A ∪ B| of two sets given as ascending lists of distinct ids (any
 * array-likes), read from a[aFrom..aTo) and b[bFrom..bTo); NaN when both are empty.
 */
export function jaccard(
  a: ArrayLike<number>,
  aFrom: number,
  aTo: number,
  b: ArrayLike<number>,
  bFrom: number,
  bTo: number,
): number {
  const union0 = aTo - aFrom + (bTo - bFrom);
  if (union0 === 0) return Number.NaN;
  let i = aFrom;
  let j = bFrom;
  let inter = 0;
  while (i < aTo && j < bTo) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (union0 - inter);
}

/**
 * meanJaccard(offsets, ids, m): the exact mean of jaccard over all pairs of the m sets held in CSR
 * form (set u is ids[offsets[u] .. offsets[u + 1]), ascending distinct ids). Sets that are empty are
 * left out of the pairs; NaN with fewer than two non-empty sets. O(m^2 L): a reference for tests and
 * small populations; per-tick measurement uses `homogenization`.
 */
export function meanJaccard(offsets: ArrayLike<number>, ids: ArrayLike<number>, m: number): number {
  let sum = 0;
  let pairs = 0;
  for (let u = 0; u < m; u++) {
    const a0 = offsets[u]!;
    const a1 = offsets[u + 1]!;
    if (a1 === a0) continue;
    for (let v = u + 1; v < m; v++) {
      const b0 = offsets[v]!;
      const b1 = offsets[v + 1]!;
      if (b1 === b0) continue;
      sum += jaccard(ids, a0, a1, ids, b0, b1);
      pairs++;
    }
  }
  return pairs > 0 ? sum / pairs : Number.NaN;
}

/** Buffers `homogenization` works in; make them once with `overlapScratch` and grow with the inputs. */
export interface OverlapScratch {
  /** users + 1 */
  userStart: Int32Array;
  /** entries */
  order: Int32Array;
  /** items: last user that counted the item */
  stamp: Int32Array;
  /** items: distinct users shown the item */
  degree: Int32Array;
}

export function overlapScratch(users: number, items: number, entries: number): OverlapScratch {
  return {
    userStart: new Int32Array(users + 1),
    order: new Int32Array(entries),
    stamp: new Int32Array(items),
    degree: new Int32Array(items),
  };
}

/**
 * homogenization(user, item, n, users, items, scratch): how alike the sets of items different users
 * were shown are, from n (user, item) exposure entries in any order, duplicates allowed (a user's set
 * is the distinct items of their entries). It is the pooled pairwise Jaccard overlap over the pairs of
 * users with a non-empty set,
 *   H = sum_pairs |A ∩ B| / sum_pairs |A ∪ B|,
 * a ratio of means rather than the mean of ratios (`meanJaccard`) because it is exact in O(n + users
 * + items): sum_pairs |A ∩ B| = sum_i d_i (d_i - 1) / 2 with d_i the distinct users shown item i, and
 * sum_pairs |A ∪ B| = (m - 1) sum_u |A_u| - sum_pairs |A ∩ B| for the m users with a set. 0 when no
 * two users share an item, 1 when every user was shown the same set; NaN with fewer than two users.
 * Ids must lie in [0, users) and [0, items); the scratch must hold users + 1, n and items entries.
 */
export function homogenization(
  user: ArrayLike<number>,
  item: ArrayLike<number>,
  n: number,
  users: number,
  items: number,
  scratch: OverlapScratch,
): number {
  const { userStart, order, stamp, degree } = scratch;
  if (userStart.length < users + 1 || order.length < n || stamp.length < items || degree.length < items) {
    throw new RangeError('homogenization: scratch too small for the inputs');
  }
  // Counting sort of the entries by user.
  userStart.fill(0, 0, users + 1);
  for (let e = 0; e < n; e++) userStart[user[e]! + 1]!++;
  for (let u = 0; u < users; u++) userStart[u + 1]! += userStart[u]!;
  for (let e = 0; e < n; e++) order[userStart[user[e]!]!++] = e;
  // userStart[u] now holds the end of user u's run; the start is the previous user's end.
  stamp.fill(0, 0, items);
  degree.fill(0, 0, items);
  let m = 0;
  let sizes = 0;
  let from = 0;
  for (let u = 0; u < users; u++) {
    const to = userStart[u]!;
    if (to === from) continue;
    m++;
    const mark = u + 1;
    for (let k = from; k < to; k++) {
      const i = item[order[k]!]!;
      if (stamp[i] !== mark) {
        stamp[i] = mark;
        degree[i]!++;
        sizes++;
      }
    }
    from = to;
  }
  if (m < 2) return Number.NaN;
  let inter = 0;
  for (let i = 0; i < items; i++) {
    const d = degree[i]!;
    inter += (d * (d - 1)) / 2;
  }
  const union = (m - 1) * sizes - inter;
  return union > 0 ? inter / union : Number.NaN;
}

/**
 * The exposures of the last `ticks` measured ticks, as (user, item) entries, with impressions per
 * user and per item within the window: what the measures above read. A rolling window because one
 * tick is too short to judge concentration (a user has at most a session or so per tick). Buffers
 * grow by doubling and are reused: steady state allocates nothing.
 */
export class ExposureWindow {
  readonly ticks: number;
  /** Impressions per user within the window. */
  userCount: Float64Array;
  /** Impressions per item within the window. */
  itemCount: Float64Array;
  /** Entries within the window. */
  size = 0;
  readonly #users: Int32Array[];
  readonly #items: Int32Array[];
  readonly #n: Int32Array;
  #slot = -1;

  constructor(ticks: number, users: number, items: number) {
    this.ticks = ticks;
    this.userCount = new Float64Array(users);
    this.itemCount = new Float64Array(items);
    this.#users = Array.from({ length: ticks }, () => new Int32Array(64));
    this.#items = Array.from({ length: ticks }, () => new Int32Array(64));
    this.#n = new Int32Array(ticks);
  }

  /** Start tick t (once per tick, in order): the entries of tick t - ticks leave the window. */
  advance(t: number): void {
    const slot = ((t % this.ticks) + this.ticks) % this.ticks;
    this.#slot = slot;
    const us = this.#users[slot]!;
    const is = this.#items[slot]!;
    for (let e = 0; e < this.#n[slot]!; e++) {
      this.userCount[us[e]!]! -= 1;
      this.itemCount[is[e]!]! -= 1;
    }
    this.size -= this.#n[slot]!;
    this.#n[slot] = 0;
  }

  /** One impression of `item` to `user` in the current tick. */
  add(user: number, item: number): void {
    const slot = this.#slot;
    const e = this.#n[slot]!;
    if (e >= this.#users[slot]!.length) {
      this.#users[slot] = grow(this.#users[slot]!, e * 2);
      this.#items[slot] = grow(this.#items[slot]!, e * 2);
    }
    if (user >= this.userCount.length) this.userCount = grow(this.userCount, user * 2 + 1);
    if (item >= this.itemCount.length) this.itemCount = grow(this.itemCount, item * 2 + 1);
    this.#users[slot]![e] = user;
    this.#items[slot]![e] = item;
    this.#n[slot] = e + 1;
    this.userCount[user]! += 1;
    this.itemCount[item]! += 1;
    this.size++;
  }

  /** Copy the window's entries into `user` and `item` (length >= size); returns size. */
  entries(user: Int32Array, item: Int32Array): number {
    let k = 0;
    for (let s = 0; s < this.ticks; s++) {
      const us = this.#users[s]!;
      const is = this.#items[s]!;
      for (let e = 0; e < this.#n[s]!; e++, k++) {
        user[k] = us[e]!;
        item[k] = is[e]!;
      }
    }
    return k;
  }
}
