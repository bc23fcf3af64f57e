// Updates per second of every streaming detector on a 10-million-value stream with a change in the
// middle (N(0,1) → N(1,1) for numeric detectors, 0/1 errors at 20 % → 40 % for binary ones). The
// stream is generated once, outside the timed part. Targets: ADWIN ≥ 5M/s, Page-Hinkley and
// DDM ≥ 50M/s.
import type { StreamDetector } from '../../src/core/monitors/detector.ts';
import {
  createDetector,
  DETECTORS,
  type DetectorKind,
  detectorKinds,
} from '../../src/core/monitors/detectors/index.ts';
import { Rng } from '../../src/core/rng.ts';
import type { BenchCase } from './types.ts';

const N = 10_000_000;

const streams = new Map<'real' | 'binary', Float64Array>();

function streamFor(input: 'real' | 'binary'): Float64Array {
  let xs = streams.get(input);
  if (!xs) {
    const rng = new Rng(1, `bench.detectors.${input}`);
    xs = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      const after = i >= N / 2;
      xs[i] = input === 'binary' ? (rng.bernoulli(after ? 0.4 : 0.2) ? 1 : 0) : rng.normal(after ? 1 : 0, 1);
    }
    streams.set(input, xs);
  }
  return xs;
}

type Loop = (d: StreamDetector, xs: Float64Array) => number;

/**
 * The timed loop, compiled afresh for each kind: one shared loop would see every detector class at
 * its call sites and measure megamorphic dispatch instead of the detector. The source differs per
 * kind (a comment), else V8's compilation cache would hand every case the same function and its
 * type feedback.
 */
const freshLoop = (kind: string): Loop =>
  new Function(
    'd',
    'xs',
    `/* ${kind} */ let drifts = 0; for (let i = 0; i < xs.length; i++) { d.update(xs[i]); if (d.driftDetected) drifts++; } return drifts;`,
  ) as Loop;

function bench(kind: DetectorKind): BenchCase {
  return {
    name: `detector.${kind}`,
    run() {
      const def = DETECTORS[kind];
      const xs = streamFor(def.input);
      const create = () => createDetector(kind, {}, new Rng(0, `monitor.${kind}`));
      const loop = freshLoop(kind);
      // Let the JIT see the hot path before timing it.
      loop(create(), xs.subarray(0, 200_000));
      const d = create();
      const t0 = performance.now();
      const drifts = loop(d, xs);
      const seconds = (performance.now() - t0) / 1000;
      return { updatesPerSec: N / seconds, drifts };
    },
  };
}

export default detectorKinds.map(bench) satisfies BenchCase[];
