// From what the app holds (run info, received ticks, the latest live evaluation) to each chart's
// data. Pure functions: the charts know nothing of the simulation, the simulation nothing of charts.
import type { MatrixCell, MatrixColumn, MatrixData, MatrixRow } from '../charts/catch-matrix.ts';
import type { Lane, LanesData } from '../charts/monitor-lanes.ts';
import { cycle, GUARDRAIL_COLOURS, MONITOR_COLOURS, OKABE_ITO, SERIES } from '../charts/palette.ts';
import type { Band, Counterfactual, Marker, QualityData, Series, Span } from '../charts/quality-chart.ts';
import { BETTER, VALUE_METRICS } from '../core/evaluate/compare.ts';
import { guardrailId } from '../core/guardrails/common.ts';
import type { ComparisonSummary, Incident, LiveEvaluation, RunInfo } from '../protocol/sim.ts';
import { qualitySeries, type RunHistory } from './history.ts';

/** How the quality chart draws the true metric, its observed counterpart and the label-free estimate. */
const QUALITY_SERIES = [
  { key: 'truth', suffix: 'true', colour: SERIES.truth, width: 2 },
  { key: 'observed', suffix: 'labels', colour: SERIES.observed, width: 1.2 },
  { key: 'estimated', suffix: 'label-free', colour: SERIES.estimated, dash: '5 3', width: 1.4 },
] as const;

/** Guardrail actions that stay in effect until another action ends them (see ActionRecord.end). */
const LASTING_ACTIONS = new Set(['gate-on', 'fallback-on', 'open', 'explore-on', 'freeze', 'floor-on']);

/** Incidents started so far: the declared ones, plus those the evaluation derived; ends clamped to now. */
export function incidentBands(info: RunInfo, evaluation: LiveEvaluation | null, length: number): Band[] {
  const seen = new Set<string>();
  const out: Band[] = [];
  const all: Incident[] = [...(evaluation?.incidents ?? []), ...info.incidents];
  for (const inc of all) {
    if (seen.has(inc.id) || inc.start >= length) continue;
    seen.add(inc.id);
    out.push({
      id: inc.id,
      start: inc.start,
      end: Math.min(inc.end, length - 1),
      cause: inc.cause,
      label: inc.label,
    });
  }
  return out;
}

export function monitorColour(info: RunInfo, id: string): string {
  const i = info.monitors.findIndex((m) => m.id === id);
  return i < 0 ? OKABE_ITO.grey : cycle(MONITOR_COLOURS, i);
}

export function qualityData(info: RunInfo, h: RunHistory, evaluation: LiveEvaluation | null): QualityData {
  const names = qualitySeries(info.metrics, info.scenario.evaluation.qualityMetric);
  const series: Series[] = [];
  for (const style of QUALITY_SERIES) {
    const name = names[style.key];
    const values = name ? h.metrics[name] : undefined;
    if (!values) continue;
    const { suffix, ...rest } = style;
    series.push({ ...rest, label: `${name} (${suffix})`, values });
  }
  const markers: Marker[] = [];
  for (const m of info.monitors) {
    for (const t of h.monitors[m.id]?.alarms ?? [])
      markers.push({ tick: t, kind: 'alarm', colour: monitorColour(info, m.id), label: `alarm: ${m.id}` });
  }
  const guardrails = info.scenario.guardrails.map((g) => guardrailId(g));
  const spans: Span[] = [];
  h.actions.forEach((a, k) => {
    const colour = cycle(GUARDRAIL_COLOURS, Math.max(0, guardrails.indexOf(a.guardrail)));
    const label = `${a.mode === 'shadow' ? 'shadow (not acted on) ' : ''}${a.guardrail}: ${a.action} — ${a.reason}`;
    const shadow = a.mode === 'shadow';
    markers.push({ tick: a.tick, kind: 'guardrail', colour, label, shadow });
    if (!LASTING_ACTIONS.has(a.action)) return;
    // In effect until the guardrail's next action (e.g. close, fallback-off), or up to now.
    let end = a.end ?? h.length - 1;
    for (let j = k + 1; j < h.actions.length && a.end === undefined; j++) {
      if (h.actions[j]!.guardrail !== a.guardrail) continue;
      end = h.actions[j]!.tick;
      break;
    }
    spans.push({ id: `${a.guardrail}:${a.tick}:${a.action}`, start: a.tick, end, colour, label, shadow });
  });
  for (const t of h.flagged('retrained'))
    markers.push({ tick: t, kind: 'retrain', colour: OKABE_ITO.grey, label: 'retrain' });
  let counterfactual: Counterfactual | null = null;
  const cf = info.counterfactual && h.counterfactual[names.truth];
  if (info.counterfactual && cf)
    counterfactual = {
      label: `${names.truth} (true), ${info.counterfactual.label}`,
      values: cf,
      better: BETTER[names.truth] ?? 'higher',
    };
  return {
    ticks: info.ticks,
    length: h.length,
    series,
    bands: incidentBands(info, evaluation, h.length),
    markers,
    yLabel: names.truth,
    counterfactual,
    guardrails: guardrails.length > 0,
    spans,
  };
}

