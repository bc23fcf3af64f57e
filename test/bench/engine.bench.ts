// Throughput of the whole engine on the default scenario, beside the bare kernel of the same work.
//
// engine.recommender.logistic: scenarios/recommender-trend-shift.json (validated), users scaled so
//   that users x sum(share x activity) = 10,000 expected sessions a tick, everything else as shipped.
//   Churn makes the realised mean lower (reported as sessionsPerTick). Rates count the launched ticks
//   only: `setupSeconds` (world, warm-up ticks, launch fit) is reported apart from `seconds` (the
//   ticks and result()).
// bare kernel: the same counts (users, ticks, the engine's sessions of each tick, candidates, topics)
//   in one tight loop: the same draws from the same Rng class (arrivals 1/user/tick, candidates
//   1/candidate, clicks 1/session, drift 2/user/tick), per candidate row a K-dim dot product for the
//   true click probability and a logistic predict over the model's features (5 numeric + 3
//   categorical lookups), the argmax, a Bernoulli click. No columns materialised, no pipeline, no
//   metrics, no label log, no training: the floor the engine is measured against.
//   engineToKernelRatio = candidatesPerSec / kernelCandidatesPerSec (wall clock, the target:
//   at least 0.25); engineToKernelCpuRatio is the same on CPU seconds, steadier on a shared machine.
// engine.recommender.mlp: the scenario as shipped (5,000 users) with model { kind: "mlp" } through
//   the CLI's HOST_MODELS factory (tfjs, wasm backend); training dominates, so it runs at this
//   smaller scale (the figures say which).
import { readFileSync } from 'node:fs';
import { HOST_MODELS } from '../../src/cli/commands/run.ts';
import { type RunOptions, Simulation } from '../../src/core/engine/run.ts';
import { stream } from '../../src/core/rng.ts';
import type { Scenario } from '../../src/core/scenario/schema.ts';
import { validateScenario } from '../../src/core/scenario/validate.ts';
import type { RecommenderTask } from '../../src/core/world/recommender/config.ts';
import type { BenchCase, BenchFigures } from './types.ts';

/** The default scenario, in scenarios/. */
export const DEFAULT_SCENARIO = 'recommender-trend-shift.json';
/** Expected sessions a tick of the engine cases. */
export const SESSIONS_PER_TICK = 10_000;
const MB = 1024 * 1024;

type Edit = (json: Record<string, unknown>) => void;

/** A scenario of scenarios/, validated, after `edit` changes its JSON. */
export function benchScenario(file: string, edit: Edit = () => {}): Scenario {
  const json = JSON.parse(readFileSync(new URL(`../../scenarios/${file}`, import.meta.url), 'utf8'));
  edit(json);
  const v = validateScenario(json);
  if (!v.ok) throw new Error(`${file}: ${v.errors.join('; ')}`);
  return v.scenario;
}

/** The same, with `users` scaled to SESSIONS_PER_TICK expected sessions a tick (before `edit`). */
export function scaledScenario(file: string, edit: Edit = () => {}): Scenario {
  const users = Math.round(SESSIONS_PER_TICK / activityRate(benchScenario(file)));
  return benchScenario(file, (json) => {
    (json.population as { users: number }).users = users;
    edit(json);
  });
}

/** Expected sessions per user per tick: sum over segments of share x activity (shares normalised). */
export function activityRate(s: Scenario): number {
  const segs = s.population.segments;
  const total = segs.reduce((a, g) => a + g.share, 0);
  return segs.reduce((a, g) => a + (g.share / total) * g.activity, 0);
}

/** User + system CPU seconds of this process since `since` (all threads: GC helpers included). */
export function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

/**
 * Live memory after a full collection: heap in use plus the ArrayBuffers behind typed arrays. Needs
 * `gc`, which the harness exposes (--expose-gc) in its child processes; undefined without it.
 */
export function liveMB(): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return undefined;
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / MB;
}

