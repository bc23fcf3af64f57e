// fault.newCategories: a categorical field starts carrying values outside its declared domain (an
// upstream taxonomy change: "t3" is now "t3-news"; a new app version reports a segment nobody
// modelled). A share `rate` of the rows whose value is one of `values` (default: any value) arrive as
// UNSEEN. A one-hot encoding gives an unseen value no active category; a hashed one sends it to the
// bucket of the unseen token; the cross with the other field loses its meaning either way.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { share } from '../scenario/zod-helpers.ts';
import { UNSEEN } from '../world/types.ts';
import { quote } from './common.ts';
import {
  ANY_TASK,
  active,
  fieldFaultProblems,
  fieldParam,
  perRun,
  rawSchemaOf,
  windowOf,
  windowShape,
} from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('fault.newCategories'),
    ...windowShape,
    field: fieldParam('Categorical raw field that gets values outside its domain.'),
    rate: share(0.5, 'Share of the affected rows whose value arrives as a new, unseen category.'),
    values: z
      .array(z.string().min(1))
      .min(1)
      .max(1000)
      .optional()
      .describe('Domain values that upstream relabels (only their rows are affected). Default: every value.'),
  })
  .describe('A categorical field carries new, unseen categories.');

interface State {
  index: number;
  /** Per domain code: 1 when its rows are affected. */
  affected: Uint8Array;
}

const STATE = new WeakMap<Rng, State>();

export const faultNewCategories: EventDef<typeof schema> = {
  kind: 'fault.newCategories',
  doc: 'A categorical field carries values outside its domain (UNSEEN) on a share of the rows of some or all of its values.',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    const problems = fieldFaultProblems(e, 'categorical', scenario);
    const domain = rawSchemaOf(scenario).categorical.find((c) => c.name === e.field)?.domain;
    if (domain && e.values) {
      e.values.forEach((v, j) => {
        if (!domain.includes(v))
          problems.push({
            path: ['values', j],
            message: `expected one of ${quote(domain)} (the domain of ${e.field}), got "${v}"`,
          });
      });
    }
    return problems;
  },
  incident(e, scenario) {
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field}: ${Math.round(e.rate * 100)}% of ${e.values ? e.values.join(', ') : 'all'} rows arrive as unseen categories`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch, rng }) {
    if (!active(e, t)) return;
    const s = perRun(STATE, rng, () => {
      const index = raw.categorical.findIndex((c) => c.name === e.field);
      const domain = raw.categorical[index]!.domain;
      const affected = Uint8Array.from(domain, (d) =>
        e.values === undefined || e.values.includes(d) ? 1 : 0,
      );
      return { index, affected };
    });
    const col = batch.cats[s.index]!;
    const affected = s.affected;
    const rate = e.rate;
    // One draw per row, affected or not.
    for (let i = 0; i < batch.rows; i++) {
      const u = rng.next();
      const c = col[i]!;
      if (c >= 0 && affected[c] === 1 && u < rate) col[i] = UNSEEN;
    }
  },
};
