// The worker's API and the data that crosses the boundary: types only. The simulation runs in a
// module Web Worker (src/worker/sim.worker.ts); the app (src/ui) drives it through comlink and
// receives ticks in batches, at most one batch per animation frame.
import type { RunResult, TickSnapshot } from '../core/engine/run.ts';
import type {
  DataSummary,
  FeatureInfo,
  MonitorInfo,
  MonitorLevels,
  PopulationView,
} from '../core/engine/views.ts';
import type { Comparison, ComparisonResult } from '../core/evaluate/compare.ts';
import type { Incident } from '../core/evaluate/incidents.ts';
import type { Evaluation } from '../core/evaluate/score.ts';
import type { ActionRecord } from '../core/guardrails/types.ts';
import type { Scenario } from '../core/scenario/schema.ts';

export type {
  ActionRecord,
  Comparison,
  ComparisonResult,
  DataSummary,
  Evaluation,
  FeatureInfo,
  Incident,
  MonitorInfo,
  MonitorLevels,
  PopulationView,
  RunResult,
  Scenario,
};

/** Ticks per second, or "max": as fast as the worker can run them. */
export type Speed = number | 'max';

export type RunStatus = 'idle' | 'paused' | 'playing' | 'done' | 'error';

export type Validation = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

export interface LoadOptions {
  /**
   * Test hook, never shown in the UI: the simulation throws once, when it is about to run this tick,
   * so the app's error path can be exercised. A reset runs normally.
   */
  failAt?: number;
}

/** What the app needs to lay out its views for a loaded run; it does not change while running. */
export interface RunInfo {
  /** Increments at every load and reset; batches of an older run are stale. */
  runId: number;
  scenario: Scenario;
  ticks: number;
  metrics: string[];
  monitors: MonitorInfo[];
  /** Incidents declared by the scenario's events (known in advance; the app reveals them as they start). */
  incidents: Incident[];
  features: FeatureInfo[];
  segments: string[];
  modelKind: string;
  /**
   * The data and population views as the run launches (after its warm-up ticks and first fit):
   * the panels show them before Play, and the first frames of a run only update them.
   */
  data: DataSummary;
  population: PopulationView;
  /** Whether the scenario has guardrails, so that a comparison with them off means something. */
  canCompare: boolean;
  /**
   * When comparing: the scenario without its guardrails runs beside it on the same seed, in lockstep
   * (an exact counterfactual), and each frame carries its metrics. Null when not comparing.
   */
  counterfactual: { label: string; metrics: string[] } | null;
}

/** One tick as the app sees it: the core's snapshot, with each monitor's levels beside its reading. */
export interface TickFrame extends TickSnapshot {
  levels: MonitorLevels[];
  /** When comparing: the same tick of the run without guardrails. */
  counterfactual?: Record<string, number | null>;
}

/** A comparison's outcome, without the per-tick differences (the frames carry both runs). */
export type ComparisonSummary = Omit<Comparison, 'metrics'> & {
  metrics: Record<string, Omit<Comparison['metrics'][string], 'diff'>>;
};

/** Incidents (declared and derived so far), alarms and the catch matrix of the ticks run so far. */
export interface LiveEvaluation {
  ticks: number;
  incidents: Incident[];
  evaluation: Evaluation;
}

export interface Batch {
  runId: number;
  /** Ticks run since the previous batch, in order. */
  frames: TickFrame[];
  /** The next tick to run. */
  next: number;
  status: RunStatus;
  /** Present when status is "error": what the simulation threw. */
  error?: string;
  /** Views of the last tick of this batch: sent a few times a second, and always when the run pauses or ends. */
  data?: DataSummary;
  population?: PopulationView;
  /** Throttled: sent every few batches, and always when the run pauses, ends or fails. */
  evaluation?: LiveEvaluation;
  /** When comparing and the run has ended: guardrails on (base) vs off (variant). */
  comparison?: ComparisonSummary;
}

export type BatchListener = (batch: Batch) => void;

/** The worker's API. Every call is a message; nothing returned is a live object. */
export interface SimApi {
  /** Receive batches (a comlink proxy). */
  subscribe(listener: BatchListener): void;
  /** Parse and validate scenario text (JSON) without loading it. */
  validate(text: string): Validation;
  /** Validate and load a scenario (a parsed JSON value); the run waits paused at tick 0. */
  load(
    scenario: unknown,
    options?: LoadOptions,
  ): Promise<{ ok: true; info: RunInfo } | { ok: false; errors: string[] }>;
  play(): void;
  pause(): void;
  /** Run n ticks (default 1) and pause. */
  step(n?: number): void;
  /** Start the loaded scenario again, optionally with another seed. */
  reset(seed?: number): Promise<RunInfo>;
  setSpeed(speed: Speed): void;
  /** The raw field the data view shows. */
  setFeature(name: string): void;
  /**
   * Compare with the scenario's guardrails off from now on (or stop comparing): the run starts over
   * on the same seed. Resolves with the new run's info; null when nothing is loaded.
   */
  setCompare(on: boolean): Promise<RunInfo | null>;
  /** The run so far (the whole run once done). */
  result(): RunResult | null;
  /** When comparing: both runs and what differs, as `driftlab run --vs --no-guardrails` writes it. */
  comparison(): ComparisonResult | null;
}
