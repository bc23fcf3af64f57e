// validation: data validation against a schema inferred from the training data (MONITORS.md "Data
// validation"; TFDV's inferred schema, Great Expectations' `mostly`, Deequ's completeness). At every
// full fit the monitor learns from the reference (the training set) each field's missing rate, the
// share of invalid values, its range (numbers) or the codes it takes (categories), and how often a
// row's value repeats by chance; each tick it checks the current rows against them:
//
// - presence: missing share (NaN, or the MISSING code) above the training share + missingTolerance.
//   The world's raw records hold numbers as numbers, so a value of the wrong type arrives the way a
//   parser leaves it, as missing: a `fault.typeChange` (numbers arriving as strings) shows up here, as
//   a missing-rate jump on that field, and so does a renamed field.
// - type: values that are not valid at all: ±Infinity in a numeric field, a code outside the
//   declared domain that is neither MISSING nor UNSEEN in a categorical one.
// - range (numbers): share of values outside the training [min, max] widened on each side by
//   rangeTolerance times its span; at most 1 - mostly may be outside (Great Expectations'
//   expect_column_values_to_be_between with `mostly`). The default tolerance, one span, lets a
//   field that grows with time (a recommender's itemAge between weekly refits) stay in range while
//   a unit change by a factor of 100 or extreme outliers do not.
// - domain (categories): share of values outside the declared domain (the UNSEEN code: a new
//   category), at most the training share + (1 - mostly). Declared values the training set never
//   held are not anomalies: a model that serves only its favourites never logs the other topics.
// - volume: rows this tick outside the band [(1 - volumeTolerance) * min, (1 + volumeTolerance) *
//   max] of the row counts of the last volumeTicks ticks that passed (learned over the first
//   volumeTicks ticks, then rolling): a sudden change alarms and, while it lasts, stays outside
//   the band; an organic trend (users churning over months) moves the band with it.
// - staleness: a field that stops updating. Two signs: (1) the share of rows whose value equals the
//   previous tick's value at the same position, against the chance of such a repeat (measured on
//   the training rows, row i against row i + n/2): stale when the repeats exceed chance +
//   staleTolerance * (1 - chance) (a frozen column or a constant repeats on every row); (2) for
//   numbers, Deequ's distinctness: the distinct values among 1,000 rows (a fixed stride) fall below
//   staleDistinct times the training's (a value frozen per key, as a feature store serving each
//   topic's last aggregate, leaves as many values as keys). The violation is the larger of the two
//   (for (2), staleDistinct minus the ratio).
//
// Each check of each field has a violation: the share failing minus the share allowed minus a
// `sigmas`-sigma binomial margin on the allowed share (so small ticks do not alarm on noise); volume
// has the relative distance outside its band. The reading is the worst violation (alarm above 0);
// `detail` names the field and check. An alarm is raised the moment any (field, check) starts to
// violate that did not the tick before, so a second fault during a first raises its own alarm.
import { z } from 'zod';
import { int, num } from '../scenario/zod-helpers.ts';
import { MISSING, type RawSchema, UNSEEN } from '../world/types.ts';
import { fmt, LabelledRows, rawFieldNames, resolveField, rowsParam } from './drift-window.ts';
import {
  ALARM,
  type MonitorRuntime,
  type MonitorState,
  OK,
  type ReferenceData,
  type TickInputs,
} from './types.ts';

export const VALIDATION_CHECKS = ['presence', 'type', 'range', 'domain', 'volume', 'staleness'] as const;
export type ValidationCheck = (typeof VALIDATION_CHECKS)[number];

