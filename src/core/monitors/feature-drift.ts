// featureDrift: one raw field (or the model's score: prediction drift) compared every tick between
// the reference, the training set of the model's last full fit, and a window of the last `window`
// ticks of current data, by one two-sample statistic with scipy's / Evidently's conventions
// (MONITORS.md "Two-sample drift statistics"). Reading: the statistic (a p-value for ks and
// chiSquare, drift when below the alarm level; a distance otherwise, drift at or above it). The
// state enters alarm when the window drifts and raises one alarm on entering; a new reference (a
// refit) re-arms it. No verdict (statistic NaN) until the window is full or while either side has
// no values (a field that is entirely missing is the validation monitor's to report).
//
// Current data are, by default, the tick's served entries whose labels will be released: the very
// population the training set is drawn from. "All" scored candidate rows include the rows the model
// chose not to serve, whose distribution differs from the training set's even when nothing drifts
// (a recommender trains on what it showed, not on everything it scored).
import { z } from 'zod';
import type { Rng } from '../rng.ts';
import {
  DriftWindow,
  fmt,
  isPvalue,
  resolveField,
  rowsParam,
  samplingParams,
  statisticParam,
  WindowFeed,
  windowParam,
} from './drift-window.ts';
import { ALARM, type MonitorRuntime, type MonitorState, OK, type TickInputs, WARNING } from './types.ts';

export const featureDriftParams = z.strictObject({
  statistic: statisticParam,
  window: windowParam,
  ...samplingParams,
  rows: rowsParam('served'),
  warn: z
    .number()
    .optional()
    .describe(
      "Warning level of the statistic. Default: the statistic's usual one (PSI 0.1; none for the others).",
    ),
  alarm: z
    .number()
    .optional()
    .describe('Alarm level of the statistic. Default: p-value 0.05, PSI 0.25, distances 0.1.'),
});

export type FeatureDriftParams = z.output<typeof featureDriftParams>;

export const FEATURE_DRIFT_DOC =
  'Two-sample drift of one raw field, or of the score (prediction drift), between the training set of the last full fit and a window of current data.';

export class FeatureDriftMonitor implements MonitorRuntime {
  readonly kind = 'featureDrift';
  state: MonitorState = OK;
  fired = false;
  statistic = Number.NaN;
  readonly #p: FeatureDriftParams;
  readonly #feed: WindowFeed;
  /** The field's window, alone in the list the feed takes. */
  #windows: [DriftWindow] | null = null;

  constructor(
    readonly id: string,
    readonly input: string,
    params: FeatureDriftParams,
    rng: Rng,
  ) {
    this.#p = params;
    this.#feed = new WindowFeed(params, rng);
  }

  get warningLevel(): number {
    return this.#windows?.[0].warnLevel ?? Number.NaN;
  }
  get alarmLevel(): number {
    return this.#windows?.[0].alarmLevel ?? Number.NaN;
  }

  get detail(): string {
    const d = this.#windows?.[0];
    if (!d?.statistic) return `${this.input}: no reference yet`;
    const cmp = isPvalue(d.statistic) ? 'p-value' : 'distance';
    return `${this.input}: ${d.statistic} ${cmp} ${fmt(d.value)} (alarm ${cmp === 'p-value' ? '<' : '≥'} ${fmt(d.alarmLevel)})`;
  }

  #build(inputs: TickInputs): [DriftWindow] {
    const field = resolveField(inputs.schema, this.input);
    if (!field) throw new Error(`featureDrift "${this.id}": no raw field or score named "${this.input}"`);
    const p = this.#p;
    return [
      new DriftWindow(field, {
        statistic: p.statistic,
        warn: p.warn,
        alarm: p.alarm,
        window: p.window,
        sample: p.sample,
      }),
    ];
  }

  update(inputs: TickInputs): void {
    this.fired = false;
    const windows = (this.#windows ??= this.#build(inputs));
    const rearm = this.#feed.feed(inputs, windows);
    if (!this.#feed.hasReference) return;
    const d = windows[0];
    d.evaluate();
    this.statistic = d.value;
    if (Number.isNaN(d.value)) return;
    const next: MonitorState = d.drifted ? ALARM : d.warning ? WARNING : OK;
    if (next === ALARM && (this.state !== ALARM || rearm)) this.fired = true;
    this.state = next;
  }
}
