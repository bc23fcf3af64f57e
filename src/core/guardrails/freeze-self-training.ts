// freezeSelfTraining (steps 11 and 12): while one of its monitors (typically a loop-health one:
// exposure concentration, homogenization, diversity) alarms, and `cooldown` ticks after, the model
// stops retraining on its own outputs: refits train only on the randomized rows (`refits:
// exploration`, the exploration slice and holdout; with none, nothing is fitted) or are skipped
// (`refits: skip`). Metric: guardrail.<id>.active (1 while frozen).
import { z } from 'zod';
import { oneOf } from '../scenario/zod-helpers.ts';
import {
  type BuildContext,
  cooldownParam,
  type GuardrailDef,
  idParam,
  levelParam,
  metricColumns,
  modeParam,
  monitorsParam,
  Switch,
} from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('freezeSelfTraining'),
    id: idParam,
    mode: modeParam,
    monitors: monitorsParam('Monitors (loop health) whose alarm freezes self-training.'),
    level: levelParam,
    cooldown: cooldownParam(14, 'Ticks the freeze lasts after the monitors clear.'),
    refits: oneOf(
      ['exploration', 'skip'] as const,
      'exploration',
      'While frozen, refits train only on the randomized rows (exploration), or do not happen (skip).',
    ),
  })
  .describe('Stop retraining on own outputs while loop-health monitors alarm.');

type Config = z.output<typeof schema>;

class FreezeSelfTraining implements Guardrail {
  readonly kind = 'freezeSelfTraining';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #switch: Switch;
  readonly #names: { active: string };

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#switch = new Switch(c, {
      on: 'freeze',
      off: 'unfreeze',
      detail: c.refits === 'skip' ? '; refits skipped' : '; refits on randomized rows only',
      stopsAtOnce: true, // this tick's refit (step 12) is no longer frozen
    });
    const columns = metricColumns(ctx.id, {
      active: 'freezeSelfTraining: 1 while retraining on own outputs is frozen.',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    this.#switch.react(host, t, this, set);
  }

  retrain(host: GuardrailHost, _t: number, set: GuardrailServices): void {
    const on = this.#switch.on;
    host.m[this.#names.active] = on ? 1 : 0;
    if (!on || this.mode === 'shadow') return;
    if (this.#c.refits === 'skip') set.plan.hold = true;
    else set.plan.onlyExplored = true;
  }
}

export const freezeSelfTraining: GuardrailDef<typeof schema> = {
  kind: 'freezeSelfTraining',
  doc: 'Stop retraining on own outputs (train on randomized rows only, or skip) while loop-health monitors alarm.',
  schema,
  create: (g, ctx) => new FreezeSelfTraining(g, ctx),
};
