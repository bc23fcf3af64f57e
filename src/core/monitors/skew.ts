// skew: train/serve skew, TFDV-style, on the very rows: a sample of this tick's raw records goes
// through the training transform and through the serving transform (each built from the fitted
// pipeline statistics and that side's version, rebuilt only when a version or the statistics
// change), and the two feature vectors are compared feature by feature. A numeric feature differs on
// a row when the two standardised values differ by more than `tolerance`; a categorical feature when
// the two encodings (one-hot index or hash bucket) differ. The reading is the largest share of rows
// on which one feature differs; alarm when it exceeds `alarmShare` (default 0: any row). When both
// sides run the same version the transforms are identical and the reading is exactly 0, so the
// monitor never false-alarms; a dependency upgrade or a skewed transform on one side shows on the
// first tick it is in force (delay 0). `detail` names the feature, its share and largest difference.
// A serving side that standardises with the statistics of the batch it scores sees here the batch
// of sampled rows, not the whole tick: its skew is measured approximately, but it is seen.
import { z } from 'zod';
import type { FeatureBatch } from '../model/types.ts';
import type { PipelineConfig } from '../pipeline/config.ts';
import { createFeatureBatch, type PipelineStats, Transform } from '../pipeline/transform.ts';
import type { TransformVersionName } from '../pipeline/versions.ts';
import type { Rng } from '../rng.ts';
import { int, num } from '../scenario/zod-helpers.ts';
import { copyRawRow, createRawBatch, type RawBatch } from '../world/types.ts';
import { fmt, RowPicker, rowsParam, samplingParams } from './drift-window.ts';
import { ALARM, type MonitorRuntime, type MonitorState, OK, type TickInputs, WARNING } from './types.ts';

export const skewParams = z.strictObject({
  sample: int(1000, 'Rows of each tick put through both transforms.', { min: 1, max: 1_000_000 }),
  sampling: samplingParams.sampling,
  rows: rowsParam('all'),
  tolerance: num(
    1e-3,
    'A numeric feature differs on a row when the two sides differ by more than this, in standard deviations (below it: rounding, e.g. an sd with n - 1 instead of n on thousands of rows).',
    { min: 0 },
  ),
  alarmShare: num(0, 'Alarm when a feature differs on more than this share of the rows.', { min: 0, max: 1 }),
  warnShare: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Warning when a feature differs on more than this share of the rows. Default: no warning.'),
});

export type SkewParams = z.output<typeof skewParams>;

export const SKEW_DOC =
  'Train/serve skew: the same raw rows through the training and the serving transforms, compared feature by feature.';

export class SkewMonitor implements MonitorRuntime {
  readonly kind = 'skew';
  state: MonitorState = OK;
  fired = false;
  statistic = Number.NaN;
  readonly #p: SkewParams;
  readonly #picker: RowPicker;
  #train: Transform | null = null;
  #serve: Transform | null = null;
  #key: { stats: PipelineStats; pipeline: PipelineConfig; training: string; serving: string } | null = null;
  #sample: RawBatch | null = null;
  #a: FeatureBatch | null = null;
  #b: FeatureBatch | null = null;
  /** Per feature (numeric first, then categorical): share of rows that differ, largest difference. */
  #share = new Float64Array(0);
  #maxDiff = new Float64Array(0);
  #names: string[] = [];
  #only = -1;

  constructor(
    readonly id: string,
    readonly input: string,
    params: SkewParams,
    rng: Rng,
  ) {
    this.#p = params;
    this.#picker = new RowPicker(params.sampling, rng, params.sample);
  }

  get alarmLevel(): number {
    return this.#p.alarmShare;
  }
  get warningLevel(): number {
    return this.#p.warnShare ?? Number.NaN;
  }

