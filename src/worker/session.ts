// The simulation session behind the worker API: it owns one Simulation, runs its ticks in short
// slices (so pause, step and speed changes are handled between slices) and hands the ticks to the
// listener in batches: at most one batch per FLUSH_MS, i.e. per animation frame at 60 Hz. It knows
// nothing about comlink or the DOM; sim.worker.ts exposes it.
import { type ModelFactory, Simulation } from '../core/engine/run.ts';
import { dataView, featureList, monitorInfo, monitorLevels, populationView } from '../core/engine/views.ts';
import { type ComparisonResult, compareRuns, comparisonResult } from '../core/evaluate/compare.ts';
import { withoutGuardrails } from '../core/evaluate/variant.ts';
import type { Scenario } from '../core/scenario/schema.ts';
import { parseScenario, validateScenario } from '../core/scenario/validate.ts';
import type {
  Batch,
  BatchListener,
  ComparisonSummary,
  LoadOptions,
  RunInfo,
  RunResult,
  RunStatus,
  SimApi,
  Speed,
  TickFrame,
  Validation,
} from '../protocol/sim.ts';

/** A batch goes out at most this often (one animation frame at 60 Hz). */
export const FLUSH_MS = 16;
/** Work per slice before yielding to incoming messages. */
const SLICE_MS = 12;
/** The live catch matrix is recomputed at most this often while playing. */
const EVALUATION_MS = 250;
/** The data and population views, at most this often while playing. */
const VIEWS_MS = 200;

export interface Scheduler {
  now(): number;
  /** Run fn soon: after ms, or (ms = 0) as soon as pending messages are handled. */
  later(fn: () => void, ms: number): () => void;
}

export class SimSession implements SimApi {
  readonly #models: Record<string, ModelFactory>;
  readonly #version: string;
  readonly #clock: Scheduler;
  #listener: BatchListener | null = null;
  #sim: Simulation | null = null;
  /** When comparing: the scenario without guardrails, stepped in lockstep with #sim. */
  #counterfactual: Simulation | null = null;
  #compare = false;
  #scenario: Scenario | null = null;
  #runId = 0;
  #status: RunStatus = 'idle';
  #error: string | undefined;
  #speed: Speed = 30;
  #feature: string | null = null;
  #pending: TickFrame[] = [];
  #lastFlush = Number.NEGATIVE_INFINITY;
  #lastEvaluation = Number.NEGATIVE_INFINITY;
  #lastViews = Number.NEGATIVE_INFINITY;
  #lastSlice = 0;
  #budget = 0;
  #cancel: (() => void) | null = null;
  #failAt: number | undefined;

  constructor(models: Record<string, ModelFactory>, version: string, clock: Scheduler) {
    this.#models = models;
    this.#version = version;
    this.#clock = clock;
  }

  subscribe(listener: BatchListener): void {
    this.#listener = listener;
  }

  validate(text: string): Validation {
    return parseScenario(text);
  }

