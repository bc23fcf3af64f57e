// exploration (steps 6 and 11): serve a share `epsilon` of sessions at random (the exploration slice
// becomes max(epsilon, model.exploration)), always, or, with `monitors`, while one of them alarms and
// `cooldown` ticks after ("raise exploration" when loop-health monitors see the feedback loop); and a
// randomized holdout group, a share `holdout` of the users drawn once from the guardrail's stream,
// whose sessions are always served at random and never see the model. Randomized entries are logged
// as explored: labelled, they are the unbiased data that `retraining.data: exploration`,
// freezeSelfTraining and retrain's curated data train on, and the unbiased measure of the model:
// guardrail.<id>.exploredAuc is the AUC of the model's scores against the labels of the randomized
// entries released this tick. Metrics: guardrail.<id>.active, .exploredAuc.
import { z } from 'zod';
import { binnedAuc } from '../engine/measure.ts';
import { share } from '../scenario/zod-helpers.ts';
import { SERVE_EXPLORE } from '../world/task.ts';
import {
  type BuildContext,
  cooldownParam,
  type GuardrailDef,
  idParam,
  levelParam,
  metricColumns,
  modeParam,
  optionalMonitorsParam,
  Switch,
} from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('exploration'),
    id: idParam,
    mode: modeParam,
    epsilon: share(0.1, 'Share of sessions served at random (labelled, logged as exploration).'),
    holdout: share(
      0,
      'Share of users in a randomized holdout that never sees the model (always served at random).',
    ),
    monitors: optionalMonitorsParam('Raise exploration to epsilon only while one of these monitors alarms.'),
    level: levelParam,
    cooldown: cooldownParam(14, 'With monitors: ticks exploration stays raised after they clear.'),
  })
  .describe('An epsilon share of decisions at random, and a randomized holdout that never sees the model.');

type Config = z.output<typeof schema>;

class Exploration implements Guardrail {
  readonly kind = 'exploration';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #switch: Switch;
  readonly #holdout: Uint8Array | null;
  readonly #names: { active: string; exploredAuc: string };
  #score = new Float32Array(256);
  #label = new Float32Array(256);

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#switch = new Switch(c, {
      on: 'explore-on',
      off: 'explore-off',
      detail: `; epsilon ${c.epsilon}`,
      always: `always on: epsilon ${c.epsilon}, holdout ${c.holdout}`,
    });
    const columns = metricColumns(ctx.id, {
      active: 'exploration: 1 on the ticks epsilon applied.',
      exploredAuc:
        "exploration: AUC of the model's scores against the labels of the randomized entries released this tick (an unbiased measure of its ranking).",
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
    if (c.holdout > 0) {
      // One draw per user, in user order, at construction: a fixed count.
      const rng = ctx.streams(`guardrail.${ctx.id}`);
      const n = ctx.scenario.population.users;
      this.#holdout = new Uint8Array(n);
      for (let u = 0; u < n; u++) this.#holdout[u] = rng.next() < c.holdout ? 1 : 0;
    } else this.#holdout = null;
  }

  serve(host: GuardrailHost, t: number, set: GuardrailServices): void {
    const on = this.#switch.on;
    host.m[this.#names.active] = on ? 1 : 0;
    this.#switch.always(t, this, set);
    if (this.mode === 'shadow') return;
    if (on && this.#c.epsilon > set.epsilon) set.epsilon = this.#c.epsilon;
    const holdout = this.#holdout;
    if (!holdout) return;
    const mode = host.decisions.mode!;
    const users = host.world.sessionUser;
    for (let s = 0; s < host.world.sessions; s++) if (holdout[users[s]!] === 1) mode[s] = SERVE_EXPLORE;
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    host.m[this.#names.exploredAuc] = this.#exploredAuc(host, t);
    this.#switch.react(host, t, this, set);
  }

  #exploredAuc(host: GuardrailHost, t: number): number {
    const b = host.labelLog.block(t - host.world.labelDelay);
    if (!b || b.tick < 0) return Number.NaN;
    if (this.#score.length < b.n) {
      this.#score = new Float32Array(b.n * 2);
      this.#label = new Float32Array(b.n * 2);
    }
    let n = 0;
    for (let j = 0; j < b.n; j++) {
      if (b.explored[j] === 0 || b.labelled[j] === 0) continue;
      this.#score[n] = b.score[j]!;
      this.#label[n] = b.label[j]!;
      n++;
    }
    return n > 0 ? binnedAuc(this.#score, this.#label, n, host.aucBins) : Number.NaN;
  }
}

export const exploration: GuardrailDef<typeof schema> = {
  kind: 'exploration',
  doc: 'An epsilon share of decisions at random (always, or raised on alarm) and a randomized holdout that never sees the model; measures unbiased quality.',
  schema,
  create: (g, ctx) => new Exploration(g, ctx),
};
