// shock.regulation: from `at` on, a raw field may no longer be used (a regulator bans it, e.g. age or
// location as a proxy for a protected attribute). The field is blanked in every raw record from
// `at` to the end of the run: numeric values become missing (NaN), categorical ones MISSING, and the
// serving pipeline imputes them; the logged records carry the blank too, so refits learn without it.
// No draws: the world's streams are untouched.
import { z } from 'zod';
import { int } from '../scenario/zod-helpers.ts';
import { ANY_TASK, blankField, fieldParam, fieldProblems } from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('shock.regulation'),
    at: int(0, 'Tick from which the field may no longer be used.', { min: 0 }),
    field: fieldParam("Raw field that must stop being used (a name in the task's raw schema)."),
  })
  .describe('A regulation bans a feature from a tick on: the field arrives missing from then on.');

export const shockRegulation: EventDef<typeof schema> = {
  kind: 'shock.regulation',
  doc: 'A regulation bans a raw field from a tick on: it is blanked (missing) in every record, and the pipeline imputes it.',
  cause: 'shock',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    return fieldProblems(e.field, 'any', scenario, 'shock.regulation');
  },
  incident(e, scenario) {
    return {
      start: e.at,
      end: scenario.ticks - 1,
      affects: [e.field],
      label: `regulation: ${e.field} may no longer be used`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch }) {
    if (t >= e.at) blankField(raw, batch, e.field);
  },
};
