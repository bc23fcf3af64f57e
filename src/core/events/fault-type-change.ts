// fault.typeChange: upstream starts sending a numeric field as strings ("0.25", "1,234.5", "N/A", "")
// and the ingestion layer parses them back. A share `failRate` of the values does not parse and
// becomes missing (NaN, imputed downstream); with `parse: "int"` the parser is an integer parser
// (parseInt) and the values that do parse lose their fractional part, truncated toward zero. Every
// failure is counted per field and tick (`parseFailures`). Nothing in the engine reads that counter
// yet: the validation monitor sees the failures the way a parser leaves them, as missing values.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { oneOf, share } from '../scenario/zod-helpers.ts';
import type { RawBatch } from '../world/types.ts';
import {
  ANY_TASK,
  active,
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
    kind: z.literal('fault.typeChange'),
    ...windowShape,
    field: fieldParam('Numeric raw field that starts arriving as strings.'),
    failRate: share(0.25, 'Share of the values that fail to parse and become missing.'),
    parse: oneOf(
      ['float', 'int'] as const,
      'float',
      'How the strings are parsed back: "float" keeps the values that parse; "int" (parseInt) truncates them toward zero.',
    ),
  })
  .describe('A numeric field arrives as strings: a share fails to parse and goes missing.');

/** Parse failures of one raw batch (one run's world): the tick they were counted in, per numeric field. */
interface Counter {
  tick: number;
  byField: Float64Array;
}

const COUNTERS = new WeakMap<RawBatch, Counter>();

/** Values of `raw` that failed to parse at tick t, per numeric field (zeros when none at t). */
export function parseFailures(raw: RawBatch, t: number): Float64Array {
  const c = COUNTERS.get(raw);
  if (!c || c.tick !== t) return new Float64Array(raw.numeric.length);
  return c.byField;
}

/** Total parse failures of `raw` at tick t. */
export function parseFailureCount(raw: RawBatch, t: number): number {
  const c = COUNTERS.get(raw);
  if (!c || c.tick !== t) return 0;
  let n = 0;
  for (let f = 0; f < c.byField.length; f++) n += c.byField[f]!;
  return n;
}

const FIELD_CACHE = new WeakMap<Rng, number>();

export const faultTypeChange: EventDef<typeof schema> = {
  kind: 'fault.typeChange',
  doc: 'A numeric field arrives as strings: a share fails to parse and becomes missing (counted for validation); "int" parsing also truncates the rest.',
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
      label: `${e.field} arrives as strings: ${Math.round(e.failRate * 100)}% fail to parse${e.parse === 'int' ? ', the rest truncated' : ''}`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch, rng }) {
    if (!active(e, t)) return;
    const f = perRun(FIELD_CACHE, rng, () => locate(raw, e.field).index);
    let counter = COUNTERS.get(batch);
    if (!counter || counter.byField.length !== batch.numeric.length) {
      counter = { tick: t, byField: new Float64Array(batch.numeric.length) };
      COUNTERS.set(batch, counter);
    }
    if (counter.tick !== t) {
      counter.tick = t;
      counter.byField.fill(0);
    }
    const col = batch.numeric[f]!;
    const rate = e.failRate;
    const truncate = e.parse === 'int';
    let failed = 0;
    // One draw per row, parsed or not.
    for (let i = 0; i < batch.rows; i++) {
      const u = rng.next();
      const x = col[i]!;
      if (Number.isNaN(x)) continue;
      if (u < rate) {
        col[i] = Number.NaN;
        failed++;
      } else if (truncate) {
        const v = Math.trunc(x);
        col[i] = v === 0 ? 0 : v; // parseInt("-0.3") is -0: store a plain 0
      }
    }
    counter.byField[f]! += failed;
  },
};
