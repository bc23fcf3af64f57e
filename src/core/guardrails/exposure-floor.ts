// exposureFloor (steps 6 and 11): a minimum share of what is shown for every exposure group — the
// item's topic (recommender) or the viewer's segment (ads; the platform knows its customers' tiers
// even where the model does not). A feedback controller, like an ad server's pacing: each group has
// a boost multiplying the scores decide() ranks by (the logged and monitored scores stay the
// model's); after each tick, a group shown less than `floor` gets its boost raised by
// exp(gain x (floor - share) / floor), a group above it lowered, within [1, maxBoost]. Always on, or,
// with `monitors`, while one of them alarms and `cooldown` ticks after (boosts reset when it stops).
// Metrics: guardrail.<id>.active (1 when a boost above 1 applied), .minShare (the lowest share of a
// floored group this tick), .boost (the largest boost applied).
import { z } from 'zod';
import type { Problem } from '../events/types.ts';
import { num, share } from '../scenario/zod-helpers.ts';
import { taskDef } from '../world/tasks.ts';
import {
  type BuildContext,
  cooldownParam,
  type GuardrailDef,
  idParam,
  levelParam,
  metricColumns,
  modeParam,
  optionalMonitorsParam,
  STOPPED,
  Switch,
} from './common.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('exposureFloor'),
    id: idParam,
    mode: modeParam,
    floor: share(0.05, 'Minimum share of the shown entries each floored group gets.'),
    groups: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        'Groups with a floor: topics "t0", "t1"... (recommender) or segment names (ads). Default: every group.',
      ),
    gain: num(0.5, 'Controller gain: how fast a boost moves per tick.', {
      gt: 0,
      max: 10,
    }),
    maxBoost: num(20, 'Largest multiplier of a group’s scores.', {
      min: 1,
      max: 1e6,
    }),
    monitors: optionalMonitorsParam('Enforce the floor only while one of these monitors alarms.'),
    level: levelParam,
    cooldown: cooldownParam(14, 'With monitors: ticks the floor stays after they clear.'),
  })
  .describe('A minimum exposure share per item topic (recommender) or user segment (ads).');

type Config = z.output<typeof schema>;

class ExposureFloor implements Guardrail {
  readonly kind = 'exposureFloor';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #switch: Switch;
  readonly #names: { active: string; minShare: string; boost: string };
  readonly #floored: Uint8Array;
  readonly #boost: Float64Array;
  readonly #count: Float64Array;

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#switch = new Switch(c, {
      on: 'floor-on',
      off: 'floor-off',
      detail: `; floor ${c.floor}`,
      always: `always on: floor ${c.floor}`,
    });
    const groups = taskDef(ctx.scenario.task.kind).exposureGroups?.(ctx.scenario) ?? [];
    this.#floored = Uint8Array.from(groups, (g) => (!c.groups || c.groups.includes(g) ? 1 : 0));
    this.#boost = new Float64Array(groups.length).fill(1);
    this.#count = new Float64Array(groups.length);
    const columns = metricColumns(ctx.id, {
      active: 'exposureFloor: 1 when a boost above 1 applied this tick.',
      minShare: 'exposureFloor: the lowest share of the shown entries among the floored groups.',
      boost: 'exposureFloor: the largest boost applied to a group’s scores this tick.',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  serve(host: GuardrailHost, t: number, set: GuardrailServices): void {
    const on = this.#switch.on;
    this.#switch.always(t, this, set);
    const boost = this.#boost;
    let max = 1;
    for (let g = 0; g < boost.length; g++) if (boost[g]! > max) max = boost[g]!;
    const boosted = on && max > 1;
    host.m[this.#names.active] = boosted ? 1 : 0;
    host.m[this.#names.boost] = on ? max : 1;
    if (!boosted || this.mode === 'shadow') return;
    const world = host.world;
    // One pass: the boosted copy of the scores (or, when another guardrail copied them, in place).
    const from = set.decideCopied ? set.decideScores(host) : host.scores;
    const to = set.decideScores(host, false);
    const rows = world.raw.rows;
    for (let r = 0; r < rows; r++) to[r] = from[r]! * boost[world.exposureGroup!(r)]!;
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    if (this.#switch.react(host, t, this, set) === STOPPED) this.#boost.fill(1);
    const d = host.decisions;
    const world = host.world;
    const count = this.#count;
    count.fill(0);
    let shown = 0;
    for (let e = 0; e < d.count; e++) {
      if (d.action[e] !== 1) continue;
      count[world.exposureGroup!(d.row[e]!)]! += 1;
      shown++;
    }
    const { floor, gain, maxBoost } = this.#c;
    let min = Number.NaN;
    const on = this.#switch.on;
    for (let g = 0; g < count.length; g++) {
      if (this.#floored[g] === 0) continue;
      const s = shown > 0 ? count[g]! / shown : Number.NaN;
      if (!(s >= min)) min = s;
      if (!on || shown === 0 || floor === 0) continue;
      const b = this.#boost[g]! * Math.exp((gain * (floor - s)) / floor);
      this.#boost[g] = Math.max(1, Math.min(b, maxBoost));
    }
    host.m[this.#names.minShare] = min;
  }
}

export const exposureFloor: GuardrailDef<typeof schema> = {
  kind: 'exposureFloor',
  doc: 'A minimum exposure share per item topic (recommender) or user segment (ads), by boosting the scores of groups shown too little.',
  schema,
  tasks: ['recommender', 'ads'],
  check(g, scenario) {
    const names = taskDef(scenario.task.kind).exposureGroups?.(scenario) ?? [];
    const problems: Problem[] = [];
    (g.groups ?? []).forEach((name, j) => {
      if (!names.includes(name))
        problems.push({
          path: ['groups', j],
          message: `expected one of ${names.map((n) => `"${n}"`).join(', ')}, got "${name}"`,
        });
    });
    if (names.length > 0 && g.floor * (g.groups?.length ?? names.length) > 1)
      problems.push({
        path: ['floor'],
        message: `expected floor x floored groups ≤ 1, got ${g.floor} x ${g.groups?.length ?? names.length}`,
      });
    return problems;
  },
  create: (g, ctx) => new ExposureFloor(g, ctx),
};
