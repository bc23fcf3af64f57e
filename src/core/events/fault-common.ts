// What every upstream fault shares: the window parameters (`at`, optional `duration`: absent, the fault
// lasts to the end of the run; common.ts's window with 0 for absent), the `field` parameter checked
// against the task's raw schema, the incident window, per-run state, blanking a field, and small
// allocation-free column statistics.
//
// Where faults bite: `corrupt()` runs at step 3 on the tick's raw records, before the serving pipeline.
// The story logs the raw records serving saw (step 7), so a corrupted value also reaches the label log
// and, through the next refits, the training set: as in production, where the logged features are the
// ones the serving request carried.
//
// Randomness: a fault draws only from its own stream (`event.<index>.<kind>`), exactly one uniform per
// row of an active tick (or none), so the world's streams are never shifted (common random numbers).
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import type { Scenario } from '../scenario/schema.ts';
import { int } from '../scenario/zod-helpers.ts';
import { taskDef } from '../world/tasks.ts';
import { MISSING, type RawBatch, type RawSchema } from '../world/types.ts';
import { durationProblems, inWindow, oneOfProblems, quote, windowEnd } from './common.ts';
import type { Problem } from './types.ts';

/** Pipeline faults apply to any task: fields are checked against the task's own raw schema. */
export const ANY_TASK = ['recommender', 'fraud', 'ads'] as const;

export const windowShape = {
  at: int(0, 'Tick at which the fault starts.', { min: 0 }),
  duration: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Ticks the fault lasts (it is fixed at at + duration). Default: to the end of the run.'),
};

export const fieldParam = (what: string) => z.string().min(1).describe(what);

export interface Window {
  at: number;
  duration?: number | undefined;
}

/** True while the fault is active at tick t. */
export function active(e: Window, t: number): boolean {
  return inWindow(e.at, e.duration ?? 0, t);
}

/** The incident window: [at, at + duration - 1], or to the last tick of the run. */
export function windowOf(e: Window, scenario: Scenario): { start: number; end: number } {
  return { start: e.at, end: windowEnd(e.at, e.duration ?? 0, scenario) };
}

/** A set duration must fit the run (an absent one always does). */
export function windowProblems(e: Window, scenario: Scenario): Problem[] {
  return e.duration === undefined ? [] : durationProblems(e.at, e.duration, scenario);
}

export type FieldKind = 'numeric' | 'categorical' | 'any';

/** The raw schema the scenario's task will have (known before the world is built). */
export function rawSchemaOf(scenario: Scenario): RawSchema {
  return taskDef(scenario.task.kind).rawSchema(scenario);
}

/**
 * Problems with a field name: not in the task's raw schema, or of the wrong kind for the operation
 * (`expected one of "userTopicCtr", ..., got "userCtr"`).
 */
export function fieldProblems(
  field: string,
  kind: FieldKind,
  scenario: Scenario,
  op: string,
  path: string = 'field',
): Problem[] {
  const schema = rawSchemaOf(scenario);
  const numeric = schema.numeric;
  const categorical = schema.categorical.map((c) => c.name);
  const all = [...numeric, ...categorical];
  if (!all.includes(field)) return oneOfProblems(path, field, all);
  if (kind === 'numeric' && !numeric.includes(field)) {
    return [
      {
        path: [path],
        message: `"${field}" is categorical; ${op} needs a numeric field (one of ${quote(numeric)})`,
      },
    ];
  }
  if (kind === 'categorical' && !categorical.includes(field)) {
    return [
      {
        path: [path],
        message: `"${field}" is numeric; ${op} needs a categorical field (one of ${quote(categorical)})`,
      },
    ];
  }
  return [];
}

/** The checks of a fault on a field: the field exists (of the kind `op` needs), the window fits the run. */
export function fieldFaultProblems(
  e: Window & { kind: string; field: string },
  kind: FieldKind,
  scenario: Scenario,
  op: string = e.kind,
): Problem[] {
  return [...fieldProblems(e.field, kind, scenario, op), ...windowProblems(e, scenario)];
}

/** Where a field lives in a raw batch: its kind and its column index. */
export function locate(schema: RawSchema, field: string): { numeric: boolean; index: number } {
  const n = schema.numeric.indexOf(field);
  if (n >= 0) return { numeric: true, index: n };
  const c = schema.categorical.findIndex((f) => f.name === field);
  if (c >= 0) return { numeric: false, index: c };
  throw new Error(`field "${field}" is not in the raw schema`);
}

/** Blank a field on every row of the batch, as records that lack it: NaN (numeric) or MISSING. */
export function blankField(schema: RawSchema, batch: RawBatch, field: string): void {
  const { numeric, index } = locate(schema, field);
  if (numeric) batch.numeric[index]!.fill(Number.NaN, 0, batch.rows);
  else batch.cats[index]!.fill(MISSING, 0, batch.rows);
}

/**
 * Per-run state of an event, keyed by its stream: every run builds its own streams, so the state of
 * one run never leaks into another (and a rerun starts afresh). Built on first use, then reused.
 */
export function perRun<T>(cache: WeakMap<Rng, T>, rng: Rng, init: () => T): T {
  let s = cache.get(rng);
  if (s === undefined) {
    s = init();
    cache.set(rng, s);
  }
  return s;
}

/** Mean and sd (population) of the non-missing values of col[0..rows); sd 0 when fewer than 2. */
export function columnMoments(col: Float64Array, rows: number, out: { mean: number; sd: number }): void {
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < rows; i++) {
    const x = col[i]!;
    if (Number.isNaN(x)) continue;
    n++;
    const d = x - m;
    m += d / n;
    m2 += d * (x - m);
  }
  out.mean = n > 0 ? m : 0;
  out.sd = n > 1 ? Math.sqrt(m2 / n) : 0;
}
