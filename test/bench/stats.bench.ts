// Seconds per call of every two-sample drift statistic on 1,000,000 reference vs 1,000,000 current
// values (N(0,1) vs N(0.003,1): close enough that KS lands in its costliest p-value branch, the
// one-sided Smirnov sum at n = 500,000; labels over 8 categories for the categorical ones). Data is
// generated once, outside the timed part; each case warms up on 10,000 values, then repeats the call
// for at least MIN_SECONDS (3 to 50 calls) and reports the best (`seconds`) and the median
// (`medianSeconds`): a single 30-300 ms timing moved by 20% between runs on a shared machine.
// Target: ks under 0.5 s on the 2-core reference machine.
import { Rng } from '../../src/core/rng.ts';
import { chiSquare } from '../../src/core/stats/chiSquare.ts';
import { hellinger } from '../../src/core/stats/hellinger.ts';
import { jensenShannon } from '../../src/core/stats/jensenShannon.ts';
import { ks } from '../../src/core/stats/ks.ts';
import { lInfinity } from '../../src/core/stats/lInfinity.ts';
import { psi } from '../../src/core/stats/psi.ts';
import { wasserstein } from '../../src/core/stats/wasserstein.ts';
import type { BenchCase } from './types.ts';

const N = 1_000_000;
const WARM = 10_000;
const MIN_SECONDS = 2;
const MIN_CALLS = 3;
const MAX_CALLS = 50;

let numeric: [Float64Array, Float64Array] | undefined;
function numbers(): [Float64Array, Float64Array] {
  if (!numeric) {
    const rng = new Rng(1, 'bench.stats');
    const a = new Float64Array(N);
    const b = new Float64Array(N);
    for (let i = 0; i < N; i++) a[i] = rng.normal(0, 1);
    for (let i = 0; i < N; i++) b[i] = rng.normal(0.003, 1);
    numeric = [a, b];
  }
  return numeric;
}

let categorical: [string[], string[]] | undefined;
function labels(): [string[], string[]] {
  if (!categorical) {
    const rng = new Rng(2, 'bench.stats.labels');
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const draw = (weights: number[]) => Array.from({ length: N }, () => names[rng.categorical(weights)]!);
    categorical = [draw([8, 7, 6, 5, 4, 3, 2, 1]), draw([7, 7, 6, 5, 4, 3, 2, 1])];
  }
  return categorical;
}

function timed<T extends { slice(start: number, end: number): T }>(
  name: string,
  data: () => [T, T],
  f: (a: T, b: T) => unknown,
): BenchCase {
  return {
    name: `stats.${name}`,
    run() {
      const [a, b] = data();
      f(a.slice(0, WARM), b.slice(0, WARM));
      const times: number[] = [];
      let total = 0;
      while (times.length < MAX_CALLS && (times.length < MIN_CALLS || total < MIN_SECONDS)) {
        const t0 = performance.now();
        f(a, b);
        const dt = (performance.now() - t0) / 1000;
        times.push(dt);
        total += dt;
      }
      times.sort((x, y) => x - y);
      return { seconds: times[0]!, medianSeconds: times[Math.floor(times.length / 2)]!, calls: times.length };
    },
  };
}

export default [
  timed('ks', numbers, (a, b) => ks(a, b)),
  timed('wasserstein', numbers, (a, b) => wasserstein(a, b)),
  timed('jensenShannon', numbers, (a, b) => jensenShannon(a, b)),
  timed('psi', numbers, (a, b) => psi(a, b)),
  timed('psi.uniform', numbers, (a, b) => psi(a, b, { binning: 'uniform' })),
  timed('hellinger', numbers, (a, b) => hellinger(a, b)),
  timed('chiSquare', labels, (a, b) => chiSquare(a, b)),
  timed('lInfinity', labels, (a, b) => lInfinity(a, b)),
] satisfies BenchCase[];