export const validationParams = z.strictObject({
  fields: z
    .array(z.string())
    .min(1)
    .optional()
    .describe('With input "raw": the raw fields to check. Default: every raw field of the task.'),
  checks: z
    .array(z.enum(VALIDATION_CHECKS))
    .min(1)
    .default([...VALIDATION_CHECKS])
    .describe('Checks to run. Default: all of presence, type, range, domain, volume, staleness.'),
  rows: rowsParam('all'),
  missingTolerance: num(
    0.01,
    'presence: the missing share may exceed the training share by this much (Deequ completeness).',
    { min: 0, max: 1 },
  ),
  mostly: num(0.99, "range and domain: share of values that must pass (Great Expectations' mostly).", {
    min: 0,
    max: 1,
  }),
  rangeTolerance: num(
    1,
    'range: values may fall outside the training [min, max] by this multiple of its span.',
    { min: 0 },
  ),
  volumeTicks: int(7, 'volume: the last ticks (that passed) whose row counts set the band.', {
    min: 1,
    max: 365,
  }),
  volumeTolerance: num(0.25, 'volume: the band is [(1 - this) * min, (1 + this) * max] of those ticks.', {
    min: 0,
    max: 1,
  }),
  staleTolerance: num(
    0.5,
    'staleness: stale when the share of values repeating the previous tick exceeds chance + this * (1 - chance).',
    { gt: 0, max: 1 },
  ),
  staleDistinct: num(
    0.1,
    "staleness: stale when a numeric field's distinct values among 1,000 rows fall below this share of the training's.",
    { min: 0, max: 1 },
  ),
  sigmas: num(3, 'Binomial sampling margin on allowed shares, in standard errors.', { min: 0 }),
});

export type ValidationParams = z.output<typeof validationParams>;

export const VALIDATION_DOC =
  'Data validation against a schema inferred from the training data: presence, type, range, domain, volume, staleness; alarms the moment an anomaly appears.';

const CHECK_INDEX: Record<ValidationCheck, number> = {
  presence: 0,
  type: 1,
  range: 2,
  domain: 3,
  volume: 4,
  staleness: 5,
};
const NC = VALIDATION_CHECKS.length;
/** Fewer current values than this give a check no verdict. */
const MIN_VALUES = 20;
/** Rows (a fixed stride) whose distinct values are counted; fewer distinct training values: no verdict. */
const DISTINCT_SAMPLE = 1000;
const MIN_DISTINCT = 20;

interface Field {
  name: string;
  categorical: boolean;
  index: number;
  domain: number;
}

export class ValidationMonitor implements MonitorRuntime {
  readonly kind = 'validation';
  state: MonitorState = OK;
  fired = false;
  statistic = Number.NaN;
  readonly alarmLevel = 0;
  readonly warningLevel = Number.NaN;
  readonly #p: ValidationParams;
  readonly #on = new Uint8Array(NC);
  #fields: Field[] = [];
  #refVersion = -1;
  // Learned from the reference, per field.
  #trainMissing = new Float64Array(0);
  #trainInvalid = new Float64Array(0);
  #min = new Float64Array(0);
  #max = new Float64Array(0);
  #trainUnseen = new Float64Array(0);
  #chance = new Float64Array(0);
  /** Per numeric field: distinct values among DISTINCT_SAMPLE training rows; this tick's; its sample size. */
  #trainDistinct = new Float64Array(0);
  #distinctNow = new Float64Array(0);
  #distinctN = new Float64Array(0);
  /** Per field: 1 when this tick's staleness reading is the distinctness one. */
  #byDistinct = new Uint8Array(0);
  readonly #distinctBuf = new Float64Array(DISTINCT_SAMPLE);
  // Volume band.
  /** Row counts of the last volumeTicks ticks that passed (a ring). */
  #volume = new Float64Array(0);
  #volumeN = 0;
  #volumeNext = 0;
  // Previous tick's values per field, by position.
  #prevNum: Float64Array[] = [];
  #prevCat: Int32Array[] = [];
  #prevCount = 0;
  readonly #labelled = new LabelledRows();
  // Per (field, check): this tick's failing share, allowed share, violation; and last tick's flags.
  #share = new Float64Array(0);
  #allowed = new Float64Array(0);
  #violation = new Float64Array(0);
  #was = new Uint8Array(0);
  #rows = 0;

  constructor(
    readonly id: string,
    readonly input: string,
    params: ValidationParams,
  ) {
    this.#p = params;
    for (const c of params.checks) this.#on[CHECK_INDEX[c]] = 1;
  }

