// retrain (steps 11 and 12): when one of its monitors alarms, refit the model at the end of the tick
// instead of waiting for the schedule: a full refit (pipeline statistics too) on the last `window`
// ticks of released labels (`data: recent`), or only on the randomized rows among them (`data:
// curated`: the exploration slice and holdout, the data the model's own choices did not bias — the
// reset that removes self-inflicted bias; with no such rows there is nothing to fit). `warmStart`
// false starts from fresh weights. At most one retrain per `cooldown` ticks; a scheduled refit due
// the same tick is replaced. Metric: guardrail.<id>.active (1 on a tick it retrained).
import { z } from 'zod';
import { bool, int, oneOf } from '../scenario/zod-helpers.ts';
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
    kind: z.literal('retrain'),
    id: idParam,
    mode: modeParam,
    monitors: monitorsParam('Monitors whose alarm triggers a refit.'),
    level: levelParam,
    cooldown: cooldownParam(7, 'Minimum ticks between two triggered refits.'),
    data: oneOf(
      ['recent', 'curated'] as const,
      'recent',
      'What to refit on: every labelled row of the window (recent), or only its randomized rows, exploration and holdout (curated).',
    ),
    window: int(7, 'Ticks of released labels the refit trains on.', {
      min: 1,
      max: 10_000,
    }),
    warmStart: bool(true, 'Start from the current weights (false: fresh weights from the model seed).'),
  })
  .describe('Retrain on alarm, on a recent window or on the curated (randomized) data only.');

type Config = z.output<typeof schema>;

class Retrain implements Guardrail {
  readonly kind = 'retrain';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #trigger: Trigger;
  readonly #names: { active: string };
  #last = Number.NEGATIVE_INFINITY;
  #due = false;

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#trigger = new Trigger(c.monitors, c.level);
    const columns = metricColumns(ctx.id, {
      active: 'retrain: 1 on a tick the model was refitted on alarm.',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    this.#due = false;
    const firing = this.#trigger.firing(host);
    if (!firing || t - this.#last < this.#c.cooldown) return;
    this.#last = t;
    this.#due = true;
    const { data, window } = this.#c;
    set.record(
      t,
      this,
      'retrain',
      `${because(firing)}; refit on the ${data === 'curated' ? 'randomized rows of the ' : ''}last ${window} ticks of labels`,
    );
  }

  retrain(host: GuardrailHost, t: number, set: GuardrailServices): void {
    host.m[this.#names.active] = this.#due ? 1 : 0;
    if (!this.#due || this.mode === 'shadow') return;
    const plan = set.plan;
    const last = t - host.world.labelDelay;
    plan.extra = true;
    plan.extraFrom = last - this.#c.window + 1;
    plan.extraTo = last;
    plan.extraOnlyExplored = this.#c.data === 'curated';
    plan.extraWarmStart = this.#c.warmStart;
    plan.extraBy = this.id;
  }
}

export const retrain: GuardrailDef<typeof schema> = {
  kind: 'retrain',
  doc: 'Refit on alarm, on a recent window or on the curated (randomized) rows only.',
  schema,
  check(g, scenario) {
    const keep = scenario.retraining.window;
    return g.window > keep
      ? [
          {
            path: ['window'],
            message: `expected at most retraining.window (${keep}) ticks, the labels the log keeps, got ${g.window}`,
          },
        ]
      : [];
  },
  create: (g, ctx) => new Retrain(g, ctx),
};
