// circuitBreaker (steps 11 and 6): when one of its monitors detects a shock, the model is switched
// off: every session gets the task's default decision (`serve: default`; recommender: a random
// candidate; fraud: allow; ads: uniform) or its baseline (`serve: baseline`). It re-enables the model
// `cooldown` ticks after opening (`until: cooldown`, default) or once the monitors have been clear for
// `cooldown` ticks (`until: clear`); a monitor still alarming then opens it again. Sessions of a
// randomized holdout stay random. Metric: guardrail.<id>.active (1 while open).
import { z } from 'zod';
import { oneOf } from '../scenario/zod-helpers.ts';
import { SERVE_BASELINE, SERVE_DEFAULT } from '../world/task.ts';
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
    kind: z.literal('circuitBreaker'),
    id: idParam,
    mode: modeParam,
    monitors: monitorsParam('Monitors whose alarm (a shock detected) opens the breaker.'),
    level: levelParam,
    cooldown: cooldownParam(
      7,
      'Ticks: with until "cooldown", how long the breaker stays open; with "clear", how long the monitors must stay clear.',
    ),
    until: untilParam('cooldown'),
    serve: oneOf(
      ['default', 'baseline'] as const,
      'default',
      "While open: the task's default decision with no model (recommender: a random candidate; fraud: allow; ads: uniform) or its baseline (popularity, rules, uniform).",
    ),
  })
  .describe(
    'Disable the model when a shock is detected; re-enable after a cool-down or when the monitors clear.',
  );

export const circuitBreaker: GuardrailDef<typeof schema> = {
  kind: 'circuitBreaker',
  doc: 'Disable the model (default decisions) when a shock is detected; re-enable after a cool-down or when the monitors clear.',
  schema,
  create: (g, ctx) =>
    new ServeSwitch(
      'circuitBreaker',
      g.serve === 'default' ? SERVE_DEFAULT : SERVE_BASELINE,
      'all',
      { on: 'open', off: 'close' },
      g,
      ctx,
    ),
};
