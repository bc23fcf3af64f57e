// Everything a run holds between ticks. The story (step.ts) reads and writes it; nothing else does.
import type { EngineControls, EventDef } from '../events/types.ts';
import { GuardrailSet } from '../guardrails/set.ts';
import type { FeatureBatch, ServedModel } from '../model/types.ts';
import { Cbpe } from '../monitors/cbpe.ts';
import type { MonitorRuntime, ReferenceData, TickInputs } from '../monitors/types.ts';
import { createFeatureBatch, fitPipeline, type PipelineStats, Transform } from '../pipeline/transform.ts';
import type { TransformVersionName } from '../pipeline/versions.ts';
import type { Rng, Streams } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Decisions, TaskWorld } from '../world/task.ts';
import { createRawBatch, ensureRawCapacity, grow, type RawBatch } from '../world/types.ts';
import { LabelLog } from './label-log.ts';
import type { RunLog } from './run-log.ts';

export interface AlarmRecord {
  monitor: string;
  tick: number;
  state: number;
  /** The monitor's own words on what fired (which field and check), when it has them. */
  detail?: string;
}

export interface FitRecord {
  tick: number;
  rows: number;
  loss: number;
  version: number;
  /** The guardrail that asked for this refit (retrain), when it was not the schedule. */
  by?: string;
}

export class SimState implements EngineControls {
  readonly scenario: Scenario;
  readonly streams: Streams;
  readonly world: TaskWorld;
  readonly model: ServedModel;
  readonly events: { def: EventDef; config: Scenario['events'][number]; rng: Rng }[];
  readonly monitors: MonitorRuntime[];
  readonly log: RunLog;
  readonly metricNames: readonly string[];
  /** External indicator series (scenario.indicators), precomputed: metric name and value per tick. */
  readonly indicators: readonly { metric: string; values: Float64Array }[];
  readonly labelLog: LabelLog;
  readonly policyRng: Rng;
  /** The world's rowError, bound once (CBPE calls it every tick). */
  readonly rowError: (score: number, label: number) => number;
  readonly alarms: AlarmRecord[] = [];
  readonly fits: FitRecord[] = [];

  pipelineStats: PipelineStats;
  servingTransform: Transform;
  servingVersion: TransformVersionName;
  trainingVersion: TransformVersionName;
  features: FeatureBatch;
  scores = new Float32Array(0);
  readonly decisions: Decisions = {
    perSession: 1,
    count: 0,
    row: new Int32Array(0),
    action: new Uint8Array(0),
    labelled: new Uint8Array(0),
    outcome: new Uint8Array(0),
    explored: new Uint8Array(0),
    mode: new Uint8Array(0),
  };
  /** The run's guardrails (empty when the scenario has none). */
  readonly guard: GuardrailSet;
  obsScore = new Float32Array(1024);
  obsLabel = new Float32Array(1024);
  rowErrors = new Float64Array(1024);
  rowErrorCount = 0;
  /** This tick's metric values by name. */
  readonly m: Record<string, number> = {};

  // Scratch, allocated once.
  readonly aucBins = new Float64Array(2 * 4096);
  /** Label-free quality estimation (CBPE), recalibrated at every full fit. */
  readonly cbpe = new Cbpe();
  readonly #trainRaw: RawBatch;
  /**
   * The reference window monitors compare against: the training set of the last full fit (launch
   * or periodic refit), its labels, and the model's scores on it right after that fit.
   */
  readonly reference: ReferenceData;
  readonly #inputs: TickInputs;
  readonly #trainLabels = { a: new Float32Array(1024) };
  #trainFeatures: FeatureBatch;