/** Peak resident set of this process so far (the harness gives every case a fresh process). */
export function peakRssMB(): number {
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

export interface EngineRun {
  figures: BenchFigures;
  /** Sessions of each launched tick, for the kernel. */
  sessions: number[];
  /** Candidate rows scored over the launched ticks. */
  rows: number;
}

export async function runEngine(sc: Scenario, options: RunOptions): Promise<EngineRun> {
  const startRss = process.memoryUsage().rss / MB;
  const startLive = liveMB();
  const t0 = performance.now();
  const sim = await Simulation.create(sc, options);
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    while (!sim.done) sim.advance();
    const result = sim.result();
    const t2 = performance.now();
    const cpu = cpuSeconds(cpu0);
    const live = liveMB();
    const sessions = (result.metrics.sessions ?? result.metrics.transactions)!.map((x) => x ?? 0);
    const total = sessions.reduce((a, b) => a + b, 0);
    const seconds = (t2 - t1) / 1000;
    const C = 'candidates' in sc.task ? sc.task.candidates : 1;
    return {
      sessions,
      rows: total * C,
      figures: {
        users: sc.population.users,
        ticks: sc.ticks,
        sessionsPerTick: total / sc.ticks,
        candidates: C,
        setupSeconds: (t1 - t0) / 1000,
        seconds,
        cpuSeconds: cpu,
        sessionsPerSec: total / seconds,
        candidatesPerSec: (total * C) / seconds,
        // The process's peak so far: the harness runs every case in a fresh process. It moves with
        // the garbage collector's timing; simLiveMB does not.
        peakRssMB: peakRssMB(),
        startRssMB: startRss,
        // What the finished simulation and its result hold, live, after full collections.
        ...(live !== undefined && startLive !== undefined ? { simLiveMB: live - startLive } : {}),
      },
    };
  } finally {
    sim.dispose();
  }
}

/** What a bare kernel did: the candidate rows it scored, in how long; `sink` keeps the work observable. */
export interface KernelRun {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  sink: number;
}

/** The engine against a bare kernel of the same work: candidates a second, wall clock and CPU. */
export function kernelRatios(
  engine: EngineRun,
  k: KernelRun,
): { engineToKernelRatio: number; engineToKernelCpuRatio: number } {
  if (!Number.isFinite(k.sink)) throw new Error('kernel produced a non-finite sum');
  return {
    engineToKernelRatio: engine.figures.candidatesPerSec! / (k.rows / k.seconds),
    // The same ratio on CPU time per candidate row: steadier when other processes share the CPU.
    engineToKernelCpuRatio: engine.rows / engine.figures.cpuSeconds! / (k.rows / k.cpuSeconds),
  };
}

