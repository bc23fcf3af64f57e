// inputGate (step 5): rows whose raw record fails validation (row-validation.ts: out of the training
// range, infinite, a new or invalid category, missing where training never was) are imputed or
// rejected before the model decides on them. The expectations are learned from the launch training
// set and relearned at every full refit from the values they accept, so a fault that reached the
// training window does not widen them.
// - impute: the failing fields of the row are replaced in the serving features by the training mean
//   (0 after standardisation) or, for a category, by "no value" (and so is a cross built on it); the
//   model scores the repaired row.
// - reject: a session with a failing candidate row is served without the model: the task's baseline
//   (`serve: baseline`: popularity, rules, uniform) or its default decision (`serve: default`).
// Always on, or, with `monitors`, only while one of them is in its triggering state (and `cooldown`
// ticks after). The raw records themselves are untouched: monitors and the training log see what
// arrived. Metrics: guardrail.<id>.active, .imputed (rows), .rejected (sessions).
import { z } from 'zod';
import type { Problem } from '../events/types.ts';
import { rawFieldNames } from '../monitors/drift-window.ts';
import { num, oneOf, share } from '../scenario/zod-helpers.ts';
import { SERVE_BASELINE, SERVE_DEFAULT } from '../world/task.ts';
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
  Switch,
} from './common.ts';
import { checkRows, createRowRules, learnRowRules, type RowRules } from './row-validation.ts';
import type { Guardrail, GuardrailHost, GuardrailServices } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('inputGate'),
    id: idParam,
    mode: modeParam,
    action: oneOf(
      ['impute', 'reject'] as const,
      'impute',
      'What happens to a row that fails validation: impute its failing fields (training mean, or no category), or reject its session (served without the model).',
    ),
    serve: oneOf(
      ['baseline', 'default'] as const,
      'baseline',
      "With action reject: the rejected session gets the task's baseline (recommender: popularity; fraud: rules; ads: uniform) or its default decision (recommender: a random candidate; fraud: allow; ads: uniform).",
    ),
    fields: z
      .array(z.string())
      .min(1)
      .optional()
      .describe('Raw fields to validate. Default: every raw field of the task.'),
    rangeTolerance: num(
      1,
      'A numeric value fails outside the training [min, max] widened on each side by this multiple of its span.',
      { min: 0 },
    ),
    requiredBelow: share(
      0.01,
      'A missing value fails in a field whose training rows were missing at most this share (a field that is always there).',
    ),
    monitors: optionalMonitorsParam('Gate only while one of these monitors is in its triggering state.'),
    level: levelParam,
    cooldown: cooldownParam(0, 'With monitors: ticks the gate stays on after they clear.'),
  })
  .describe(
    'Gate the input: rows failing validation (range, type, domain, presence) are imputed or their session served without the model.',
  );

type Config = z.output<typeof schema>;

class InputGate implements Guardrail {
  readonly kind = 'inputGate';
  readonly id: string;
  readonly mode: Config['mode'];
  readonly metrics;
  readonly #c: Config;
  readonly #switch: Switch;
  readonly #names: { active: string; imputed: string; rejected: string };
  #rules: RowRules | null = null;
  #refVersion = -1;
  #failed = new Uint32Array(0);

  constructor(c: Config, ctx: BuildContext) {
    this.#c = c;
    this.id = ctx.id;
    this.mode = c.mode;
    this.#switch = new Switch(c, { on: 'gate-on', off: 'gate-off' });
    const columns = metricColumns(ctx.id, {
      active: 'inputGate: 1 when the gate checked the rows this tick.',
      imputed: 'inputGate (impute): candidate rows with a field imputed this tick.',
      rejected: 'inputGate (reject): sessions served without the model because a row failed.',
    });
    this.metrics = columns.defs;
    this.#names = columns.names;
  }

  #learn(host: GuardrailHost): RowRules {
    const schema = host.world.schema;
    if (!this.#rules) {
      this.#rules = createRowRules(schema);
      const names = rawFieldNames(schema);
      const wanted = this.#c.fields ?? names;
      for (let k = 0; k < names.length; k++) this.#rules.checked[k] = wanted.includes(names[k]!) ? 1 : 0;
    }
    const ref = host.reference;
    if (ref.version !== this.#refVersion) {
      learnRowRules(this.#rules, ref.raw, ref.rows, this.#c.rangeTolerance, this.#c.requiredBelow);
      this.#refVersion = ref.version;
    }
    return this.#rules;
  }

  gate(host: GuardrailHost, t: number, rows: number, perSession: number, set: GuardrailServices): void {
    const m = host.m;
    const on = this.#switch.on;
    m[this.#names.active] = on ? 1 : 0;
    m[this.#names.imputed] = 0;
    m[this.#names.rejected] = 0;
    this.#switch.always(t, this, set);
    // Learn at every refit, on or off, so a gate switched on by an alarm has clean expectations.
    const rules = this.#learn(host);
    if (!on || rows === 0) return;
    if (this.#failed.length < rows) this.#failed = new Uint32Array(rows * 2);
    const failed = this.#failed;
    const bad = checkRows(rules, host.world.raw, rows, failed);
    if (bad === 0) return;
    const act = this.mode === 'active';
    if (this.#c.action === 'impute') {
      m[this.#names.imputed] = bad;
      if (act) impute(host, rows, failed);
      return;
    }
    const mode = host.decisions.mode!;
    const serve = this.#c.serve === 'baseline' ? SERVE_BASELINE : SERVE_DEFAULT;
    let rejected = 0;
    let last = -1;
    for (let i = 0; i < rows; i++) {
      if (failed[i] === 0) continue;
      const s = (i / perSession) | 0;
      if (s === last) continue;
      last = s;
      rejected++;
      if (act) mode[s] = serve;
    }
    m[this.#names.rejected] = rejected;
  }

  react(host: GuardrailHost, t: number, set: GuardrailServices): void {
    this.#switch.react(host, t, this, set);
  }
}

/** Replace the failing fields of failing rows in the serving features. */
function impute(host: GuardrailHost, rows: number, failed: Uint32Array): void {
  const f = host.features;
  const nNum = f.layout.numeric.length;
  const nCat = f.layout.categorical.length;
  const nRawCat = host.world.schema.categorical.length;
  const cross = nCat > nRawCat;
  for (let i = 0; i < rows; i++) {
    const bits = failed[i]!;
    if (bits === 0) continue;
    for (let k = 0; k < nNum; k++) if (bits & (1 << Math.min(k, 31))) f.dense[i * nNum + k] = 0;
    for (let k = 0; k < nRawCat; k++) {
      if ((bits & (1 << Math.min(nNum + k, 31))) === 0) continue;
      f.cats[i * nCat + k] = -1;
      if (cross && k < 2) f.cats[i * nCat + nRawCat] = -1;
    }
  }
}

export const inputGate: GuardrailDef<typeof schema> = {
  kind: 'inputGate',
  doc: 'Rows failing validation are imputed, or their session is served without the model; counts are metrics.',
  schema,
  check(g, scenario) {
    const names = rawFieldNames(taskDef(scenario.task.kind).rawSchema(scenario));
    const problems: Problem[] = [];
    (g.fields ?? []).forEach((f, j) => {
      if (!names.includes(f))
        problems.push({
          path: ['fields', j],
          message: `expected one of ${names.map((n) => `"${n}"`).join(', ')}, got "${f}"`,
        });
    });
    return problems;
  },
  create: (g, ctx) => new InputGate(g, ctx),
};