  constructor(args: {
    scenario: Scenario;
    streams: Streams;
    world: TaskWorld;
    model: ServedModel;
    events: SimState['events'];
    monitors: MonitorRuntime[];
    log: RunLog;
    metricNames: readonly string[];
    indicators?: SimState['indicators'];
    guardrails?: GuardrailSet;
  }) {
    this.scenario = args.scenario;
    this.streams = args.streams;
    this.world = args.world;
    this.model = args.model;
    this.events = args.events;
    this.monitors = args.monitors;
    this.log = args.log;
    this.metricNames = args.metricNames;
    this.indicators = args.indicators ?? [];
    this.guard = args.guardrails ?? new GuardrailSet([]);
    this.labelLog = new LabelLog(args.world.schema);
    this.policyRng = args.streams('policy.exploration');
    this.rowError = args.world.rowError.bind(args.world);
    this.decisions.perSession = args.world.perSession;
    this.#trainRaw = createRawBatch(args.world.schema, 1024);
    this.reference = {
      raw: createRawBatch(args.world.schema, 1024),
      rows: 0,
      labels: new Float32Array(1024),
      scores: new Float32Array(1024),
      version: 0,
      tick: Number.NaN,
    };
    // Until the launch fit, a neutral transform (means 0, sds 1) serves the random warm-up.
    this.pipelineStats = {
      mean: args.world.schema.numeric.map(() => 0),
      sd: args.world.schema.numeric.map(() => 1),
      seen: args.world.schema.categorical.map(() => []),
    };
    this.servingVersion = args.scenario.pipeline.serving;
    this.trainingVersion = args.scenario.pipeline.training;
    this.servingTransform = new Transform(
      args.world.schema,
      args.scenario.pipeline,
      this.pipelineStats,
      this.servingVersion,
    );
    this.features = createFeatureBatch(this.servingTransform.layout, 1024);
    this.#trainFeatures = createFeatureBatch(this.servingTransform.layout, 1024);
    for (const name of args.metricNames) this.m[name] = Number.NaN;
    const m = this.m;
    this.#inputs = {
      tick: 0,
      metric: (name) => m[name] ?? Number.NaN,
      rowErrors: this.rowErrors,
      rowErrorCount: 0,
      schema: args.world.schema,
      raw: args.world.raw,
      scores: this.scores,
      rows: 0,
      served: this.decisions,
      reference: this.reference,
      pipeline: args.scenario.pipeline,
      pipelineStats: this.pipelineStats,
      servingVersion: this.servingVersion,
      trainingVersion: this.trainingVersion,
    };
  }

  setServingVersion(version: TransformVersionName): void {
    if (version === this.servingVersion) return;
    // A canary may block the change (the side keeps its version).
    if (!this.guard.empty && !this.guard.vetVersion(this, 'serving', version)) return;
    this.servingVersion = version;
    this.servingTransform = new Transform(
      this.world.schema,
      this.scenario.pipeline,
      this.pipelineStats,
      version,
    );
  }

  setTrainingVersion(version: TransformVersionName): void {
    if (version === this.trainingVersion) return;
    if (!this.guard.empty && !this.guard.vetVersion(this, 'training', version)) return;
    this.trainingVersion = version;
  }

  ensureTickCapacity(rows: number, sessions: number): void {
    const d = this.decisions;
    const entries = sessions * d.perSession;
    if (this.scores.length < rows) this.scores = grow(this.scores, rows * 2);
    if (d.row.length < entries) {
      d.row = grow(d.row, entries * 2);
      d.action = grow(d.action, entries * 2);
      d.labelled = grow(d.labelled, entries * 2);
      d.outcome = grow(d.outcome, entries * 2);
    }
    if (d.explored.length < sessions) {
      d.explored = grow(d.explored, sessions * 2);
      d.mode = grow(d.mode!, sessions * 2);
    }
  }

  #keepReference(t: number, n: number): void {
    const ref = this.reference;
    ensureRawCapacity(ref.raw, n);
    for (let f = 0; f < ref.raw.numeric.length; f++)
      ref.raw.numeric[f]!.set(this.#trainRaw.numeric[f]!.subarray(0, n));
    for (let f = 0; f < ref.raw.cats.length; f++)
      ref.raw.cats[f]!.set(this.#trainRaw.cats[f]!.subarray(0, n));
    ref.raw.rows = n;
    ref.rows = n;
    if (ref.labels.length < n) {
      ref.labels = new Float32Array(n * 2);
      ref.scores = new Float32Array(n * 2);
    }
    ref.labels.set(this.#trainLabels.a.subarray(0, n));
    this.model.predict(this.#trainFeatures, ref.scores);
    ref.version++;
    ref.tick = t;
  }

  /** What monitors read at step 10: one object, refreshed every tick (nothing allocated per tick). */
  tickInputs(t: number): TickInputs {
    const i = this.#inputs;
    i.tick = t;
    i.rowErrors = this.rowErrors;
    i.rowErrorCount = this.rowErrorCount;
    i.raw = this.world.raw;
    i.scores = this.scores;
    i.rows = this.world.raw.rows;
    i.pipelineStats = this.pipelineStats;
    i.servingVersion = this.servingVersion;
    i.trainingVersion = this.trainingVersion;
    return i;
  }

  /**
   * Step 12: refit when the retraining policy says so. The launch fit happens at the end of the last
   * warm-up tick; after that, `periodic` refits every `every` ticks on the last `window` ticks of
   * released labels, `online` takes one pass over each tick's newly released labels. Guardrails
   * adjust the plan first: hold every fit, train on the exploration slice only, or refit now.
   */
  retrainAfter(t: number): void {
    const { retraining, model } = this.scenario;
    const delay = this.world.labelDelay;
    const lastReleased = t - delay;
    const onlyExplored = retraining.data === 'exploration';
    this.m.retrained = 0;
    this.m.trainLoss = Number.NaN;
    if (t === -1) {
      this.#fit(t, -model.warmup, lastReleased, false, model.epochs, true);
      return;
    }
    if (t < 0) return;
    const plan = this.guard.empty ? null : this.guard.planRetrain(this, t);
    if (plan?.hold) return;
    const explored = onlyExplored || plan?.onlyExplored === true;
    if (plan?.extra) {
      const { extraFrom, extraTo, extraOnlyExplored, extraWarmStart, extraBy } = plan;
      this.#fit(
        t,
        extraFrom,
        extraTo,
        explored || extraOnlyExplored,
        model.epochs,
        true,
        extraWarmStart,
        extraBy,
      );
    } else if (retraining.policy === 'periodic' && (t + 1) % retraining.every === 0) {
      this.#fit(t, lastReleased - retraining.window + 1, lastReleased, explored, model.epochs, true);
    } else if (retraining.policy === 'online') {
      this.#fit(t, lastReleased, lastReleased, explored, 1, false);
    }
  }

  #fit(
    t: number,
    from: number,
    to: number,
    onlyExplored: boolean,
    epochs: number,
    refitPipeline: boolean,
    warmStart = t >= 0,
    by?: string,
  ): void {
    const n = this.labelLog.gather(from, to, onlyExplored, this.#trainRaw, this.#trainLabels);
    if (n === 0) return;
    const { pipeline, model } = this.scenario;
    const guard = this.guard.empty ? null : this.guard;
    if (refitPipeline) {
      guard?.beforeFit(this, t);
      // Training statistics are computed with the training version and frozen for serving.
      this.pipelineStats = fitPipeline(
        this.world.schema,
        this.#trainRaw,
        this.trainingVersion,
        this.#trainRaw.rows,
        this.pipelineStats,
      );
      this.servingTransform = new Transform(
        this.world.schema,
        pipeline,
        this.pipelineStats,
        this.servingVersion,
      );
    }
    const trainTransform = new Transform(
      this.world.schema,
      pipeline,
      this.pipelineStats,
      this.trainingVersion,
    );
    trainTransform.apply(this.#trainRaw, this.#trainFeatures);
    const report = this.model.fit(
      { features: this.#trainFeatures, labels: this.#trainLabels.a },
      {
        epochs,
        learningRate: model.learningRate,
        l2: model.l2,
        batchSize: model.batchSize,
        // Periodic refits start from the current weights: a retrain, not a new model.
        warmStart,
      },
    );
    // A canary may block a refit before it goes live (it has restored the old model and statistics).
    if (refitPipeline && guard && !guard.vetFit(this, t)) return;
    if (refitPipeline) this.#keepReference(t, n);
    this.m.retrained = 1;
    this.m.trainLoss = report.loss;
    const version = this.model.describe().version;
    this.fits.push({ tick: t, rows: report.rows, loss: report.loss, version, ...(by ? { by } : {}) });
    guard?.fitted(this, t, refitPipeline);
  }
}
