// fallback (steps 11 and 6): when one of its monitors alarms, every session is served by the task's
// simple baseline instead of the model (recommender: the candidates with the highest observed item
// CTR, i.e. popularity; fraud: rules on the raw record, FRAUD_RULES; ads: uniform) until the
// condition clears: `until: clear` (default), once every monitor has been out of alarm for
// `cooldown` ticks; `until: cooldown`, `cooldown` ticks after it started. The model keeps scoring in
// the background (its scores are logged and monitored), so a monitor on the model can clear.
// Sessions of a randomized holdout (exploration) stay random. Metric: guardrail.<id>.active.
import { z } from 'zod';
import { SERVE_BASELINE } from '../world/task.ts';
import {
  cooldownParam,
  type GuardrailDef,
  idParam,
  levelParam,
  modeParam,
  monitorsParam,
  untilParam,
} from './common.ts';
import { ServeSwitch } from './serve-switch.ts';

const schema = z
  .strictObject({
    kind: z.literal('fallback'),
    id: idParam,
    mode: modeParam,
    monitors: monitorsParam('Monitors whose alarm switches to the baseline.'),
    level: levelParam,
    cooldown: cooldownParam(
      7,
      'Ticks: with until "clear", how long the monitors must stay clear; with "cooldown", how long the fallback lasts.',
    ),
    until: untilParam('clear'),
  })
  .describe(
    "On an alarm, serve the task's simple baseline (popularity, rules, uniform) instead of the model until the monitors clear.",
  );

export const fallback: GuardrailDef<typeof schema> = {
  kind: 'fallback',
  doc: "On an alarm, serve the task's simple baseline (popularity, rules, uniform) until the monitors clear.",
  schema,
  create: (g, ctx) =>
    new ServeSwitch('fallback', SERVE_BASELINE, 'model', { on: 'fallback-on', off: 'fallback-off' }, g, ctx),
};
