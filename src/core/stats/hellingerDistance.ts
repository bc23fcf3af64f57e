// Hellinger distance between two discrete distributions given as weight (count) vectors over the same
// bins: both normalised to sum 1, then sqrt(sum_k (sqrt p_k - sqrt q_k)^2 / 2), which equals
// sqrt(1 - sum_k sqrt(p_k q_k)) without its cancellation for nearly equal distributions. NaN when a
// vector sums to 0.

/** hellingerDistance(p, q): the Hellinger distance in [0, 1] of two weight vectors. */
export function hellingerDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const k = p.length;
  if (q.length !== k) throw new RangeError(`hellingerDistance: lengths differ (${k} and ${q.length})`);
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < k; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  let s = 0;
  for (let i = 0; i < k; i++) {
    const d = Math.sqrt(p[i]! / sp) - Math.sqrt(q[i]! / sq);
    s += d * d;
  }
  return Math.sqrt(s / 2);
}
