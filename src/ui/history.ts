// The ticks the app has received, as columns the charts read (NaN where there is no value). The
// worker keeps the authoritative run log; this is the app's copy, appended batch by batch.
import type { ActionRecord, TickFrame } from '../protocol/sim.ts';

export interface MonitorHistory {
  statistic: Float64Array;
  warning: Float64Array;
  alarm: Float64Array;
  state: Uint8Array;
  /** Ticks at which the monitor raised an alarm. */
  alarms: number[];
}

export class RunHistory {
  readonly ticks: number;
  readonly metrics: Record<string, Float64Array> = {};
  readonly monitors: Record<string, MonitorHistory> = {};
  readonly monitorIds: readonly string[];
  /** What the guardrails did (or, in shadow mode, would have done), in tick order. */
  readonly actions: ActionRecord[] = [];
  /** The run without guardrails, in a comparison: its metrics, tick by tick (NaN where none). */
  readonly counterfactual: Record<string, Float64Array> = {};
  /** Ticks received so far (ticks 0..length-1). */
  length = 0;

  constructor(
    ticks: number,
    metricNames: readonly string[],
    monitorIds: readonly string[],
    counterfactualMetrics: readonly string[] = [],
  ) {
    this.ticks = ticks;
    this.monitorIds = monitorIds;
    for (const m of metricNames) this.metrics[m] = new Float64Array(ticks).fill(Number.NaN);
    for (const m of counterfactualMetrics) this.counterfactual[m] = new Float64Array(ticks).fill(Number.NaN);
    for (const id of monitorIds) {
      this.monitors[id] = {
        statistic: new Float64Array(ticks).fill(Number.NaN),
        warning: new Float64Array(ticks).fill(Number.NaN),
        alarm: new Float64Array(ticks).fill(Number.NaN),
        state: new Uint8Array(ticks),
        alarms: [],
      };
    }
  }

  append(frames: readonly TickFrame[]): void {
    for (const f of frames) {
      const t = f.tick;
      if (t < 0 || t >= this.ticks) continue;
      for (const [name, x] of Object.entries(f.metrics)) {
        const col = this.metrics[name];
        if (col) col[t] = x ?? Number.NaN;
      }
      if (f.counterfactual) {
        for (const [name, x] of Object.entries(f.counterfactual)) {
          const col = this.counterfactual[name];
          if (col) col[t] = x ?? Number.NaN;
        }
      }
      if (f.actions) this.actions.push(...f.actions);
      f.monitors.forEach((m, i) => {
        const h = this.monitors[m.id];
        if (!h) return;
        h.statistic[t] = m.statistic ?? Number.NaN;
        h.state[t] = m.state;
        h.warning[t] = f.levels[i]?.warning ?? Number.NaN;
        h.alarm[t] = f.levels[i]?.alarm ?? Number.NaN;
        if (m.fired && h.alarms[h.alarms.length - 1] !== t) h.alarms.push(t);
      });
      this.length = Math.max(this.length, t + 1);
    }
  }

  /** Ticks at which a metric equals 1 (e.g. "retrained"). */
  flagged(metric: string): number[] {
    const col = this.metrics[metric];
    const out: number[] = [];
    if (!col) return out;
    for (let t = 0; t < this.length; t++) if (col[t] === 1) out.push(t);
    return out;
  }
}

/**
 * The quality series to plot: the true metric the evaluation uses, its observed counterpart (labels)
 * and a label-free estimate, when the run logs them.
 */
export function qualitySeries(
  metrics: readonly string[],
  qualityMetric: string,
): { truth: string; observed: string | null; estimated: string | null } {
  const has = (m: string) => metrics.includes(m);
  const stem = qualityMetric.replace(/^true/, '');
  const observed = has(`observed${stem}`) ? `observed${stem}` : has('observedAuc') ? 'observedAuc' : null;
  const estimated = has(`estimated${stem}`)
    ? `estimated${stem}`
    : (metrics.find((m) => m.startsWith('estimated')) ?? null);
  return { truth: qualityMetric, observed, estimated };
}
