// datasetDrift: Evidently's dataset drift. Every raw field (or the listed ones) gets its own drift
// window against the reference, with its own statistic and threshold (Evidently's automatic choice
// unless set per type); the reading is the share of fields that drifted this tick, and the dataset
// drifts when that share reaches `driftShare` (Evidently: share >= drift_share, default 0.5). The
// state enters alarm then and raises one alarm on entering; a new reference re-arms it. All fields
// read the same rows, one subsample per tick.
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import { num } from '../scenario/zod-helpers.ts';
import {
  DriftWindow,
  fmt,
  isPvalue,
  rawFieldNames,
  resolveField,
  rowsParam,
  samplingParams,
  statisticParam,
  WindowFeed,
  windowParam,
} from './drift-window.ts';
import { ALARM, type MonitorRuntime, type MonitorState, OK, type TickInputs, WARNING } from './types.ts';

export const datasetDriftParams = z.strictObject({
  fields: z
    .array(z.string())
    .min(1)
    .optional()
    .describe('Raw fields to compare. Default: every raw field of the task.'),
  numericStatistic: statisticParam.describe(
    "Statistic for numeric fields (ks, wasserstein, psi, jensenShannon, hellinger). Default: Evidently's choice, ks for at most 1,000 reference rows, else wasserstein.",
  ),
  categoricalStatistic: statisticParam.describe(
    "Statistic for categorical fields (chiSquare, jensenShannon, hellinger, psi, lInfinity). Default: Evidently's choice, chiSquare for at most 1,000 reference rows, else jensenShannon.",
  ),
  numericThreshold: z
    .number()
    .optional()
    .describe(
      'Drift level of the numeric statistic. Default: its usual alarm level (p-value 0.05, PSI 0.25, distances 0.1).',
    ),
  categoricalThreshold: z
    .number()
    .optional()
    .describe('Drift level of the categorical statistic. Default: its usual alarm level.'),
  driftShare: num(
    0.5,
    "The dataset drifts when at least this share of its fields drift (Evidently's drift_share).",
    {
      gt: 0,
      max: 1,
    },
  ),
  warnShare: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('Warning when at least this share of fields drift. Default: no warning.'),
  window: windowParam,
  ...samplingParams,
  rows: rowsParam('served'),
});

export type DatasetDriftParams = z.output<typeof datasetDriftParams>;

export const DATASET_DRIFT_DOC =
  "Evidently's dataset drift: the share of raw fields whose two-sample statistic crosses its threshold; alarm when it reaches driftShare.";

export class DatasetDriftMonitor implements MonitorRuntime {
  readonly kind = 'datasetDrift';
  state: MonitorState = OK;
  fired = false;
  statistic = Number.NaN;
  readonly #p: DatasetDriftParams;
  readonly #feed: WindowFeed;
  #fields: DriftWindow[] | null = null;

  constructor(
    readonly id: string,
    readonly input: string,
    params: DatasetDriftParams,
    rng: Rng,
  ) {
    this.#p = params;
    this.#feed = new WindowFeed(params, rng);
  }

  get alarmLevel(): number {
    return this.#p.driftShare;
  }
  get warningLevel(): number {
    return this.#p.warnShare ?? Number.NaN;
  }

  /** Per field: name, statistic, value and verdict of the last tick. */
  get fields(): { field: string; statistic: string; value: number; threshold: number; drifted: boolean }[] {
    return (this.#fields ?? []).map((d) => ({
      field: d.field.name,
      statistic: d.statistic ?? '',
      value: d.value,
      threshold: d.alarmLevel,
      drifted: d.drifted,
    }));
  }

  get detail(): string {
    const all = this.#fields ?? [];
    const drifted = all.filter((d) => d.drifted);
    const list = drifted
      .map(
        (d) =>
          `${d.field.name} ${d.statistic} ${fmt(d.value)} ${isPvalue(d.statistic!) ? '<' : '≥'} ${fmt(d.alarmLevel)}`,
      )
      .join(', ');
    return `${drifted.length}/${all.length} fields drifted${list ? `: ${list}` : ''}`;
  }

  #build(inputs: TickInputs): DriftWindow[] {
    const p = this.#p;
    const names = p.fields ?? rawFieldNames(inputs.schema);
    return names.map((name) => {
      const field = resolveField(inputs.schema, name, false);
      if (!field) throw new Error(`datasetDrift "${this.id}": no raw field named "${name}"`);
      const categorical = field.kind === 'categorical';
      return new DriftWindow(field, {
        statistic: categorical ? p.categoricalStatistic : p.numericStatistic,
        warn: undefined,
        alarm: categorical ? p.categoricalThreshold : p.numericThreshold,
        window: p.window,
        sample: p.sample,
      });
    });
  }

  update(inputs: TickInputs): void {
    this.fired = false;
    const p = this.#p;
    const fields = (this.#fields ??= this.#build(inputs));
    const rearm = this.#feed.feed(inputs, fields);
    if (!this.#feed.hasReference) return;
    let drifted = 0;
    let judged = 0;
    for (const d of fields) {
      d.evaluate();
      if (Number.isNaN(d.value)) continue;
      judged++;
      if (d.drifted) drifted++;
    }
    if (judged === 0) {
      this.statistic = Number.NaN;
      return;
    }
    // A field without a verdict (no values on a side) counts as not drifted, as in a share of all fields.
    const share = drifted / fields.length;
    this.statistic = share;
    const next: MonitorState =
      share >= p.driftShare ? ALARM : p.warnShare !== undefined && share >= p.warnShare ? WARNING : OK;
    if (next === ALARM && (this.state !== ALARM || rearm)) this.fired = true;
    this.state = next;
  }
}