  async load(
    json: unknown,
    options: LoadOptions = {},
  ): Promise<{ ok: true; info: RunInfo } | { ok: false; errors: string[] }> {
    const v = validateScenario(json);
    if (!v.ok) return v;
    this.#failAt = options.failAt;
    return { ok: true, info: await this.#start(v.scenario) };
  }

  async reset(seed?: number): Promise<RunInfo> {
    if (!this.#scenario) throw new Error('no scenario loaded');
    const scenario = seed === undefined ? this.#scenario : { ...this.#scenario, seed };
    return this.#start(scenario);
  }

  play(): void {
    if (!this.#sim || this.#status === 'playing' || this.#status === 'error' || this.#sim.done) return;
    this.#status = 'playing';
    this.#lastSlice = this.#clock.now();
    // The first frames bring ticks only; the views and the evaluation follow a beat later, so the
    // charts' first real draws land in different frames.
    this.#lastViews = Math.max(this.#lastViews, this.#lastSlice - VIEWS_MS / 2);
    this.#lastEvaluation = Math.max(this.#lastEvaluation, this.#lastSlice - EVALUATION_MS / 2);
    this.#budget = 1;
    this.#schedule(0);
  }

  pause(): void {
    if (this.#status !== 'playing') return;
    this.#status = 'paused';
    this.#stop();
    this.#flush(true);
  }

  step(n = 1): void {
    const sim = this.#sim;
    if (!sim || this.#status === 'error') return;
    this.#stop();
    try {
      for (let i = 0; i < n && !sim.done; i++) this.#tick(sim);
      this.#status = sim.done ? 'done' : 'paused';
    } catch (error) {
      this.#fail(error);
    }
    this.#flush(true);
  }

  setSpeed(speed: Speed): void {
    this.#speed = speed;
    this.#budget = Math.min(this.#budget, 1);
  }

  setFeature(name: string): void {
    this.#feature = name;
    if (this.#sim && this.#sim.tick > 0 && this.#status !== 'playing') this.#flush(true, true);
  }

  async setCompare(on: boolean): Promise<RunInfo | null> {
    this.#compare = on;
    if (!this.#scenario) return null;
    return this.#start(this.#scenario);
  }

  result(): RunResult | null {
    return this.#sim?.result() ?? null;
  }

  comparison(): ComparisonResult | null {
    if (!this.#sim || !this.#counterfactual) return null;
    return comparisonResult(this.#sim.result(), this.#counterfactual.result());
  }

  async #start(scenario: Scenario): Promise<RunInfo> {
    this.#stop();
    this.#sim?.dispose();
    this.#counterfactual?.dispose();
    this.#sim = null;
    this.#counterfactual = null;
    this.#status = 'idle';
    const runId = ++this.#runId;
    const canCompare = scenario.guardrails.length > 0;
    const options = { models: this.#models, version: this.#version };
    const sim = await Simulation.create(scenario, options);
    let counterfactual: Simulation | null = null;
    try {
      if (this.#compare && canCompare)
        counterfactual = await Simulation.create(withoutGuardrails(scenario), options);
    } catch (error) {
      sim.dispose();
      throw error;
    }
    if (runId !== this.#runId) {
      sim.dispose(); // a newer load or reset started meanwhile
      counterfactual?.dispose();
      throw new Error('superseded by a newer load');
    }
    this.#sim = sim;
    this.#counterfactual = counterfactual;
    this.#scenario = scenario;
    this.#status = 'paused';
    this.#error = undefined;
    this.#pending = [];
    this.#lastEvaluation = Number.NEGATIVE_INFINITY;
    this.#lastViews = Number.NEGATIVE_INFINITY;
    const features = featureList(sim);
    if (!features.some((f) => f.name === this.#feature)) this.#feature = features[0]?.name ?? null;
    return {
      runId,
      scenario,
      ticks: scenario.ticks,
      metrics: Object.keys(sim.log.columns),
      monitors: monitorInfo(sim),
      incidents: sim.eventIncidents,
      features,
      segments: [...sim.state.world.segmentNames],
      modelKind: scenario.model.kind,
      data: dataView(sim, this.#feature),
      population: populationView(sim),
      canCompare,
      counterfactual: counterfactual
        ? { label: 'guardrails off', metrics: Object.keys(counterfactual.log.columns) }
        : null,
    };
  }

  #tick(sim: Simulation): void {
    if (this.#failAt === sim.tick) {
      this.#failAt = undefined;
      throw new Error(`injected failure at tick ${sim.tick} (test hook)`);
    }
    const snapshot = sim.step();
    const frame: TickFrame = { ...snapshot, levels: monitorLevels(sim) };
    if (this.#counterfactual) frame.counterfactual = this.#counterfactual.step().metrics;
    this.#pending.push(frame);
  }

  #slice = (): void => {
    this.#cancel = null;
    const sim = this.#sim;
    if (!sim || this.#status !== 'playing') return;
    const start = this.#clock.now();
    try {
      if (this.#speed === 'max') {
        do this.#tick(sim);
        while (!sim.done && this.#clock.now() - start < SLICE_MS);
      } else {
        // Paced: earn ticks with time (at most a second's worth at once) and spend them.
        this.#budget = Math.min(this.#speed, this.#budget + ((start - this.#lastSlice) * this.#speed) / 1000);
        while (this.#budget >= 1 && !sim.done && this.#clock.now() - start < SLICE_MS) {
          this.#tick(sim);
          this.#budget -= 1;
        }
      }
    } catch (error) {
      this.#fail(error);
      this.#flush(true);
      return;
    }
    this.#lastSlice = start;
    if (sim.done) {
      this.#status = 'done';
      this.#flush(true);
      return;
    }
    this.#flush(false);
    this.#schedule(this.#speed === 'max' ? 0 : Math.max(4, Math.min(FLUSH_MS, 1000 / this.#speed)));
  };

  #schedule(ms: number): void {
    this.#cancel?.();
    this.#cancel = this.#clock.later(this.#slice, ms);
  }

  #stop(): void {
    this.#cancel?.();
    this.#cancel = null;
  }

  #fail(error: unknown): void {
    this.#stop();
    this.#status = 'error';
    this.#error = error instanceof Error ? error.message : String(error);
  }

  /** Send the pending ticks (with views of the last one) unless one went out less than FLUSH_MS ago. */
  #flush(force: boolean, viewsOnly = false): void {
    const sim = this.#sim;
    const now = this.#clock.now();
    if (!force && (this.#pending.length === 0 || now - this.#lastFlush < FLUSH_MS)) return;
    this.#lastFlush = now;
    const batch: Batch = {
      runId: this.#runId,
      frames: this.#pending,
      next: sim?.tick ?? 0,
      status: this.#status,
    };
    this.#pending = [];
    if (this.#error !== undefined) batch.error = this.#error;
    const viewsDue = force || now - this.#lastViews >= VIEWS_MS;
    if (sim && sim.tick > 0 && viewsDue && (batch.frames.length > 0 || viewsOnly)) {
      this.#lastViews = now;
      batch.data = dataView(sim, this.#feature);
      batch.population = populationView(sim);
    }
    if (sim && sim.tick > 0 && !viewsOnly && (force || now - this.#lastEvaluation >= EVALUATION_MS)) {
      this.#lastEvaluation = now;
      batch.evaluation = { ticks: sim.tick, ...sim.evaluate() };
    }
    if (sim && this.#counterfactual && this.#status === 'done' && !viewsOnly) {
      batch.comparison = comparisonSummary(sim.result(), this.#counterfactual.result());
    }
    this.#listener?.(batch);
  }
}

/** The comparison without its per-tick differences: the app has both runs' frames already. */
function comparisonSummary(base: RunResult, variant: RunResult): ComparisonSummary {
  const c = compareRuns(base, variant);
  const metrics: ComparisonSummary['metrics'] = {};
  for (const [name, { diff: _diff, ...rest }] of Object.entries(c.metrics)) metrics[name] = rest;
  return { ...c, metrics };
}
