// Data: the reference distribution of one raw field (the training set of the last full fit) against
// the rows served in the latest tick; per field, the missing and unseen rates and the schema
// anomalies a validation step flags (a badge with their count, the first in a few words, all of
// them in the row's tooltip); and the latest detail of each validation monitor of the scenario.
// The height depends only on how many fields and validation monitors there are, both known when the
// run loads (RunInfo.data, the view at launch), so the panel does not jump while a run plays.
import { axisBottom, axisLeft, scaleBand, scaleLinear } from 'd3';
import type { DataSummary } from '../protocol/sim.ts';
import { type Chart, createSvg, type G, resize, type Svg } from './chart.ts';
import { LEVELS, OKABE_ITO } from './palette.ts';

const W = 380;
const HIST = 178;
const FIELD_ROW = 15;
/** Above the field rows: the section title, then the key. */
const FIELDS_HEAD = 40;
const VALIDATION_ROW = 15;
/** Columns of a field row: name, missing-rate bars, missing-rate text (ends at), anomalies. */
const BAR_X = 100;
const BAR_W = 74;
const MISSING_END = 256;
const ANOMALY_X = 262;
/** Characters of a validation monitor's detail that fit on its row (the rest is in its tooltip). */
const DETAIL_CHARS = 68;
const STATE_NAMES = ['ok', 'warning', 'alarm'];

export class DistributionChart implements Chart<DataSummary | null> {
  readonly svg: SVGSVGElement;
  readonly #svg: Svg;
  readonly #hist: G;
  readonly #fields: G;
  readonly #m = { top: 26, right: 8, bottom: 40, left: 36 };

  constructor(container: HTMLElement, options: { title?: string } = {}) {
    this.#svg = createSvg(container, W, HIST + 40, options.title ?? 'Reference vs current distribution');
    this.svg = this.#svg.node()!;
    this.#hist = this.#svg.append('g');
    this.#fields = this.#svg.append('g');
  }

  update(d: DataSummary | null): void {
    const fields = d?.fields.length ?? 0;
    const validation = d?.validation.length ?? 0;
    resize(
      this.#svg,
      W,
      HIST + (fields > 0 ? FIELDS_HEAD + fields * FIELD_ROW : 28) + validation * VALIDATION_ROW + 6,
    );
    this.#drawHistogram(d);
    this.#drawFields(d);
  }

