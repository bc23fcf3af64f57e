// The human summaries `driftlab run` prints: quality before/after each incident, then the catch
// matrix; with --vs, the comparison of the two runs.
import type { RunResult } from '../core/engine/run.ts';
import {
  type ComparisonResult,
  HEADLINE_METRICS,
  type MetricComparison,
  type Recovery,
} from '../core/evaluate/compare.ts';

function mean(xs: (number | null)[], from: number, to: number): number {
  let s = 0;
  let c = 0;
  for (let t = Math.max(0, from); t < Math.min(xs.length, to); t++) {
    const x = xs[t];
    if (x !== null && x !== undefined) {
      s += x;
      c++;
    }
  }
  return c > 0 ? s / c : Number.NaN;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  -  ');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows
    .map((r) => r.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '))
    .join('\n');
}

export function summary(result: RunResult, seconds: number): string {
  const lines: string[] = [];
  const sc = result.scenario;
  lines.push(`${sc.id}: ${sc.title}`);
  lines.push(
    `seed ${result.seed}, ${result.ticks} ${sc.tick}s, model ${result.model.kind}, retraining ${sc.retraining.policy}, ${seconds.toFixed(1)} s`,
  );
  lines.push('');
  const quality = sc.evaluation.qualityMetric;
  const observed = quality.startsWith('true') ? `observed${quality.slice(4)}` : 'observedCtr';
  const span = 28;
  if (result.incidents.length === 0) lines.push('No incidents.');
  else {
    lines.push(
      `Incidents (mean ${quality} and ${observed} over ${span} ticks before the start and after the end):`,
    );
    const rows = [
      ['incident', 'ticks', 'cause', `${quality} before`, 'after', `${observed} before`, 'after'],
    ];
    const tq = result.metrics[quality] ?? [];
    const oq = result.metrics[observed] ?? [];
    for (const inc of result.incidents) {
      rows.push([
        inc.id,
        inc.start === inc.end ? `${inc.start}` : `${inc.start}-${inc.end}`,
        inc.cause,
        f3(mean(tq, inc.start - span, inc.start)),
        f3(mean(tq, inc.end + 1, inc.end + 1 + span)),
        f3(mean(oq, inc.start - span, inc.start)),
        f3(mean(oq, inc.end + 1, inc.end + 1 + span)),
      ]);
    }
    lines.push(table(rows));
    for (const inc of result.incidents) lines.push(`  ${inc.id}: ${inc.label}`);
  }
  lines.push('');
  const ev = result.evaluation;
  lines.push(
    `Catch matrix (detection delay in ticks; "missed" past end + ${ev.maxDelay}${ev.maxLead > 0 ? `, early alarms count up to ${ev.maxLead} ticks before the start` : ''}):`,
  );
  const monitors = ev.monitors.map((m) => m.monitor);
  const rows = [['', ...monitors]];
  for (const row of ev.catchMatrix) {
    rows.push([row.incident, ...monitors.map((m) => delayText(row.delays[m] ?? null))]);
  }
  rows.push(['false alarms / 1000 ticks', ...ev.monitors.map((m) => m.falseAlarmsPer1000.toFixed(1))]);
  rows.push(['precision', ...ev.monitors.map((m) => (m.precision === null ? '-' : m.precision.toFixed(2)))]);
  lines.push(table(rows));
  return `${lines.join('\n')}\n`;
}

function delayText(d: number | null): string {
  return d === null ? 'missed' : d < 0 ? `${d}` : `+${d}`;
}

export interface ComparisonSummaryOptions {
  /** How the variant was given (file and kind, or "the base without guardrails"). */
  variant: string;
  /** Fields of the variant file replaced by the base's. */
  replaced: readonly string[];
  seconds: { base: number; variant: number; compare: number };
}

const MAX_CHANGES = 12;

/** The human summary of `driftlab run --vs`: what changed, the differences, regret, recovery and cost. */
export function comparisonSummary(result: ComparisonResult, o: ComparisonSummaryOptions): string {
  const { base, comparison: c } = result;
  const sc = base.scenario;
  const lines: string[] = [];
  lines.push(`${sc.id} vs ${o.variant}: ${sc.title}`);
  lines.push(
    `seed ${c.seed}, ${c.ticks} ${sc.tick}s; base ${o.seconds.base.toFixed(1)} s, variant ${o.seconds.variant.toFixed(1)} s, comparison ${o.seconds.compare.toFixed(3)} s`,
  );
  if (o.replaced.length > 0)
    lines.push(
      `(the variant file's ${o.replaced.join(' and ')} replaced by the base's: both runs face the same users)`,
    );
  lines.push('');
  if (c.changes.length === 0) lines.push('The variant scenario is the base scenario.');
  else {
    lines.push('The variant changes:');
    for (const ch of c.changes.slice(0, MAX_CHANGES))
      lines.push(`  ${ch.path}: ${showValue(ch.base)} -> ${showValue(ch.variant)}`);
    if (c.changes.length > MAX_CHANGES)
      lines.push(`  ... and ${c.changes.length - MAX_CHANGES} more (run.json)`);
  }
  lines.push('');
  if (c.firstDifference === null) {
    lines.push('The runs are identical, tick for tick: nothing the variant changes reaches a decision.');
    lines.push(alarms(result));
    return `${lines.join('\n')}\n`;
  }
  const at = (m: MetricComparison) => (m.firstDifference === null ? 'never' : `tick ${m.firstDifference}`);
  const world = [
    c.metrics.sessions ?? c.metrics.transactions,
    c.metrics.activeUsers ?? c.metrics.activeAccounts,
  ]
    .filter((m) => m !== undefined)
    .map((m) => `${m.metric} ${m.firstDifference === null ? 'never' : `at tick ${m.firstDifference}`}`);
  lines.push(
    `The runs first differ at tick ${c.firstDifference}${world.length > 0 ? ` (the world: ${world.join(', ')})` : ''}.`,
  );
  lines.push('');
  const quality = c.qualityMetric;
  const headline = [...HEADLINE_METRICS, ...(HEADLINE_METRICS.includes(quality) ? [] : [quality])].filter(
    (m) => c.metrics[m],
  );
  lines.push(
    'Per metric: means over the run, and regret = the sum over ticks of how much worse the variant did (negative: better):',
  );
  const rows = [['metric', 'better', 'base', 'variant', 'variant - base', 'regret', 'first differs']];
  for (const name of headline) {
    const m = c.metrics[name]!;
    rows.push([
      name,
      m.better ?? '-',
      num(m.baseMean),
      num(m.variantMean),
      signed(m.baseMean !== null && m.variantMean !== null ? m.variantMean - m.baseMean : null),
      signed(m.regret),
      at(m),
    ]);
  }
  lines.push(table(rows));
  lines.push('');
  if (c.incidents.length === 0) lines.push('No incidents.');
  else {
    const low = (b: { low: number | null }) => (b.low === null ? '-' : b.low.toFixed(3));
    lines.push(
      `Time to recover (ticks from the start until the smoothed ${quality} is back above its normal band: base ${low(c.bands.base)}, variant ${low(c.bands.variant)}):`,
    );
    const inc = [['incident', 'ticks', 'in', 'base', 'variant', 'saved']];
    for (const i of c.incidents) {
      inc.push([
        i.incident,
        i.start === i.end ? `${i.start}` : `${i.start}-${i.end}`,
        i.in,
        recoveryText(i.base),
        recoveryText(i.variant),
        i.ticksSaved === null ? '-' : signed(i.ticksSaved, 0),
      ]);
    }
    lines.push(table(inc));
  }
  lines.push('');
  if (c.cost.length > 0) {
    const ticks = c.cost[0]!.ticks;
    lines.push(
      c.cost[0]!.basis === 'actions'
        ? `Cost of acting on false alarms (the ${ticks} ticks outside every incident window where a guardrail acted):`
        : `Cost outside incidents (the ${ticks} ticks outside every incident window, where acting can only follow a false alarm):`,
    );
    for (const k of c.cost) {
      const who = k.lost > 0 ? 'the variant lost' : k.lost < 0 ? 'the base lost' : 'no difference';
      lines.push(`  ${k.metric}: ${who}${k.lost === 0 ? '' : ` ${num(Math.abs(k.lost))}`}`);
    }
  }
  lines.push(alarms(result));
  return `${lines.join('\n')}\n`;
}

function alarms({ base, variant }: ComparisonResult): string {
  return `Alarms: base ${base.alarms.length}, variant ${variant.alarms.length}.`;
}

/** Three decimals, one from 100 on (value and revenue are sums of a tick's clicks or payments). */
function num(x: number | null, digits = Math.abs(x ?? 0) >= 100 ? 1 : 3): string {
  return x === null ? '-' : x.toFixed(digits);
}

/** `num` with a `+` on a positive value that does not round to zero. */
function signed(x: number | null, digits?: number): string {
  const s = num(x, digits);
  return x !== null && x > 0 && Number(s) !== 0 ? `+${s}` : s;
}

function recoveryText(r: Recovery): string {
  if (r.status === 'recovered') return `+${r.ticks}`;
  if (r.status === 'unaffected') return 'unaffected';
  if (r.status === 'no band') return '-';
  return 'not recovered';
}

function showValue(x: unknown): string {
  if (x === null) return '(none)';
  const s = JSON.stringify(x);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
