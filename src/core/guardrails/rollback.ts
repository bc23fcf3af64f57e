// rollback (steps 11 and 12): keep the last model that passed validation and go back to it when a
// new one misbehaves. A full refit goes live on probation; it passes when it serves `probation` ticks
// (or until the next refit replaces it) without any of the monitors alarming, and its snapshot (model
// weights and the pipeline statistics it was fitted with) becomes the last good one. The launch model
// passes by definition. When a monitor alarms while the live model is still unproven, the last good
// snapshot is restored and retraining is held for `hold` ticks, so the data that made the bad model
// ages out of the training window. At most one rollback per `cooldown` ticks. Online updates are not
// tracked (only full refits). Metrics: guardrail.<id>.active (1 on a rollback), .holding.
import { z } from 'zod';
import type { ModelSnapshot } from '../model/types.ts';
import { type PipelineStats, Transform } from '../pipeline/transform.ts';
import { int } from '../scenario/zod-helpers.ts';
import {
  type BuildContext,
  because,
  cooldownParam,
  type GuardrailDef,
  idParam,
  levelParam,
  metricColumns,
  modeParam,
  monitorsParam,
  Trigger,
} from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('rollback'),
    id: idParam,
    mode: modeParam,
    monitors: monitorsParam('Monitors whose alarm, while the live model is unproven, rolls it back.'),
    level: levelParam,
    cooldown: cooldownParam(14, 'Minimum ticks between two rollbacks.'),
    probation: int(7, 'Ticks a refit must serve without an alarm to pass validation.', {
      min: 1,
      max: 10_000,
    }),
    hold: int(28, 'Ticks retraining is held after a rollback.', {
      min: 0,
      max: 100_000,
    }),
  })
  .describe('Restore the last model snapshot that passed validation when a new one alarms.');

type Config = z.output<typeof schema>;

interface Good {
  snapshot: ModelSnapshot;
  stats: PipelineStats;
  tick: number;
}

class Rollback implements Guardrail {
  readonly kind = 'rollback';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #trigger: Trigger;
  readonly #names: { active: string; holding: string };
  #good: Good | null = null;
  /** The live model: when it went live, whether it passed, whether an alarm came while unproven. */
  #since = -1;
  #passed = true;
  #clean = true;
  #lastRollback = Number.NEGATIVE_INFINITY;
  #holdUntil = -1;

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#trigger = new Trigger(c.monitors, c.level);
    const columns = metricColumns(ctx.id, {
      active: 'rollback: 1 on a tick the model was rolled back.',
      holding: 'rollback: 1 while retraining is held after a rollback.',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  #capture(host: GuardrailHost, t: number): void {
    this.#good = {
      snapshot: host.model.snapshot(),
      stats: host.pipelineStats,
      tick: t,
    };
  }

  beforeFit(host: GuardrailHost, t: number): void {
    // Replaced after serving without an alarm: it passed.
    if (!this.#passed && this.#clean && t > this.#since) {
      this.#passed = true;
      this.#capture(host, this.#since);
    }
  }

  fitted(host: GuardrailHost, t: number, full: boolean): void {
    if (!full) return;
    this.#since = t;
    this.#clean = true;
    this.#passed = t < 0;
    if (t < 0) this.#capture(host, t);
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    const m = host.m;
    m[this.#names.active] = 0;
    if (this.#passed) return;
    const firing = this.#trigger.firing(host);
    if (firing) {
      this.#clean = false;
      const good = this.#good;
      if (!good || t - this.#lastRollback < this.#c.cooldown) return;
      this.#lastRollback = t;
      this.#holdUntil = t + this.#c.hold;
      m[this.#names.active] = 1;
      set.record(
        t,
        this,
        'rollback',
        `${because(firing)} ${t - this.#since} tick(s) after the refit at tick ${this.#since}; restored the model of tick ${good.tick}${this.#c.hold > 0 ? `, retraining held ${this.#c.hold} ticks` : ''}`,
      );
      if (this.mode === 'shadow') return;
      host.model.restore(good.snapshot);
      host.pipelineStats = good.stats;
      host.servingTransform = new Transform(
        host.world.schema,
        host.scenario.pipeline,
        good.stats,
        host.servingVersion,
      );
      this.#since = good.tick;
      this.#passed = true;
      return;
    }
    if (this.#clean && t - this.#since >= this.#c.probation) {
      this.#passed = true;
      this.#capture(host, this.#since);
    }
  }

  retrain(host: GuardrailHost, t: number, set: GuardrailServices): void {
    const holding = t <= this.#holdUntil;
    host.m[this.#names.holding] = holding ? 1 : 0;
    if (holding && this.mode === 'active') set.plan.hold = true;
  }
}

export const rollback: GuardrailDef<typeof schema> = {
  kind: 'rollback',
  doc: 'Restore the last model snapshot that passed validation (served its probation without an alarm) when an unproven refit alarms.',
  schema,
  create: (g, ctx) => new Rollback(g, ctx),
};