  #build(schema: RawSchema): void {
    const names = this.input === 'raw' ? (this.#p.fields ?? rawFieldNames(schema)) : [this.input];
    this.#fields = names.map((name) => {
      const f = resolveField(schema, name, false);
      if (!f) throw new Error(`validation "${this.id}": no raw field named "${name}"`);
      return { name, categorical: f.kind === 'categorical', index: f.index, domain: f.domain };
    });
    const n = this.#fields.length;
    this.#trainMissing = new Float64Array(n);
    this.#trainInvalid = new Float64Array(n);
    this.#min = new Float64Array(n);
    this.#max = new Float64Array(n);
    this.#trainUnseen = new Float64Array(n);
    this.#chance = new Float64Array(n);
    this.#trainDistinct = new Float64Array(n);
    this.#distinctNow = new Float64Array(n);
    this.#distinctN = new Float64Array(n);
    this.#byDistinct = new Uint8Array(n);
    this.#prevNum = this.#fields.map((f) => new Float64Array(f.categorical ? 0 : 1024));
    this.#prevCat = this.#fields.map((f) => new Int32Array(f.categorical ? 1024 : 0));
    // One extra row of the per-(field, check) tables for the dataset-level volume check.
    this.#share = new Float64Array((n + 1) * NC);
    this.#allowed = new Float64Array((n + 1) * NC);
    this.#violation = new Float64Array((n + 1) * NC).fill(Number.NaN);
    this.#was = new Uint8Array((n + 1) * NC);
  }

  #learn(ref: ReferenceData): void {
    const n = ref.rows;
    const half = n >> 1;
    this.#fields.forEach((f, k) => {
      let missing = 0;
      let invalid = 0;
      let repeats = 0;
      let pairs = 0;
      if (f.categorical) {
        const col = ref.raw.cats[f.index]!;
        let unseen = 0;
        for (let i = 0; i < n; i++) {
          const c = col[i]!;
          if (c === MISSING) missing++;
          else if (c === UNSEEN) unseen++;
          else if (c < 0 || c >= f.domain) invalid++;
        }
        for (let i = 0; i < half; i++) {
          const a = col[i]!;
          if (a === MISSING || col[i + half]! === MISSING) continue;
          pairs++;
          if (a === col[i + half]!) repeats++;
        }
        const valid = n - missing - invalid;
        this.#trainUnseen[k] = valid > 0 ? unseen / valid : 0;
      } else {
        const col = ref.raw.numeric[f.index]!;
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const x = col[i]!;
          if (Number.isNaN(x)) missing++;
          else if (!Number.isFinite(x)) invalid++;
          else {
            if (x < lo) lo = x;
            if (x > hi) hi = x;
          }
        }
        this.#min[k] = lo;
        this.#max[k] = hi;
        this.#trainDistinct[k] = this.#distinct(col, null, n);
        for (let i = 0; i < half; i++) {
          const a = col[i]!;
          const b = col[i + half]!;
          if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
          pairs++;
          if (a === b) repeats++;
        }
      }
      this.#trainMissing[k] = n > 0 ? missing / n : 0;
      this.#trainInvalid[k] = n > 0 ? invalid / n : 0;
      this.#chance[k] = pairs > 0 ? repeats / pairs : 0;
    });
  }

  #sampleN = 0;

  /**
   * Distinct finite values among up to DISTINCT_SAMPLE of the m rows (a fixed stride, through `list`
   * when given); the number of values looked at is left in #sampleN.
   */
  #distinct(col: Float64Array, list: Int32Array | null, m: number): number {
    const k = Math.min(m, DISTINCT_SAMPLE);
    const buf = this.#distinctBuf;
    let n = 0;
    for (let i = 0; i < k; i++) {
      const j = Math.floor((i * m) / k);
      const x = col[list ? list[j]! : j]!;
      if (Number.isFinite(x)) buf[n++] = x;
    }
    this.#sampleN = n;
    if (n === 0) return 0;
    const sorted = n === buf.length ? buf : buf.subarray(0, n);
    sorted.sort();
    let distinct = 1;
    for (let i = 1; i < n; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
    return distinct;
  }

  /** The rows this tick reads, as a list when they are not simply 0..rows-1. */
  #selectRows(inputs: TickInputs): Int32Array | null {
    const served = inputs.served;
    if (this.#p.rows !== 'served' || !served) {
      this.#rows = inputs.rows;
      return null;
    }
    this.#labelled.collect(served);
    this.#rows = this.#labelled.count;
    return this.#labelled.rows;
  }

  /** Failing share s of n values against allowed share a: the violation (NaN without enough values). */
  #set(k: number, check: ValidationCheck, s: number, a: number, n: number): void {
    const at = k * NC + CHECK_INDEX[check];
    this.#share[at] = s;
    this.#allowed[at] = a;
    if (n < MIN_VALUES || !this.#on[CHECK_INDEX[check]]) {
      this.#violation[at] = Number.NaN;
      return;
    }
    const p = Math.min(Math.max(a, 0), 1);
    this.#violation[at] = s - a - this.#p.sigmas * Math.sqrt((p * (1 - p)) / n);
  }

  update(inputs: TickInputs): void {
    this.fired = false;
    if (this.#fields.length === 0) this.#build(inputs.schema);
    const ref = inputs.reference;
    if (ref.version !== this.#refVersion && ref.rows > 0) {
      this.#learn(ref);
      this.#refVersion = ref.version;
    }
    if (this.#refVersion < 0) return;
    const p = this.#p;
    const list = this.#selectRows(inputs);
    const m = this.#rows;
    const aligned = Math.min(m, this.#prevCount);
    const hasPrev = this.#prevCount > 0;
    const outside = 1 - p.mostly;

    for (let k = 0; k < this.#fields.length; k++) {
      const f = this.#fields[k]!;
      let missing = 0;
      let invalid = 0;
      let out = 0;
      let repeats = 0;
      let pairs = 0;
      if (f.categorical) {
        const col = inputs.raw.cats[f.index]!;
        if (this.#prevCat[k]!.length < m) this.#prevCat[k] = growInt(this.#prevCat[k]!, m);
        const prev = this.#prevCat[k]!;
        for (let i = 0; i < m; i++) {
          const c = col[list ? list[i]! : i]!;
          if (c === MISSING) missing++;
          else if (c === UNSEEN) out++;
          else if (c < 0 || c >= f.domain) invalid++;
          if (i < aligned && c !== MISSING && prev[i] !== MISSING) {
            pairs++;
            if (prev[i] === c) repeats++;
          }
          prev[i] = c;
        }
        const valid = m - missing - invalid;
        this.#set(k, 'domain', valid > 0 ? out / valid : 0, this.#trainUnseen[k]! + outside, valid);
        this.#set(k, 'range', 0, 0, 0);
      } else {
        const col = inputs.raw.numeric[f.index]!;
        if (this.#prevNum[k]!.length < m) this.#prevNum[k] = growFloat(this.#prevNum[k]!, m);
        const prev = this.#prevNum[k]!;
        const lo0 = this.#min[k]!;
        const hi0 = this.#max[k]!;
        const span = hi0 - lo0;
        const pad = p.rangeTolerance * (span > 0 ? span : Math.max(Math.abs(hi0), 1));
        const lo = lo0 - pad;
        const hi = hi0 + pad;
        for (let i = 0; i < m; i++) {
          const x = col[list ? list[i]! : i]!;
          if (Number.isNaN(x)) missing++;
          else if (!Number.isFinite(x)) invalid++;
          else {
            if (x < lo || x > hi) out++;
            if (i < aligned && prev[i] === x) repeats++;
            if (i < aligned && Number.isFinite(prev[i]!)) pairs++;
          }
          prev[i] = x;
        }
        const valid = m - missing - invalid;
        this.#set(k, 'range', valid > 0 ? out / valid : 0, outside, lo0 <= hi0 ? valid : 0);
        this.#set(k, 'domain', 0, 0, 0);
      }
      this.#set(k, 'presence', m > 0 ? missing / m : 0, this.#trainMissing[k]! + p.missingTolerance, m);
      this.#set(k, 'type', m > 0 ? invalid / m : 0, this.#trainInvalid[k]!, m);
      const chance = this.#chance[k]!;
      this.#set(
        k,
        'staleness',
        pairs > 0 ? repeats / pairs : 0,
        chance + p.staleTolerance * (1 - chance),
        hasPrev ? pairs : 0,
      );
      this.#byDistinct[k] = 0;
      if (!f.categorical && this.#on[CHECK_INDEX.staleness] && this.#trainDistinct[k]! >= MIN_DISTINCT) {
        const distinct = this.#distinct(inputs.raw.numeric[f.index]!, list, m);
        const n = this.#sampleN;
        this.#distinctNow[k] = distinct;
        this.#distinctN[k] = n;
        const at = k * NC + CHECK_INDEX.staleness;
        const v = p.staleDistinct - distinct / this.#trainDistinct[k]!;
        if (n >= MIN_DISTINCT * 5 && !(v <= this.#violation[at]!)) {
          this.#violation[at] = v;
          this.#byDistinct[k] = 1;
        }
      }
    }
    this.#prevCount = m;

    // Volume: a dataset-level check, in the extra row of the tables.
    const vk = this.#fields.length * NC + CHECK_INDEX.volume;
    const rows = inputs.rows;
    this.#share[vk] = rows;
    this.#violation[vk] = Number.NaN;
    if (this.#volume.length !== p.volumeTicks) this.#volume = new Float64Array(p.volumeTicks);
    let pass = true;
    if (this.#volumeN === p.volumeTicks && this.#on[CHECK_INDEX.volume]) {
      let min = Number.POSITIVE_INFINITY;
      let max = 0;
      for (let i = 0; i < p.volumeTicks; i++) {
        min = Math.min(min, this.#volume[i]!);
        max = Math.max(max, this.#volume[i]!);
      }
      const lo = (1 - p.volumeTolerance) * min;
      const hi = (1 + p.volumeTolerance) * max;
      this.#allowed[vk] = rows < lo ? lo : hi;
      this.#violation[vk] = rows < lo ? (lo - rows) / Math.max(lo, 1) : (rows - hi) / Math.max(hi, 1);
      pass = !(this.#violation[vk]! > 0);
    }
    if (pass) {
      this.#volume[this.#volumeNext] = rows;
      this.#volumeNext = (this.#volumeNext + 1) % p.volumeTicks;
      if (this.#volumeN < p.volumeTicks) this.#volumeN++;
    }

    let worst = Number.NaN;
    let entered = false;
    const v = this.#violation;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (Number.isNaN(x)) {
        this.#was[i] = 0;
        continue;
      }
      if (!(x <= worst)) worst = x;
      const now = x > 0 ? 1 : 0;
      if (now === 1 && this.#was[i] === 0) entered = true;
      this.#was[i] = now;
    }
    this.statistic = worst;
    this.state = worst > 0 ? ALARM : OK;
    this.fired = entered;
  }

  /** The (field, check) pairs in violation this tick, worst first. */
  get violations(): {
    field: string;
    check: ValidationCheck;
    share: number;
    allowed: number;
    violation: number;
  }[] {
    const out: {
      field: string;
      check: ValidationCheck;
      share: number;
      allowed: number;
      violation: number;
    }[] = [];
    const v = this.#violation;
    for (let i = 0; i < v.length; i++) {
      if (!(v[i]! > 0)) continue;
      const k = Math.floor(i / NC);
      out.push({
        field: k < this.#fields.length ? this.#fields[k]!.name : '(rows)',
        check: VALIDATION_CHECKS[i % NC]!,
        share: this.#share[i]!,
        allowed: this.#allowed[i]!,
        violation: v[i]!,
      });
    }
    return out.sort((a, b) => b.violation - a.violation);
  }

  get detail(): string {
    const list = this.violations;
    if (list.length === 0) return 'all checks pass';
    return list
      .map((x) => {
        switch (x.check) {
          case 'volume':
            return `volume: ${x.share} rows (band edge ${fmt(x.allowed)})`;
          case 'presence':
            return `presence ${x.field}: ${pct(x.share)} missing (allowed ${pct(x.allowed)})`;
          case 'type':
            return `type ${x.field}: ${pct(x.share)} invalid values (allowed ${pct(x.allowed)})`;
          case 'range':
            return `range ${x.field}: ${pct(x.share)} outside the training range (allowed ${pct(x.allowed)})`;
          case 'domain':
            return `domain ${x.field}: ${pct(x.share)} new categories (allowed ${pct(x.allowed)})`;
          default: {
            const k = this.#fields.findIndex((f) => f.name === x.field);
            if (this.#byDistinct[k])
              return `staleness ${x.field}: ${this.#distinctNow[k]} distinct value${this.#distinctNow[k] === 1 ? '' : 's'} in ${this.#distinctN[k]} rows, ${pct(this.#distinctNow[k]! / this.#trainDistinct[k]!)} of the training's ${this.#trainDistinct[k]} (allowed ≥ ${pct(this.#p.staleDistinct)})`;
            return `staleness ${x.field}: ${pct(x.share)} of values repeat the previous tick (allowed ${pct(x.allowed)})`;
          }
        }
      })
      .join('; ');
  }
}

function pct(x: number): string {
  return `${fmt(100 * x)}%`;
}

function growFloat(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growInt(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
