// Two-sample drift statistics (reference window vs current window), each matching the tool that
// defines it: scipy for ks, wasserstein and chiSquare, MONITORS.md's conventions for the binned
// distances, Evidently for its automatic choice. Every function takes plain or typed arrays (NaN
// values are skipped) and returns a plain object that names the convention it used.
//
// Every tick, without allocating in proportion to the window: make `const scratch = statsScratch(w)`
// once per window size w, then call `ks(ref, cur, { scratch })`, `wasserstein(..., { scratch })`,
// `psi(..., { scratch })`, `jensenShannon(..., { scratch })`, `hellinger(..., { scratch })`. Sorted
// copies, lattice-path columns, bin edges and counts then live in the scratch; what remains is the
// small result object (and typed-array views on the scratch). A window that keeps itself sorted can
// pass `{ sorted: true }` to ks and wasserstein and skip the copy too. The categorical statistics
// count into a Map per call; a caller that counts for itself (the window monitors count category
// codes) passes its counts to the weight-vector forms: jensenShannonDistance, hellingerDistance,
// populationStabilityIndex.
export { binnedCounts } from './binnedCounts.ts';
export { binSamples } from './binSamples.ts';
export { categoryCounts } from './categoryCounts.ts';
export { chiSquare } from './chiSquare.ts';
export { chiSquareSf } from './chiSquareSf.ts';
export { equalWidthEdges } from './equalWidthEdges.ts';
export { evidentlyDrift } from './evidentlyDrift.ts';
export { hellinger } from './hellinger.ts';
export { hellingerDistance } from './hellingerDistance.ts';
export { histogram } from './histogram.ts';
export { jensenShannon } from './jensenShannon.ts';
export { jensenShannonDistance } from './jensenShannonDistance.ts';
export { ks } from './ks.ts';
export { ksExactPvalue } from './ksExactPvalue.ts';
export { kstwoSf } from './kstwoSf.ts';
export { lInfinity } from './lInfinity.ts';
export { populationStabilityIndex } from './populationStabilityIndex.ts';
export { proportionZTest } from './proportionZTest.ts';
export { psi } from './psi.ts';
export { quantileEdges } from './quantileEdges.ts';
export { smirnovSf } from './smirnovSf.ts';
export { sortedSample } from './sortedSample.ts';
export { statsScratch } from './statsScratch.ts';
export { wasserstein } from './wasserstein.ts';