export function lanesData(info: RunInfo, h: RunHistory, evaluation: LiveEvaluation | null): LanesData {
  const lanes: Lane[] = info.monitors.map((m) => {
    const mh = h.monitors[m.id]!;
    return {
      id: m.id,
      label: `${m.id} — ${m.kind} on ${m.input}`,
      colour: monitorColour(info, m.id),
      statistic: mh.statistic,
      warning: mh.warning,
      alarm: mh.alarm,
      alarms: mh.alarms,
      caught: caughtLabels(m.id, evaluation, h.length),
    };
  });
  return { ticks: info.ticks, length: h.length, lanes, bands: incidentBands(info, evaluation, h.length) };
}

/** "caught +N" at a monitor's first alarm in each incident; one label per alarm tick. */
export function caughtLabels(
  monitor: string,
  evaluation: LiveEvaluation | null,
  length: number,
): { tick: number; text: string; title: string }[] {
  if (!evaluation) return [];
  const byTick = new Map<number, { text: string; titles: string[] }>();
  evaluation.evaluation.catchMatrix.forEach((row, i) => {
    const delay = row.delays[monitor];
    const inc = evaluation.incidents[i];
    if (delay === null || delay === undefined || !inc) return;
    const tick = inc.start + delay;
    if (tick >= length) return;
    const hit = byTick.get(tick);
    if (hit) hit.titles.push(`${inc.id} +${delay}`);
    else byTick.set(tick, { text: `caught +${delay}`, titles: [`${inc.id} +${delay}`] });
  });
  return [...byTick.entries()].map(([tick, v]) => ({
    tick,
    text: v.text,
    title: `caught ${v.titles.join(', ')}`,
  }));
}

export function matrixData(
  info: RunInfo,
  evaluation: LiveEvaluation | null,
  length: number,
  final: boolean,
): MatrixData {
  const maxDelay = info.scenario.evaluation.maxDelay;
  const now = length - 1;
  const scores = evaluation?.evaluation.monitors ?? [];
  const columns: MatrixColumn[] =
    scores.length > 0
      ? scores.map((s) => ({ id: s.monitor, baseline: s.baseline, falseAlarms: s.falseAlarms }))
      : info.monitors.map((m) => ({ id: m.id, baseline: false, falseAlarms: null }));
  const rows: MatrixRow[] = [];
  const cells: MatrixCell[][] = [];
  const listed = new Set<string>();
  evaluation?.incidents.forEach((inc, i) => {
    listed.add(inc.id);
    const closed = now > inc.end + maxDelay || final;
    rows.push({
      id: inc.id,
      label: inc.label,
      cause: inc.cause,
      start: inc.start,
      end: inc.end,
      state: now > inc.end ? 'closed' : 'open',
    });
    const delays = evaluation.evaluation.catchMatrix[i]?.delays ?? {};
    cells.push(
      columns.map((c) => {
        const d = delays[c.id];
        if (typeof d === 'number') return d;
        return closed ? 'missed' : 'watching';
      }),
    );
  });
  for (const inc of info.incidents) {
    if (listed.has(inc.id)) continue;
    rows.push({
      id: inc.id,
      label: inc.label,
      cause: inc.cause,
      start: inc.start,
      end: inc.end,
      state: 'upcoming',
    });
    cells.push(columns.map(() => 'upcoming'));
  }
  return { rows, columns, cells, maxDelay, final };
}

/** Detections by real (non-baseline) monitors so far. */
export function detections(evaluation: LiveEvaluation | null): number {
  if (!evaluation) return 0;
  return evaluation.evaluation.monitors.filter((m) => !m.baseline).reduce((a, m) => a + m.detected, 0);
}

/** What turning the guardrails off would have changed: means with and without, and the regret. */
export function comparisonText(c: ComparisonSummary): string {
  const fmt = (x: number | null) => (x === null ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(4));
  const parts: string[] = [];
  for (const name of [c.qualityMetric, 'value', 'netValue', 'revenue', 'ctr']) {
    const m = c.metrics[name];
    if (!m || parts.length >= 3 || m.regret === null) continue;
    // regret > 0: the run without guardrails did worse, i.e. the guardrails helped.
    const verdict =
      m.firstDifference === null
        ? 'identical'
        : m.regret > 0
          ? 'guardrails helped'
          : m.regret < 0
            ? 'guardrails cost'
            : 'no net difference';
    // A value metric adds up over the run; a rate does not, its means say it all.
    const total =
      VALUE_METRICS.includes(name) && m.firstDifference !== null
        ? `: ${m.regret > 0 ? '+' : '−'}${fmt(Math.abs(m.regret))} over the run`
        : '';
    parts.push(
      `${name} ${fmt(m.baseMean)} with, ${fmt(m.variantMean)} without, a tick on average (${verdict}${total})`,
    );
  }
  const first =
    c.firstDifference === null ? 'the runs are identical' : `first difference at tick ${c.firstDifference}`;
  const recovery = (r: ComparisonSummary['incidents'][number]['base']) =>
    r.status === 'recovered' ? `${r.ticks} ticks` : r.status === 'no band' ? '–' : r.status;
  const incidents = c.incidents
    .filter((i) => i.in === 'both' && (i.base.status !== 'unaffected' || i.variant.status !== 'unaffected'))
    .map((i) => `${i.incident} ${recovery(i.base)} with, ${recovery(i.variant)} without`);
  const recovered = incidents.length > 0 ? ` · time to recover: ${incidents.join('; ')}` : '';
  return `Guardrails on vs off, same seed: ${parts.join(' · ')}${recovered} · ${first}.`;
}
