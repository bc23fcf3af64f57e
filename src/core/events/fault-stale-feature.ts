// fault.staleFeature: a field stops updating (the job that refreshes it died; a cache never expires).
// From `at`, every row carries the value frozen at the last refresh instead of the current one.
//
// The choice of "last value": the raw records carry no entity id, so a frozen value is kept per key
// of a categorical field `by` (the entity the feature store aggregates over: per topic, per segment,
// per merchant category), or one global value when `by` is absent. The last refresh is tick `at`:
// for a numeric field the key's value is the mean of its rows at that tick (the aggregate the store
// last computed), for a categorical field the value of the key's last row. A key with no rows at
// tick `at` has no stored value and reads as missing. Rows whose key is missing or unseen share one
// extra key. No random draws.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { MISSING, type RawBatch, type RawSchema } from '../world/types.ts';
import {
  ANY_TASK,
  active,
  fieldFaultProblems,
  fieldParam,
  fieldProblems,
  locate,
  perRun,
  windowOf,
  windowShape,
} from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('fault.staleFeature'),
    ...windowShape,
    field: fieldParam('Raw field (numeric or categorical) that stops updating.'),
    by: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Categorical field keying the frozen values (one per category: the entity the feature is stored by). Default: one global value.',
      ),
  })
  .describe('A field stops updating: its value stays frozen at the last refresh (per key or global).');

type Stale = z.output<typeof schema>;

/** The last refresh, taken on the fault's first active tick (tick `at`) and replayed from then on. */
interface State {
  target: { numeric: boolean; index: number };
  /** Categorical column of the key, or -1 (global). */
  key: number;
  /** Per slot (one per key code, then one for missing or unseen keys; 1 slot when global): the frozen value. */
  frozen: Float64Array | Int32Array;
}

const STATE = new WeakMap<Rng, State>();

/** The last refresh: this tick's fresh values, aggregated per key. */
function refresh(e: Stale, schema: RawSchema, batch: RawBatch): State {
  const target = locate(schema, e.field);
  const key = e.by === undefined ? -1 : schema.categorical.findIndex((c) => c.name === e.by);
  const slots = key < 0 ? 1 : schema.categorical[key]!.domain.length + 1;
  const other = slots - 1;
  const keys = key < 0 ? null : batch.cats[key]!;
  const rows = batch.rows;
  if (target.numeric) {
    const col = batch.numeric[target.index]!;
    const sum = new Float64Array(slots);
    const count = new Float64Array(slots);
    for (let i = 0; i < rows; i++) {
      const x = col[i]!;
      if (Number.isNaN(x)) continue;
      const c = keys ? keys[i]! : 0;
      const k = c >= 0 ? c : other;
      sum[k]! += x;
      count[k]! += 1;
    }
    for (let k = 0; k < slots; k++) sum[k] = count[k]! > 0 ? sum[k]! / count[k]! : Number.NaN;
    return { target, key, frozen: sum };
  }
  const col = batch.cats[target.index]!;
  const last = new Int32Array(slots).fill(MISSING);
  for (let i = 0; i < rows; i++) {
    const c = keys ? keys[i]! : 0;
    last[c >= 0 ? c : other] = col[i]!;
  }
  return { target, key, frozen: last };
}

export const faultStaleFeature: EventDef<typeof schema> = {
  kind: 'fault.staleFeature',
  doc: 'A field stops updating: from `at` every row carries the value of the last refresh (tick `at`), one per category of `by` or one global value.',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    const problems = fieldFaultProblems(e, 'any', scenario);
    if (e.by !== undefined) {
      if (e.by === e.field)
        problems.push({ path: ['by'], message: `expected another field than "${e.field}" as the key` });
      else problems.push(...fieldProblems(e.by, 'categorical', scenario, 'a stale key (`by`)', 'by'));
    }
    return problems;
  },
  incident(e, scenario) {
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field} stops updating (frozen at tick ${e.at}${e.by ? `, per ${e.by}` : ''})`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch, rng }) {
    if (!active(e, t)) return;
    const s = perRun(STATE, rng, () => refresh(e, raw, batch));
    const rows = batch.rows;
    const col = s.target.numeric ? batch.numeric[s.target.index]! : batch.cats[s.target.index]!;
    const frozen = s.frozen;
    if (s.key < 0) {
      col.fill(frozen[0]!, 0, rows);
      return;
    }
    const keys = batch.cats[s.key]!;
    const other = frozen.length - 1;
    for (let i = 0; i < rows; i++) {
      const c = keys[i]!;
      col[i] = frozen[c >= 0 ? c : other]!;
    }
  },
};
