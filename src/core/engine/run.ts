// A run: build the world, the model and the monitors from a validated scenario, warm up before
// launch, then step tick by tick. `createSimulation` gives a stepper (for the UI's play/pause/step);
// `run` drives it to the end. The result is plain data: JSON- and postMessage-safe.

import { bandReference, deriveQualityIncidents, type Incident } from '../evaluate/incidents.ts';
import { baselineAlarms, type Evaluation, scoreMonitors } from '../evaluate/score.ts';
import { eventDef } from '../events/index.ts';
import { createGuardrail } from '../guardrails/index.ts';
import { GuardrailSet } from '../guardrails/set.ts';
import type { ActionRecord } from '../guardrails/types.ts';
import type { ModelConfig } from '../model/config.ts';
import { LogisticModel } from '../model/logistic.ts';
import type { FeatureLayout, ModelDescription, ServedModel } from '../model/types.ts';
import { createMonitor, type MonitorConfig, monitorId } from '../monitors/index.ts';
import { featureLayout } from '../pipeline/transform.ts';
import { streams as makeStreams, type Streams } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { indicatorMetric, indicatorMetrics, indicatorSeries } from '../world/indicators.ts';
import { taskDef } from '../world/tasks.ts';
import { ENGINE_METRICS, metricNames } from './metrics.ts';
import { RunLog, toJsonArray } from './run-log.ts';
import { type AlarmRecord, type FitRecord, SimState } from './state.ts';
import { step } from './step.ts';

/** Builds a model kind that lives outside the core (e.g. the tfjs `mlp`). */
export type ModelFactory = (
  config: ModelConfig,
  layout: FeatureLayout,
  seed: string,
  streams: Streams,
) => ServedModel | Promise<ServedModel>;

export interface RunOptions {
  /** Factories for model kinds the core does not build itself (the host supplies `mlp`). */
  models?: Record<string, ModelFactory>;
  /** driftlab's version, written into results. */
  version?: string;
}

/** What a tick looks like from outside: plain data for the UI and progress reports. */
export interface TickSnapshot {
  tick: number;
  metrics: Record<string, number | null>;
  monitors: { id: string; statistic: number | null; state: number; fired: boolean }[];
  openIncidents: string[];
  /**
   * What the guardrails did this tick (or, in shadow mode, would have done). Always set by
   * Simulation.snapshot; optional so hand-made frames need not carry it.
   */
  actions?: ActionRecord[];
}

export interface RunResult {
  format: 'driftlab.run/1';
  driftlab: string;
  scenario: Scenario;
  seed: number;
  ticks: number;
  model: ModelDescription;
  incidents: Incident[];
  alarms: AlarmRecord[];
  /** Every guardrail action, in tick order, with its reason and mode. */
  actions: ActionRecord[];
  fits: FitRecord[];
  evaluation: Evaluation;
  metrics: Record<string, (number | null)[]>;
  monitors: Record<string, { statistic: (number | null)[]; state: number[] }>;
}

const CORE_MODELS: Record<string, ModelFactory> = {
  logistic: (_config, layout, _seed, streams) => new LogisticModel(layout, streams),
};

export class Simulation {
  readonly scenario: Scenario;
  readonly #state: SimState;
  readonly #version: string;
  readonly eventIncidents: Incident[];
  /** The next tick to run. */
  tick = 0;

  private constructor(scenario: Scenario, state: SimState, version: string) {
    this.scenario = scenario;
    this.#state = state;
    this.#version = version;
    this.eventIncidents = state.events.map((e, i) => {
      const w = e.def.incident(e.config, scenario);
      return {
        id: `e${i + 1}-${e.config.kind}`,
        cause: e.def.cause,
        kind: e.config.kind,
        label: w.label,
        start: w.start,
        end: w.end,
        affects: w.affects,
      };
    });
  }

  static async create(scenario: Scenario, options: RunOptions = {}): Promise<Simulation> {
    const streams = makeStreams(scenario.seed);
    const world = taskDef(scenario.task.kind).create(scenario, streams);
    const layout = featureLayout(world.schema, scenario.pipeline);
    const factory = options.models?.[scenario.model.kind] ?? CORE_MODELS[scenario.model.kind];
    if (!factory) {
      throw new Error(
        `model.kind "${scenario.model.kind}" needs a factory from the host (e.g. the CLI or the worker)`,
      );
    }
    const model = await factory(scenario.model, layout, `${scenario.seed}/model`, streams);
    const monitors = scenario.monitors.map((m) => createMonitor(m as MonitorConfig, streams));
    const guardrails = new GuardrailSet(
      scenario.guardrails.map((g) => createGuardrail(g, scenario, streams)),
    );
    const names = metricNames([
      ...ENGINE_METRICS,
      ...world.metrics,
      ...indicatorMetrics(scenario),
      ...guardrails.metrics,
    ]);
    const log = new RunLog(
      scenario.ticks,
      names,
      monitors.map((m) => m.id),
    );
    const state = new SimState({
      scenario,
      streams,
      world,
      model,
      events: scenario.events.map((config, i) => ({
        def: eventDef(config.kind),
        config,
        rng: streams(`event.${i}.${config.kind}`),
      })),
      monitors,
      log,
      metricNames: names,
      indicators: scenario.indicators.map((ind) => ({
        metric: indicatorMetric(ind.name),
        values: indicatorSeries(ind, scenario, streams),
      })),
      guardrails,
    });
    // Pre-launch: random serving collects the launch training set; the launch fit ends tick -1.
    for (let t = -scenario.model.warmup; t < 0; t++) step(state, t);
    return new Simulation(scenario, state, options.version ?? '0.0.0');
  }

