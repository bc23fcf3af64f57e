// fault.outliers: a share of rows carry extreme values of a numeric field (a sensor glitch, a sentinel
// like 99999 leaking through, a double-counted aggregate). A hit row's value moves `magnitude` times
// the field's standard deviation (over this tick's rows) away from where it was: up, down, or either
// way with even odds. One draw per row: a row is hit when u < share, and for "both" the same draw
// (u / share, uniform again) picks the side.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { num, oneOf, share } from '../scenario/zod-helpers.ts';
import {
  ANY_TASK,
  active,
  columnMoments,
  fieldFaultProblems,
  fieldParam,
  locate,
  perRun,
  windowOf,
  windowShape,
} from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('fault.outliers'),
    ...windowShape,
    field: fieldParam('Numeric raw field that gets extreme values.'),
    share: share(0.02, 'Share of rows with an extreme value.'),
    magnitude: num(20, "How far an outlier lands, in standard deviations of the field's values this tick.", {
      gt: 0,
      max: 1e6,
    }),
    side: oneOf(['high', 'low', 'both'] as const, 'high', 'Direction of the outliers.'),
  })
  .describe('A share of rows carry extreme values of a numeric field.');

interface State {
  index: number;
  moments: { mean: number; sd: number };
}

const STATE = new WeakMap<Rng, State>();

export const faultOutliers: EventDef<typeof schema> = {
  kind: 'fault.outliers',
  doc: 'A share of rows carry extreme values of a numeric field (`magnitude` standard deviations away, high, low or both).',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    return fieldFaultProblems(e, 'numeric', scenario);
  },
  incident(e, scenario) {
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field}: ${+(e.share * 100).toFixed(2)}% of rows ${e.magnitude} sd ${e.side === 'both' ? 'off' : e.side === 'high' ? 'too high' : 'too low'}`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch, rng }) {
    if (!active(e, t)) return;
    const s = perRun(STATE, rng, () => ({ index: locate(raw, e.field).index, moments: { mean: 0, sd: 0 } }));
    const col = batch.numeric[s.index]!;
    const rows = batch.rows;
    columnMoments(col, rows, s.moments);
    // A constant column has no spread: use its scale (or 1) so outliers still stand out.
    const unit = s.moments.sd > 0 ? s.moments.sd : Math.abs(s.moments.mean) || 1;
    const jump = e.magnitude * unit;
    const rate = e.share;
    const both = e.side === 'both';
    const sign = e.side === 'low' ? -1 : 1;
    for (let i = 0; i < rows; i++) {
      const u = rng.next();
      if (u >= rate) continue;
      const dir = both ? (u < rate / 2 ? -1 : 1) : sign;
      col[i]! += dir * jump;
    }
  },
};
