// threshold: the plain alert every team starts with: a metric (optionally smoothed) against fixed or
// baseline-relative bounds, for `patience` consecutive ticks. An alarm is raised when the state
// enters alarm; it stays in alarm, without raising again, until the metric comes back.
import { z } from 'zod';
import { int } from '../scenario/zod-helpers.ts';
import { ALARM, type MonitorRuntime, type MonitorState, OK, type TickInputs, WARNING } from './types.ts';

const bound = (doc: string) => z.number().optional().describe(doc);

export const thresholdParams = z.strictObject({
  warnBelow: bound('Warning when the value is below this.'),
  alarmBelow: bound('Alarm when the value is below this.'),
  warnAbove: bound('Warning when the value is above this.'),
  alarmAbove: bound('Alarm when the value is above this.'),
  relative: z
    .boolean()
    .default(false)
    .describe(
      'Bounds are multiples of the baseline (the mean of the first `baselineTicks` values). Default false.',
    ),
  baselineTicks: int(28, 'Ticks whose mean is the baseline when `relative`.', { min: 1, max: 100_000 }),
  smooth: int(1, 'Rolling mean over this many ticks before comparing.', { min: 1, max: 365 }),
  patience: int(1, 'Consecutive ticks beyond a bound before the state changes.', { min: 1, max: 365 }),
});

export type ThresholdParams = z.output<typeof thresholdParams>;

export class ThresholdMonitor implements MonitorRuntime {
  readonly kind = 'threshold';
  state: MonitorState = OK;
  fired = false;
  statistic = Number.NaN;
  warningLevel = Number.NaN;
  alarmLevel = Number.NaN;
  readonly #p: ThresholdParams;
  readonly #window: Float64Array;
  #filled = 0;
  #next = 0;
  #baselineSum = 0;
  #baselineN = 0;
  #streak = 0;
  #streakState: MonitorState = OK;

  constructor(
    readonly id: string,
    readonly input: string,
    params: ThresholdParams,
  ) {
    this.#p = params;
    this.#window = new Float64Array(params.smooth);
  }

  update(inputs: TickInputs): void {
    this.fired = false;
    const x = inputs.metric(this.input);
    if (!Number.isFinite(x)) return;
    const p = this.#p;
    this.#window[this.#next] = x;
    this.#next = (this.#next + 1) % p.smooth;
    if (this.#filled < p.smooth) this.#filled++;
    let sum = 0;
    for (let i = 0; i < this.#filled; i++) sum += this.#window[i]!;
    const value = sum / this.#filled;
    this.statistic = value;
    let scale = 1;
    if (p.relative) {
      if (this.#baselineN < p.baselineTicks) {
        this.#baselineSum += x;
        this.#baselineN++;
        return; // no verdict while the baseline is being learned
      }
      scale = this.#baselineSum / this.#baselineN;
    }
    const alarmBelow = scaled(p.alarmBelow, scale, Number.NEGATIVE_INFINITY);
    const alarmAbove = scaled(p.alarmAbove, scale, Number.POSITIVE_INFINITY);
    const warnBelow = scaled(p.warnBelow, scale, Number.NEGATIVE_INFINITY);
    const warnAbove = scaled(p.warnAbove, scale, Number.POSITIVE_INFINITY);
    this.alarmLevel =
      p.alarmBelow !== undefined ? alarmBelow : p.alarmAbove !== undefined ? alarmAbove : Number.NaN;
    this.warningLevel =
      p.warnBelow !== undefined ? warnBelow : p.warnAbove !== undefined ? warnAbove : Number.NaN;
    const raw: MonitorState =
      value < alarmBelow || value > alarmAbove
        ? ALARM
        : value < warnBelow || value > warnAbove
          ? WARNING
          : OK;
    this.#streak = raw === this.#streakState ? this.#streak + 1 : 1;
    this.#streakState = raw;
    if (this.#streak >= p.patience || raw < this.state) {
      if (raw === ALARM && this.state !== ALARM) this.fired = true;
      this.state = raw;
    }
  }
}

/** A bound scaled by the baseline (1 unless relative); an absent bound never trips. */
function scaled(b: number | undefined, scale: number, absent: number): number {
  return b === undefined ? absent : b * scale;
}
