// fault.nulls: a field starts arriving empty on a share of rows. Three mechanisms (Rubin's):
//   "mcar"  completely at random: each row is missing with probability `rate`;
//   "mar"   at random given another observed field `dependsOn`: the probability rises with that
//           field's standardised value z (or falls, `direction: "low"`);
//   "mnar"  not at random: it depends on the missing value itself (high values go missing, say
//           large transactions a logger truncates), so imputation biases the field.
// For "mar" and "mnar" a row's probability is min(1, 2 * rate * sigmoid(±strength * z)), z the
// driving value standardised over this tick's rows (tabulated in steps of 1/64 of z, clamped to ±8,
// so a row costs a lookup, not an exp), so the average rate stays close to `rate` while the missing
// rows are the high (or low) ones. Missing numerics become NaN, categoricals MISSING.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { num, oneOf, share } from '../scenario/zod-helpers.ts';
import { MISSING } from '../world/types.ts';
import {
  ANY_TASK,
  active,
  columnMoments,
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
    kind: z.literal('fault.nulls'),
    ...windowShape,
    field: fieldParam('Raw field (numeric or categorical) that goes missing.'),
    rate: share(0.3, 'Share of rows missing (the average, for "mar" and "mnar").'),
    mechanism: oneOf(
      ['mcar', 'mar', 'mnar'] as const,
      'mcar',
      'Completely at random, at random given `dependsOn`, or depending on the value itself ("mnar" needs a numeric field).',
    ),
    dependsOn: z
      .string()
      .min(1)
      .optional()
      .describe('For "mar": the numeric field whose value drives the missingness (another field).'),
    direction: oneOf(
      ['high', 'low'] as const,
      'high',
      'For "mar" and "mnar": whether high or low driving values go missing.',
    ),
    strength: num(
      2,
      'For "mar" and "mnar": slope of the missing probability in the standardised driving value.',
      {
        gt: 0,
        max: 50,
      },
    ),
  })
  .describe('A field goes missing on a share of rows: at random, or depending on a value.');

/** The missing probability is tabulated over the standardised driving value, [-Z_MAX, Z_MAX). */
const Z_MAX = 8;
const STEPS_PER_Z = 64;

interface State {
  target: { numeric: boolean; index: number };
  /** Numeric column index of the driving value, or -1 (mcar). */
  driver: number;
  moments: { mean: number; sd: number };
  /** p(z) = min(1, 2 * rate * sigmoid(±strength * z)) at z = -Z_MAX + (j + 0.5) / STEPS_PER_Z. */
  table: Float64Array;
}

const STATE = new WeakMap<Rng, State>();

export const faultNulls: EventDef<typeof schema> = {
  kind: 'fault.nulls',
  doc: 'A field goes missing on a share of rows: completely at random, at random given another field, or depending on its own value.',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    const problems = fieldFaultProblems(
      e,
      e.mechanism === 'mnar' ? 'numeric' : 'any',
      scenario,
      'mechanism "mnar"',
    );
    if (e.mechanism === 'mar') {
      if (e.dependsOn === undefined)
        problems.push({
          path: ['dependsOn'],
          message: 'missing, expected the numeric field "mar" depends on',
        });
      else if (e.dependsOn === e.field)
        problems.push({
          path: ['dependsOn'],
          message: `expected another field than "${e.field}" (missingness that depends on the value itself is "mnar")`,
        });
      else problems.push(...fieldProblems(e.dependsOn, 'numeric', scenario, 'mechanism "mar"', 'dependsOn'));
    } else if (e.dependsOn !== undefined) {
      problems.push({
        path: ['dependsOn'],
        message: `only "mar" depends on another field (mechanism is "${e.mechanism}")`,
      });
    }
    return problems;
  },
  incident(e, scenario) {
    const how =
      e.mechanism === 'mcar'
        ? 'at random'
        : `where ${e.mechanism === 'mar' ? e.dependsOn : e.field} is ${e.direction}`;
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field} missing on ${Math.round(e.rate * 100)}% of rows, ${how} (${e.mechanism})`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch, rng }) {
    if (!active(e, t)) return;
    const s = perRun(STATE, rng, () => {
      const target = locate(raw, e.field);
      const driver =
        e.mechanism === 'mcar' ? -1 : locate(raw, e.mechanism === 'mar' ? e.dependsOn! : e.field).index;
      const table = new Float64Array(2 * Z_MAX * STEPS_PER_Z);
      const k = e.direction === 'high' ? e.strength : -e.strength;
      for (let j = 0; j < table.length; j++) {
        const z = -Z_MAX + (j + 0.5) / STEPS_PER_Z;
        table[j] = Math.min(1, (2 * e.rate) / (1 + Math.exp(-k * z)));
      }
      return { target, driver, moments: { mean: 0, sd: 0 }, table };
    });
    const rows = batch.rows;
    const rate = e.rate;
    const numCol = s.target.numeric ? batch.numeric[s.target.index]! : null;
    const catCol = s.target.numeric ? null : batch.cats[s.target.index]!;
    if (s.driver < 0) {
      // One draw per row.
      for (let i = 0; i < rows; i++) {
        if (rng.next() >= rate) continue;
        if (numCol) numCol[i] = Number.NaN;
        else catCol![i] = MISSING;
      }
      return;
    }
    // Standardise the driving value over this tick's rows first (read before any row is blanked).
    const drive = batch.numeric[s.driver]!;
    columnMoments(drive, rows, s.moments);
    const mean = s.moments.mean;
    const inv = s.moments.sd > 0 ? 1 / s.moments.sd : 0;
    const table = s.table;
    const last = table.length - 1;
    // A driving value already missing (another fault) counts as average (z = 0).
    const middle = Z_MAX * STEPS_PER_Z;
    for (let i = 0; i < rows; i++) {
      const u = rng.next();
      const x = drive[i]!;
      let j = Number.isNaN(x) ? middle : Math.floor(((x - mean) * inv + Z_MAX) * STEPS_PER_Z);
      j = j < 0 ? 0 : Math.min(j, last);
      if (u >= table[j]!) continue;
      if (numCol) numCol[i] = Number.NaN;
      else catCol![i] = MISSING;
    }
  },
};
