// fault.unitChange: upstream starts sending a numeric field in another unit (cents -> dollars, days ->
// hours, a share -> a percentage): every value is multiplied by `factor`. Nothing is missing and the
// schema is intact, so schema checks pass; only the distribution moves (range and drift checks see it).
import { z } from 'zod';
import { num } from '../scenario/zod-helpers.ts';
import {
  ANY_TASK,
  active,
  fieldFaultProblems,
  fieldParam,
  locate,
  windowOf,
  windowShape,
} from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('fault.unitChange'),
    ...windowShape,
    field: fieldParam('Numeric raw field whose unit changes.'),
    factor: num(
      0.01,
      'Every value is multiplied by this (0.01: cents to dollars; 100: a share to percent).',
      {
        gt: 0,
        max: 1e9,
      },
    ),
  })
  .describe('Upstream changes the unit of a numeric field: values are scaled by a factor.');

export const faultUnitChange: EventDef<typeof schema> = {
  kind: 'fault.unitChange',
  doc: 'A numeric field arrives in another unit: every value is multiplied by `factor` (cents to dollars by default).',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    const problems = fieldFaultProblems(e, 'numeric', scenario);
    if (e.factor === 1)
      problems.push({ path: ['factor'], message: 'expected a factor ≠ 1 (1 changes nothing)' });
    return problems;
  },
  incident(e, scenario) {
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field} arrives in another unit (x${e.factor})`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch }) {
    if (!active(e, t)) return;
    const col = batch.numeric[locate(raw, e.field).index]!;
    const k = e.factor;
    for (let i = 0; i < batch.rows; i++) col[i]! *= k;
  },
};