/** The bare kernel on the engine's counts; `sink` keeps the work observable so nothing is optimised away. */
function kernel(sc: Scenario, sessionsPerTick: readonly number[]): KernelRun & { sessions: number } {
  const task = sc.task as RecommenderTask;
  const K = task.topics;
  const C = task.candidates;
  const nUsers = sc.population.users;
  const nSeg = sc.population.segments.length;
  const { base, affinity, quality, fatigue } = task.choice;
  const seed = `${sc.seed}/kernel`;
  const init = stream(seed, 'init');
  const rArrivals = stream(seed, 'arrivals');
  const rCandidates = stream(seed, 'candidates');
  const rClicks = stream(seed, 'clicks');
  const rDrift = stream(seed, 'drift');

  // The world's columns, as the engine keeps them.
  const segment = new Int32Array(nUsers);
  const pref = new Float64Array(nUsers * K);
  const fat = new Float64Array(nUsers * K);
  const profExp = new Float64Array(nUsers * K);
  const profClk = new Float64Array(nUsers * K);
  for (let u = 0; u < nUsers; u++) {
    segment[u] = init.int(nSeg);
    for (let k = 0; k < K; k++) {
      pref[u * K + k] = init.normal(0, 0.5);
      fat[u * K + k] = init.next();
      profExp[u * K + k] = 10 * init.next();
      profClk[u * K + k] = 2 * init.next();
    }
  }
  const capacity = task.catalogue.items + task.catalogue.newPerTick * (sc.ticks + 1);
  const itemTopic = new Int32Array(capacity);
  const itemVec = new Float64Array(capacity * K);
  const itemQuality = new Float64Array(capacity);
  const itemBorn = new Int32Array(capacity);
  const itemCtr = new Float64Array(capacity);
  for (let i = 0; i < capacity; i++) {
    const topic = init.int(K);
    itemTopic[i] = topic;
    itemVec[i * K + topic] = 0.75;
    itemVec[i * K + init.int(K)]! += 0.25;
    itemQuality[i] = init.normal(0, task.catalogue.qualitySd);
    itemBorn[i] = -init.int(30);
    itemCtr[i] = 0.1 + 0.2 * init.next();
  }
  // The model: bias, 5 numeric weights, one-hot segment, topic and a hashed segment x topic cross.
  const w = new Float64Array(6);
  for (let j = 0; j < 6; j++) w[j] = init.normal(0, 0.1);
  const wSeg = Float64Array.from({ length: nSeg }, () => init.normal(0, 0.1));
  const wTopic = Float64Array.from({ length: K }, () => init.normal(0, 0.1));
  const wCross = Float64Array.from({ length: 32 }, () => init.normal(0, 0.1));
  const crossIndex = Int32Array.from({ length: nSeg * K }, (_, i) => (i * 2654435761) % 32);

  let rows = 0;
  let sessions = 0;
  let clicks = 0;
  let sink = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let t = 0; t < sc.ticks; t++) {
    const rate = (sessionsPerTick[t] ?? 0) / nUsers;
    const nItems = task.catalogue.items + task.catalogue.newPerTick * (t + 1);
    for (let u = 0; u < nUsers; u++) {
      if (rArrivals.next() >= rate) continue;
      sessions++;
      const seg = segment[u]!;
      const pu = u * K;
      let bestScore = -1;
      let bestP = 0;
      for (let c = 0; c < C; c++) {
        const i = rCandidates.int(nItems);
        const topic = itemTopic[i]!;
        let dot = 0;
        for (let q = 0, vi = i * K; q < K; q++) dot += pref[pu + q]! * itemVec[vi + q]!;
        const f = fat[pu + topic]!;
        const pTrue = 1 / (1 + Math.exp(-(base + affinity * dot + quality * itemQuality[i]! - fatigue * f)));
        const e = profExp[pu + topic]!;
        const k = profClk[pu + topic]!;
        const z =
          w[0]! +
          w[1]! * ((k + 0.4) / (e + 2)) +
          w[2]! * (k / (e + 1)) +
          w[3]! * itemCtr[i]! +
          w[4]! * (t - itemBorn[i]!) +
          w[5]! * f +
          wSeg[seg]! +
          wTopic[topic]! +
          wCross[crossIndex[seg * K + topic]!]!;
        const score = 1 / (1 + Math.exp(-z));
        if (score > bestScore) {
          bestScore = score;
          bestP = pTrue;
        }
      }
      rows += C;
      if (rClicks.bernoulli(bestP)) clicks++;
      sink += bestScore;
    }
    const step = 0.02 * Math.sqrt(12 * K);
    for (let u = 0; u < nUsers; u++) {
      const k = rDrift.int(K);
      const x = rDrift.next() - 0.5;
      const p = u * K + k;
      const v = pref[p]! + step * x;
      pref[p] = Math.min(2, Math.max(-2, v));
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { rows, sessions, seconds, cpuSeconds: cpuSeconds(cpu0), sink: sink + clicks };
}

const cases: BenchCase[] = [
  {
    name: 'engine.recommender.logistic',
    async run() {
      const sc = scaledScenario(DEFAULT_SCENARIO);
      const engine = await runEngine(sc, { models: HOST_MODELS });
      const k = kernel(sc, engine.sessions);
      return {
        ...engine.figures,
        kernelSeconds: k.seconds,
        kernelCpuSeconds: k.cpuSeconds,
        kernelSessionsPerSec: k.sessions / k.seconds,
        kernelCandidatesPerSec: k.rows / k.seconds,
        ...kernelRatios(engine, k),
      };
    },
  },
  {
    name: 'engine.recommender.mlp',
    async run() {
      const sc = benchScenario(DEFAULT_SCENARIO, (json) => {
        json.model = { kind: 'mlp' };
      });
      return (await runEngine(sc, { models: HOST_MODELS })).figures;
    },
  },
];

export default cases;