  get detail(): string {
    const k = this.#only >= 0 ? this.#only : this.#worst();
    const versions = this.#key ? `training ${this.#key.training}, serving ${this.#key.serving}` : '';
    if (k < 0 || this.#share[k] === 0) return `no feature differs (${versions})`;
    const numeric = k < (this.#a?.layout.numeric.length ?? 0);
    return `${this.#names[k]}: ${fmt(100 * this.#share[k]!)}% of rows differ${numeric ? ` (max |Δ| ${fmt(this.#maxDiff[k]!)})` : ''} (${versions})`;
  }

  #worst(): number {
    let k = -1;
    for (let i = 0; i < this.#share.length; i++) if (k < 0 || this.#share[i]! > this.#share[k]!) k = i;
    return k;
  }

  #transforms(inputs: TickInputs): void {
    const key = this.#key;
    if (
      key &&
      key.stats === inputs.pipelineStats &&
      key.pipeline === inputs.pipeline &&
      key.training === inputs.trainingVersion &&
      key.serving === inputs.servingVersion
    )
      return;
    const make = (v: TransformVersionName) =>
      new Transform(inputs.schema, inputs.pipeline, inputs.pipelineStats, v);
    this.#train = make(inputs.trainingVersion);
    this.#serve = make(inputs.servingVersion);
    this.#key = {
      stats: inputs.pipelineStats,
      pipeline: inputs.pipeline,
      training: inputs.trainingVersion,
      serving: inputs.servingVersion,
    };
    const layout = this.#train.layout;
    const names = [...layout.numeric, ...layout.categorical.map((c) => c.name)];
    if (!this.#a || this.#names.join('\u0000') !== names.join('\u0000')) {
      this.#a = createFeatureBatch(layout, this.#p.sample);
      this.#b = createFeatureBatch(layout, this.#p.sample);
      this.#names = names;
      this.#share = new Float64Array(names.length);
      this.#maxDiff = new Float64Array(names.length);
      this.#only = this.input === 'features' ? -1 : names.indexOf(this.input);
      if (this.input !== 'features' && this.#only < 0)
        throw new Error(`skew "${this.id}": no feature named "${this.input}"`);
    }
  }

  update(inputs: TickInputs): void {
    this.fired = false;
    this.#transforms(inputs);
    const p = this.#p;
    this.#sample ??= createRawBatch(inputs.schema, p.sample);
    const sample = this.#sample;
    const picker = this.#picker;
    picker.pickTick(inputs, p.rows, p.sample);
    const n = picker.count;
    for (let i = 0; i < n; i++) copyRawRow(inputs.raw, picker.rows[i]!, sample, i);
    sample.rows = n;
    if (n === 0) {
      this.statistic = Number.NaN;
      return;
    }
    const a = this.#a!;
    const b = this.#b!;
    this.#train!.apply(sample, a);
    this.#serve!.apply(sample, b);
    const nNum = a.layout.numeric.length;
    const nCat = a.layout.categorical.length;
    const tol = p.tolerance;
    for (let f = 0; f < nNum; f++) {
      let differ = 0;
      let maxDiff = 0;
      for (let i = 0, o = f; i < n; i++, o += nNum) {
        const d = Math.abs(a.dense[o]! - b.dense[o]!);
        if (d > tol || (Number.isNaN(d) && !(Number.isNaN(a.dense[o]!) && Number.isNaN(b.dense[o]!))))
          differ++;
        if (d > maxDiff) maxDiff = d;
      }
      this.#share[f] = differ / n;
      this.#maxDiff[f] = maxDiff;
    }
    for (let c = 0; c < nCat; c++) {
      let differ = 0;
      for (let i = 0, o = c; i < n; i++, o += nCat) if (a.cats[o] !== b.cats[o]) differ++;
      this.#share[nNum + c] = differ / n;
      this.#maxDiff[nNum + c] = Number.NaN;
    }
    const worst = this.#only >= 0 ? this.#only : this.#worst();
    const s = this.#share[worst]!;
    this.statistic = s;
    const next: MonitorState =
      s > p.alarmShare ? ALARM : p.warnShare !== undefined && s > p.warnShare ? WARNING : OK;
    if (next === ALARM && this.state !== ALARM) this.fired = true;
    this.state = next;
  }
}