  #drawHistogram(d: DataSummary | null): void {
    const g = this.#hist;
    g.selectAll('*').remove();
    const dist = d?.distribution;
    const m = this.#m;
    if (!dist) {
      g.append('text')
        .attr('class', 'muted')
        .attr('x', W / 2)
        .attr('y', HIST / 2)
        .attr('text-anchor', 'middle')
        .text('No data yet');
      return;
    }
    const x = scaleBand<number>()
      .domain(dist.bins.map((_, i) => i))
      .range([m.left, W - m.right])
      .paddingInner(0.12);
    const top = Math.max(0.01, ...dist.reference, ...dist.current);
    const y = scaleLinear()
      .domain([0, top])
      .nice()
      .range([HIST - m.bottom, m.top]);
    g.append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(${m.left},0)`)
      .call(axisLeft(y).ticks(4, '.0%'));
    const every = Math.ceil(dist.bins.length / (dist.type === 'numeric' ? 5 : 12));
    const xAxis = axisBottom(x)
      .tickValues(x.domain().filter((i) => i % every === 0))
      .tickFormat((i) => (dist.type === 'numeric' ? lowerEdge(dist.edges, i) : dist.bins[i]!))
      .tickSizeOuter(0);
    const ax = g
      .append('g')
      .attr('class', 'axis')
      .attr('transform', `translate(0,${HIST - m.bottom})`)
      .call(xAxis);
    if (dist.type === 'categorical' && dist.bins.length > 8)
      ax.selectAll('text').attr('transform', 'rotate(-40)').attr('text-anchor', 'end').attr('dx', '-0.4em');
    const bw = x.bandwidth();
    g.append('g')
      .selectAll('rect')
      .data(dist.current)
      .join('rect')
      .attr('class', 'current')
      .attr('x', (_, i) => x(i)!)
      .attr('width', bw)
      .attr('y', (v) => y(v))
      .attr('height', (v) => y(0) - y(v))
      .attr('fill', OKABE_ITO.blue)
      .attr('fill-opacity', 0.75)
      .append('title')
      .text(
        (v, i) =>
          `${dist.bins[i]}: current ${(100 * v).toFixed(1)}%, reference ${(100 * dist.reference[i]!).toFixed(1)}%`,
      );
    g.append('g')
      .selectAll('path')
      .data(dist.reference)
      .join('path')
      .attr('class', 'reference')
      .attr('d', (v, i) => `M${x(i)! - 1},${y(v)}H${x(i)! + bw + 1}`)
      .attr('stroke', OKABE_ITO.black)
      .attr('stroke-width', 2);
    const legend = g.append('g').attr('transform', `translate(${m.left},10)`);
    legend
      .append('rect')
      .attr('y', -5)
      .attr('width', 12)
      .attr('height', 10)
      .attr('fill', OKABE_ITO.blue)
      .attr('fill-opacity', 0.75);
    legend
      .append('text')
      .attr('class', 'small')
      .attr('x', 16)
      .attr('dy', '0.32em')
      .text(`served, latest tick (${count(dist.currentRows)})`);
    legend.append('path').attr('d', 'M150,0H164').attr('stroke', OKABE_ITO.black).attr('stroke-width', 2);
    legend
      .append('text')
      .attr('class', 'small')
      .attr('x', 168)
      .attr('dy', '0.32em')
      .text(
        Number.isFinite(dist.referenceTick)
          ? `training set, fit ${dist.referenceTick < 0 ? 'at launch' : `at ${dist.referenceTick}`} (${count(dist.referenceRows)})`
          : `training set (${count(dist.referenceRows)})`,
      );
  }

  #drawFields(d: DataSummary | null): void {
    const g = this.#fields;
    g.selectAll('*').remove();
    const fields = d?.fields ?? [];
    if (fields.length === 0) return;
    const top = HIST + 10;
    g.append('text').attr('class', 'title').attr('x', 4).attr('y', top).text('Missing rate by field');
    g.append('text')
      .attr('class', 'title')
      .attr('x', W - 4)
      .attr('y', top)
      .attr('text-anchor', 'end')
      .text('Schema anomalies')
      .append('title')
      .text(
        'Against the training set of the last fit, on the rows served in the latest tick: presence (missing above training + 1 point), type (±Infinity, invalid codes), range (over 1% beyond the training range widened by its span), domain (unseen categories above training + 1 point), scale (median and 90th percentile ×/÷10 or more, most values outside the training’s central 98%: a unit change). Hover a row for the numbers.',
      );
    const key = g.append('g').attr('transform', `translate(${BAR_X},${top + 14})`);
    (
      [
        ['reference', OKABE_ITO.grey, 0],
        ['current', OKABE_ITO.blue, 60],
        ['unseen', OKABE_ITO.orange, 110],
      ] as const
    ).forEach(([label, colour, at]) => {
      key.append('rect').attr('x', at).attr('y', -4).attr('width', 8).attr('height', 8).attr('fill', colour);
      key
        .append('text')
        .attr('class', 'small')
        .attr('x', at + 11)
        .attr('dy', '0.32em')
        .text(label);
    });
    const badgeKey = g.append('g').attr('transform', `translate(${ANOMALY_X},${top + 14})`);
    badgeKey.append('circle').attr('cx', 5).attr('r', 4.5).attr('fill', LEVELS.alarm);
    badgeKey
      .append('text')
      .attr('class', 'small')
      .attr('x', 13)
      .attr('dy', '0.32em')
      .text('count · first of them');
    const max = Math.max(
      0.05,
      ...fields.flatMap((f) => [f.missingReference, f.missingCurrent + f.unseenCurrent]),
    );
    const x = scaleLinear().domain([0, max]).range([0, BAR_W]);
    const rowsTop = top + FIELDS_HEAD - 10;
    fields.forEach((f, i) => {
      const y = rowsTop + i * FIELD_ROW;
      const anomalies = f.anomalies;
      const row = g
        .append('g')
        .attr('class', 'field')
        .attr('data-field', f.field)
        .attr('data-anomalies', anomalies.length)
        .attr('data-checks', anomalies.map((a) => a.check).join(' '));
      row.append('title').text(fieldTooltip(f));
      // A transparent band so the whole row answers the pointer with its tooltip.
      row
        .append('rect')
        .attr('x', 0)
        .attr('y', y)
        .attr('width', W)
        .attr('height', FIELD_ROW - 1)
        .attr('fill', 'transparent');
      row
        .append('text')
        .attr('class', 'small')
        .attr('x', 4)
        .attr('y', y + 6)
        .attr('dy', '0.32em')
        .text(f.field);
      row
        .append('rect')
        .attr('x', BAR_X)
        .attr('y', y + 1)
        .attr('width', x(f.missingReference))
        .attr('height', 4)
        .attr('fill', OKABE_ITO.grey);
      row
        .append('rect')
        .attr('x', BAR_X)
        .attr('y', y + 6)
        .attr('width', x(f.missingCurrent))
        .attr('height', 6)
        .attr('fill', OKABE_ITO.blue);
      if (f.unseenCurrent > 0)
        row
          .append('rect')
          .attr('x', BAR_X + x(f.missingCurrent))
          .attr('y', y + 6)
          .attr('width', x(f.unseenCurrent))
          .attr('height', 6)
          .attr('fill', OKABE_ITO.orange);
      row
        .append('text')
        .attr('class', 'small')
        .attr('x', MISSING_END)
        .attr('y', y + 6)
        .attr('dy', '0.32em')
        .attr('text-anchor', 'end')
        .text(`${pct(f.missingCurrent)} (ref ${pct(f.missingReference)})`);
      const cell = row
        .append('g')
        .attr('class', 'anomalies')
        .attr('transform', `translate(${ANOMALY_X},${y + 6})`);
      if (anomalies.length === 0) {
        cell.append('text').attr('class', 'small muted anomaly-text').attr('dy', '0.32em').text('none');
        return;
      }
      cell
        .append('circle')
        .attr('class', 'anomaly-badge')
        .attr('cx', 5)
        .attr('r', 5.5)
        .attr('fill', LEVELS.alarm);
      cell
        .append('text')
        .attr('class', 'small')
        .attr('x', 5)
        .attr('dy', '0.32em')
        .attr('text-anchor', 'middle')
        .attr('fill', '#fff')
        .style('fill', '#fff')
        .style('font-weight', '600')
        .text(anomalies.length);
      cell
        .append('text')
        .attr('class', 'small anomaly-text')
        .attr('x', 14)
        .attr('dy', '0.32em')
        .style('fill', LEVELS.alarm)
        .text(
          anomalies.length > 1 ? `${anomalies[0]!.short} (+${anomalies.length - 1})` : anomalies[0]!.short,
        );
    });
    const vTop = rowsTop + fields.length * FIELD_ROW + 2;
    (d?.validation ?? []).forEach((v, i) => {
      const y = vTop + i * VALIDATION_ROW;
      const state = STATE_NAMES[v.state] ?? 'ok';
      const text = v.detail === '' ? 'waiting for the first tick' : v.detail;
      const row = g
        .append('g')
        .attr('class', 'validation')
        .attr('data-monitor', v.id)
        .attr('data-state', state)
        .attr('data-fields', v.fields.join(' '));
      row.append('title').text(`validation monitor ${v.id} (${state}): ${text}`);
      row
        .append('circle')
        .attr('cx', 8)
        .attr('cy', y + 6)
        .attr('r', 3.5)
        .attr('fill', v.state === 2 ? LEVELS.alarm : v.state === 1 ? LEVELS.warning : OKABE_ITO.bluishGreen);
      const line = `${v.id}: ${text}`;
      row
        .append('text')
        .attr('class', 'small validation-detail')
        .attr('x', 16)
        .attr('y', y + 6)
        .attr('dy', '0.32em')
        .text(line.length > DETAIL_CHARS ? `${line.slice(0, DETAIL_CHARS - 1)}…` : line);
    });
  }

  reset(): void {
    this.update(null);
  }
}

/** 26803 -> "26,803" (toLocaleString is slow to call every frame). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pct(x: number): string {
  return x === 0 ? '0%' : x < 0.001 ? '<0.1%' : `${(100 * x).toFixed(1)}%`;
}

/** Everything the row knows, for its tooltip: the rates, the numeric checks' numbers, each anomaly. */
function fieldTooltip(f: DataSummary['fields'][number]): string {
  const lines = [
    `${f.field} (${f.type}), served rows of the latest tick vs the training set`,
    `missing ${pct(f.missingCurrent)} (training ${pct(f.missingReference)})`,
  ];
  if (f.type === 'categorical')
    lines.push(`unseen categories ${pct(f.unseenCurrent)} (training ${pct(f.unseenReference)})`);
  if (f.invalidCurrent > 0) lines.push(`invalid values ${pct(f.invalidCurrent)}`);
  if (f.referenceRange)
    lines.push(
      `outside the training range [${num(f.referenceRange[0])}, ${num(f.referenceRange[1])}]: ${pct(f.outOfRange)}; beyond it by more than its span: ${pct(f.farOutOfRange)}`,
    );
  if (f.medianRatio !== null) lines.push(`median |value| ×${num(f.medianRatio)} the training's`);
  const anomalies = f.anomalies;
  lines.push(
    anomalies.length === 0 ? 'schema anomalies: none' : `schema anomalies (${anomalies.length}):`,
    ...anomalies.map((a) => `• ${a.text}`),
  );
  return lines.join('\n');
}

function num(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e4 || a < 1e-2)) return x.toExponential(1);
  return String(+x.toPrecision(3));
}

function lowerEdge(edges: number[] | null, i: number): string {
  const e = edges?.[i];
  if (e === undefined) return '';
  const a = Math.abs(e);
  return a !== 0 && (a >= 1e4 || a < 1e-2) ? e.toExponential(0) : String(+e.toPrecision(2));
}