  get done(): boolean {
    return this.tick >= this.scenario.ticks;
  }

  get log(): RunLog {
    return this.#state.log;
  }

  /** The run's state, for read-only views (engine/views.ts); only the story writes it. */
  get state(): Readonly<SimState> {
    return this.#state;
  }

  /** Run the next tick; returns its number. */
  advance(): number {
    if (this.done) throw new Error('the run is over');
    const t = this.tick++;
    step(this.#state, t);
    return t;
  }

  /** Run the next tick and describe it. */
  step(): TickSnapshot {
    return this.snapshot(this.advance());
  }

  snapshot(t: number): TickSnapshot {
    const s = this.#state;
    const metrics: Record<string, number | null> = {};
    for (const name of s.metricNames) {
      const x = s.log.columns[name]![t]!;
      metrics[name] = Number.isFinite(x) ? x : null;
    }
    return {
      tick: t,
      metrics,
      monitors: s.monitors.map((m) => {
        const col = s.log.monitors[m.id]!;
        const x = col.statistic[t]!;
        return {
          id: m.id,
          statistic: Number.isFinite(x) ? x : null,
          state: col.state[t]!,
          fired: col.fired[t] === 1,
        };
      }),
      openIncidents: this.eventIncidents.filter((i) => i.start <= t && t <= i.end).map((i) => i.id),
      actions: s.guard.actionsAt(t),
    };
  }

  /**
   * Incidents (declared and derived) and the evaluation of the ticks run so far: what result()
   * holds besides the log, without copying the log (the app's live catch matrix).
   */
  evaluate(): Pick<RunResult, 'incidents' | 'evaluation'> {
    const s = this.#state;
    const sc = this.scenario;
    const n = s.log.length;
    const qualityName = sc.evaluation.qualityMetric;
    const derived = deriveQualityIncidents(qualityName, s.log.column(qualityName), n, {
      ...sc.evaluation.band,
      reference: bandReference(sc.evaluation.band.reference, this.eventIncidents, n),
    });
    const incidents = [...this.eventIncidents.filter((i) => i.start < n), ...derived];
    const alarmTicks: Record<string, number[]> = {};
    for (const m of s.monitors) alarmTicks[m.id] = [];
    for (const a of s.alarms) alarmTicks[a.monitor]!.push(a.tick);
    const baselines = baselineAlarms(n, sc.evaluation.periodicBaseline);
    const evaluation = scoreMonitors(
      incidents,
      { ...alarmTicks, ...baselines },
      n,
      sc.evaluation.maxDelay,
      new Set(Object.keys(baselines)),
      sc.evaluation.maxLead,
    );
    return { incidents, evaluation };
  }

  /** Incidents (declared and derived), alarms, evaluation and the columnar log of the ticks run so far. */
  result(): RunResult {
    const s = this.#state;
    const sc = this.scenario;
    const n = s.log.length;
    const { incidents, evaluation } = this.evaluate();
    const metrics: RunResult['metrics'] = {};
    for (const name of s.metricNames) metrics[name] = toJsonArray(s.log.columns[name]!, n);
    const monitors: RunResult['monitors'] = {};
    for (const [id, col] of Object.entries(s.log.monitors)) {
      monitors[id] = {
        statistic: toJsonArray(col.statistic, n),
        state: Array.from(col.state.subarray(0, n)),
      };
    }
    return {
      format: 'driftlab.run/1',
      driftlab: this.#version,
      scenario: sc,
      seed: sc.seed,
      ticks: n,
      model: s.model.describe(),
      incidents,
      alarms: [...s.alarms],
      actions: s.guard.actionLog(n),
      fits: [...s.fits],
      evaluation,
      metrics,
      monitors,
    };
  }

  dispose(): void {
    this.#state.model.dispose();
  }
}

/** Run a validated scenario to the end. `onTick` sees every tick (progress bars, live views). */
export async function run(
  scenario: Scenario,
  options: RunOptions & { onTick?: (tick: number) => void } = {},
): Promise<RunResult> {
  const sim = await Simulation.create(scenario, options);
  try {
    while (!sim.done) {
      const t = sim.advance();
      options.onTick?.(t);
    }
    return sim.result();
  } finally {
    sim.dispose();
  }
}

export { monitorId };
