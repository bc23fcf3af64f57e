// canary (steps 1 and 12): before a change goes live, replay a golden set of recent raw records
// through the old and the new path and block the change when the predictions differ beyond a
// tolerance: the integration test that catches dependency creep and feature-engineering divergence
// before users do.
// - version: a transform-version change on either side (a dependency upgrade, a feature-code change:
//   EngineControls.setServingVersion / setTrainingVersion): the current model's predictions through
//   the current transform against the new one (same fitted statistics). Blocked: the side keeps its
//   version.
// - fit: a full refit: the old model with the old statistics against the new model with the new ones.
//   Blocked: the old model, statistics and reference stay (the refit never goes live).
// The golden set is `goldenRows` rows of the reference (the training set of the last full fit: the
// most recent records the model is known to handle), taken at a fixed stride. A change is blocked
// when more than `maxShare` of the golden rows move by more than `tolerance` (absolute difference of
// predicted probabilities). Metrics: guardrail.<id>.active (1 on a tick it blocked), .divergence (the
// share of golden rows beyond tolerance at this tick's last check; NaN without a check).
import { z } from 'zod';
import type { FeatureBatch, ModelSnapshot } from '../model/types.ts';
import { createFeatureBatch, type PipelineStats, Transform } from '../pipeline/transform.ts';
import type { TransformVersionName } from '../pipeline/versions.ts';
import { int, num, share } from '../scenario/zod-helpers.ts';
import { createRawBatch, ensureRawCapacity, type RawBatch } from '../world/types.ts';
import { type BuildContext, type GuardrailDef, idParam, metricColumns, modeParam } from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('canary'),
    id: idParam,
    mode: modeParam,
    checks: z
      .array(z.enum(['version', 'fit']))
      .min(1)
      .default(['version'])
      .describe(
        'What is vetted: transform-version changes (version; a change that should leave predictions alone) and full refits (fit; a refit legitimately moves predictions, so set the tolerance from the refits of a quiet run). Default ["version"].',
      ),
    tolerance: num(0.05, 'A golden row moves when its predicted probability changes by more than this.', {
      gt: 0,
      max: 1,
    }),
    maxShare: share(0.05, 'Largest share of golden rows that may move before the change is blocked.'),
    goldenRows: int(2000, 'Rows of the golden set (taken from the reference at a fixed stride).', {
      min: 10,
      max: 1_000_000,
    }),
  })
  .describe(
    'Replay a golden set of recent records through the old and the new path before a refit or a transform-version change goes live; block it when predictions diverge.',
  );

type Config = z.output<typeof schema>;

class Canary implements Guardrail {
  readonly kind = 'canary';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #names: { active: string; divergence: string };
  #golden: RawBatch | null = null;
  #features: FeatureBatch | null = null;
  #before = new Float32Array(0);
  #after = new Float32Array(0);
  // What a blocked refit restores.
  #snapshot: ModelSnapshot | null = null;
  #stats: PipelineStats | null = null;
  #transform: Transform | null = null;

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    const columns = metricColumns(ctx.id, {
      active: 'canary: 1 on a tick it blocked a change.',
      divergence:
        'canary: share of golden rows whose prediction moved beyond the tolerance at this tick’s last check (NaN without a check).',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  begin(host: GuardrailHost): void {
    host.m[this.#names.active] = 0;
    host.m[this.#names.divergence] = Number.NaN;
  }

  /** Copy the golden rows from the reference; false when there is none yet. */
  #takeGolden(host: GuardrailHost): boolean {
    const ref = host.reference;
    if (ref.rows === 0) return false;
    const schema = host.world.schema;
    this.#golden ??= createRawBatch(schema, Math.min(this.#c.goldenRows, 1024));
    const g = this.#golden;
    const n = Math.min(this.#c.goldenRows, ref.rows);
    ensureRawCapacity(g, n);
    for (let i = 0; i < n; i++) {
      const j = Math.floor((i * ref.rows) / n);
      for (let f = 0; f < g.numeric.length; f++) g.numeric[f]![i] = ref.raw.numeric[f]![j]!;
      for (let f = 0; f < g.cats.length; f++) g.cats[f]![i] = ref.raw.cats[f]![j]!;
    }
    g.rows = n;
    if (this.#before.length < n) {
      this.#before = new Float32Array(n);
      this.#after = new Float32Array(n);
    }
    return true;
  }

  #predict(host: GuardrailHost, transform: Transform, out: Float32Array): void {
    const g = this.#golden!;
    this.#features ??= createFeatureBatch(transform.layout, g.rows);
    transform.apply(g, this.#features);
    host.model.predict(this.#features, out);
  }

  /** Share of golden rows that moved beyond the tolerance. */
  #divergence(): number {
    const n = this.#golden!.rows;
    const tol = this.#c.tolerance;
    let moved = 0;
    for (let i = 0; i < n; i++) if (Math.abs(this.#after[i]! - this.#before[i]!) > tol) moved++;
    return n > 0 ? moved / n : 0;
  }

  #verdict(host: GuardrailHost, t: number, what: string, set: GuardrailServices): boolean {
    const share = this.#divergence();
    host.m[this.#names.divergence] = share;
    if (share <= this.#c.maxShare) return true;
    host.m[this.#names.active] = 1;
    set.record(
      t,
      this,
      'block',
      `${what}: ${+(100 * share).toFixed(2)}% of ${this.#golden!.rows} golden rows moved by more than ${this.#c.tolerance} (allowed ${100 * this.#c.maxShare}%)`,
    );
    return this.mode === 'shadow';
  }

  vetVersion(
    host: GuardrailHost,
    t: number,
    side: 'serving' | 'training',
    to: TransformVersionName,
    set: GuardrailServices,
  ): boolean {
    if (!this.#c.checks.includes('version') || t < 0 || !this.#takeGolden(host)) return true;
    const from = side === 'serving' ? host.servingVersion : host.trainingVersion;
    const { schema } = host.world;
    const { pipeline } = host.scenario;
    const current = new Transform(schema, pipeline, host.pipelineStats, from);
    const next = new Transform(schema, pipeline, host.pipelineStats, to);
    this.#predict(host, current, this.#before);
    this.#predict(host, next, this.#after);
    return this.#verdict(host, t, `${side} transform ${from} -> ${to}`, set);
  }

  beforeFit(host: GuardrailHost, t: number): void {
    this.#snapshot = null;
    if (!this.#c.checks.includes('fit') || t < 0 || !this.#takeGolden(host)) return;
    this.#predict(host, host.servingTransform, this.#before);
    this.#snapshot = host.model.snapshot();
    this.#stats = host.pipelineStats;
    this.#transform = host.servingTransform;
  }

  vetFit(host: GuardrailHost, t: number, set: GuardrailServices): boolean {
    if (!this.#snapshot) return true;
    this.#predict(host, host.servingTransform, this.#after);
    const ok = this.#verdict(host, t, `refit at tick ${t}`, set);
    if (!ok) {
      host.model.restore(this.#snapshot);
      host.pipelineStats = this.#stats!;
      host.servingTransform = this.#transform!;
    }
    this.#snapshot = null;
    return ok;
  }
}

export const canary: GuardrailDef<typeof schema> = {
  kind: 'canary',
  doc: 'Replay a golden set of recent records through the old and the new path before a refit or a transform-version change goes live; block it when predictions diverge.',
  schema,
  create: (g, ctx) => new Canary(g, ctx),
};
