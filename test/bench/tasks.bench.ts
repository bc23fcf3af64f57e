// One line per task at about 10,000 sessions a tick, beside a generic bare kernel of the same counts.
//
// engine.fraud.logistic: scenarios/fraud-new-pattern.json, users scaled to 10,000 expected
//   transactions a tick (one candidate row each). engine.ads.logistic: scenarios/ads-narrowing-loop.json,
//   users scaled to 10,000 expected sessions a tick (task.candidates ads scored per session).
// generic kernel: per user and tick one arrival draw; per candidate row a true probability (a dot
//   product over the model's feature count and a sigmoid) and a logistic predict (numeric weights and
//   categorical lookups, a sigmoid); per session the argmax and one Bernoulli outcome. The same Rng
//   class and typed arrays as the engine; nothing else (no pipeline, metrics, logs, training).
// engine.recommender.guardrails: the default recommender at 10,000 sessions a tick with the input
//   gate, exposure floor and exploration guardrails in shadow mode (every hook runs, nothing acts),
//   to compare with engine.recommender.logistic (issue 5: guardrails add at most 5% to a tick).
import { HOST_MODELS } from '../../src/cli/commands/run.ts';
import { stream } from '../../src/core/rng.ts';
import type { Scenario } from '../../src/core/scenario/schema.ts';
import {
  cpuSeconds,
  DEFAULT_SCENARIO,
  type KernelRun,
  kernelRatios,
  runEngine,
  scaledScenario,
} from './engine.bench.ts';
import type { BenchCase } from './types.ts';

function genericKernel(
  sc: Scenario,
  sessionsPerTick: readonly number[],
  candidates: number,
  nNum: number,
  nCat: number,
): KernelRun {
  const nUsers = sc.population.users;
  const seed = `${sc.seed}/kernel`;
  const init = stream(seed, 'init');
  const rArrivals = stream(seed, 'arrivals');
  const rOutcome = stream(seed, 'outcome');
  const D = nNum + nCat;
  const x = Float64Array.from({ length: 4096 * D }, () => init.normal());
  const truth = Float64Array.from({ length: D }, () => init.normal(0, 0.3));
  const w = Float64Array.from({ length: nNum + 1 }, () => init.normal(0, 0.1));
  const wCat = Float64Array.from({ length: nCat * 16 }, () => init.normal(0, 0.1));
  let rows = 0;
  let sink = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let t = 0; t < sc.ticks; t++) {
    const rate = (sessionsPerTick[t] ?? 0) / nUsers;
    for (let u = 0; u < nUsers; u++) {
      if (rArrivals.next() >= rate) continue;
      let best = -1;
      let bestP = 0;
      for (let c = 0; c < candidates; c++) {
        const o = ((u * 31 + c * 17 + t) & 4095) * D;
        let dot = 0;
        for (let d = 0; d < D; d++) dot += truth[d]! * x[o + d]!;
        const p = 1 / (1 + Math.exp(-dot));
        let z = w[0]!;
        for (let j = 0; j < nNum; j++) z += w[1 + j]! * x[o + j]!;
        for (let f = 0; f < nCat; f++) z += wCat[f * 16 + ((x[o + nNum + f]! * 1000) & 15)]!;
        const score = 1 / (1 + Math.exp(-z));
        if (score > best) {
          best = score;
          bestP = p;
        }
      }
      rows += candidates;
      if (rOutcome.bernoulli(bestP)) sink++;
      sink += best;
    }
  }
  return { rows, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSeconds(cpu0), sink };
}

async function taskCase(sc: Scenario, candidates: number, nNum: number, nCat: number) {
  const engine = await runEngine(sc, { models: HOST_MODELS });
  const k = genericKernel(sc, engine.sessions, candidates, nNum, nCat);
  return {
    ...engine.figures,
    kernelSeconds: k.seconds,
    kernelCandidatesPerSec: k.rows / k.seconds,
    ...kernelRatios(engine, k),
  };
}

const cases: BenchCase[] = [
  {
    name: 'engine.fraud.logistic',
    async run() {
      // Raw record: 4 numeric fields, 3 categorical (merchant, hour, segment) plus the hashed cross.
      return taskCase(scaledScenario('fraud-new-pattern.json'), 1, 4, 4);
    },
  },
  {
    name: 'engine.ads.logistic',
    async run() {
      const sc = scaledScenario('ads-narrowing-loop.json');
      const C = 'candidates' in sc.task ? sc.task.candidates : 1;
      return taskCase(sc, C, 5, 2);
    },
  },
  {
    name: 'engine.recommender.guardrails',
    async run() {
      const sc = scaledScenario(DEFAULT_SCENARIO, (json) => {
        json.guardrails = [
          { kind: 'inputGate', mode: 'shadow' },
          { kind: 'exposureFloor', mode: 'shadow' },
          { kind: 'exploration', mode: 'shadow' },
        ];
      });
      return (await runEngine(sc, { models: HOST_MODELS })).figures;
    },
  },
];

export default cases;
