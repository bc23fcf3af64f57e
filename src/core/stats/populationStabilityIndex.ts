// Population Stability Index of two weight (count) vectors over the same bins, reference first:
// sum_k (c_k - r_k) ln(c_k / r_k) over the proportions, a proportion of exactly 0 replaced by 1e-4
// without renormalising (the industry convention). A bin empty on both sides adds nothing. NaN when a
// vector sums to 0.

/** What a zero proportion is replaced by. */
export const PSI_EPSILON = 1e-4;

/** populationStabilityIndex(reference, current): PSI of the current weights against the reference's. */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  const k = reference.length;
  if (current.length !== k)
    throw new RangeError(`populationStabilityIndex: lengths differ (${k} and ${current.length})`);
  let nr = 0;
  let nc = 0;
  for (let i = 0; i < k; i++) {
    nr += reference[i]!;
    nc += current[i]!;
  }
  // 0 / 0 would turn into the 1e-4 floor below.
  if (!(nr > 0 && nc > 0)) return Number.NaN;
  let value = 0;
  for (let i = 0; i < k; i++) {
    if (reference[i]! + current[i]! === 0) continue;
    const r = reference[i]! / nr || PSI_EPSILON;
    const c = current[i]! / nc || PSI_EPSILON;
    value += (c - r) * Math.log(c / r);
  }
  return value;
}
