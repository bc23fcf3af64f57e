// Quality over time: the true quality the simulator knows, what the operators observe from delayed
// labels, and a label-free estimate; incident windows as bands labelled by cause; alarms, guardrail
// actions and retraining as markers under the plot. In a comparison, the true quality of the run
// without guardrails too, with the gap between the two shaded: where the guardrails helped and
// where they cost. Lines are drawn incrementally (incremental.ts).
import { axisBottom, axisLeft, scaleLinear } from 'd3';
import { type Chart, createSvg, extentOf, type G, patch, type Svg } from './chart.ts';
import { ChunkedGap, ChunkedLine } from './incremental.ts';
import { COMPARE, causeColour, OKABE_ITO } from './palette.ts';

export interface Series {
  key: string;
  label: string;
  colour: string;
  values: ArrayLike<number>;
  dash?: string;
  width?: number;
}

export interface Band {
  id: string;
  start: number;
  /** Last tick inside the window (clamped to the ticks run so far by the caller). */
  end: number;
  cause: string;
  label: string;
}

export interface Marker {
  tick: number;
  kind: 'alarm' | 'guardrail' | 'retrain';
  colour: string;
  label: string;
  /** A guardrail in shadow mode: what it would have done (drawn hollow). */
  shadow?: boolean;
}

/** The same run without guardrails, for a comparison: its true quality beside the run's own. */
export interface Counterfactual {
  label: string;
  values: ArrayLike<number>;
  /** Which way the quality metric is better: the shading says which side gained. */
  better: 'higher' | 'lower';
}

export interface QualityData {
  ticks: number;
  /** Ticks run so far. */
  length: number;
  series: Series[];
  bands: Band[];
  markers: Marker[];
  yLabel: string;
  counterfactual?: Counterfactual | null;
  /** Whether the scenario has guardrails (the legend explains their markers only then). */
  guardrails?: boolean;
  /** Guardrail actions that last (a gate, a fallback, an open breaker): from start to end, inclusive. */
  spans?: Span[];
}

export interface Span {
  id: string;
  start: number;
  end: number;
  colour: string;
  label: string;
  shadow?: boolean;
}

type LegendKind = 'line' | 'band' | 'alarm' | 'guardrail' | 'retrain';

export interface QualityOptions {
  width?: number;
  height?: number;
  title?: string;
}

export class QualityChart implements Chart<QualityData> {
  readonly svg: SVGSVGElement;
  readonly #svg: Svg;
  readonly #w: number;
  readonly #h: number;
  readonly #m = { top: 42, right: 14, bottom: 60, left: 44 };
  readonly #bands: G;
  readonly #grid: G;
  readonly #lines: G;
  readonly #series = new Map<string, ChunkedLine>();
  readonly #gap: ChunkedGap;
  readonly #markers: G;
  readonly #spans: G;
  readonly #xAxis: G;
  readonly #yAxis: G;
  readonly #legend: G;
  readonly #cursor;
  readonly #empty;
  #axesKey = '';

  constructor(container: HTMLElement, options: QualityOptions = {}) {
    this.#w = options.width ?? 720;
    this.#h = options.height ?? 300;
    this.#svg = createSvg(container, this.#w, this.#h, options.title ?? 'Quality over time');
    this.svg = this.#svg.node()!;
    const s = this.#svg;
    this.#grid = s.append('g').attr('class', 'grid');
    this.#bands = s.append('g').attr('class', 'bands');
    this.#gap = new ChunkedGap(s.append('g').attr('class', 'gap').node()!, 'gap');
    this.#lines = s.append('g').attr('class', 'lines').attr('fill', 'none');
    this.#cursor = s.append('line').attr('stroke', '#bbb').attr('stroke-dasharray', '2 2');
    this.#spans = s.append('g').attr('class', 'spans');
    this.#markers = s.append('g').attr('class', 'markers');
    this.#xAxis = s.append('g').attr('class', 'axis x');
    this.#yAxis = s.append('g').attr('class', 'axis y');
    this.#legend = s.append('g').attr('class', 'legend');
    this.#empty = s
      .append('text')
      .attr('class', 'muted')
      .attr('x', this.#w / 2)
      .attr('y', this.#h / 2)
      .attr('text-anchor', 'middle')
      .text('Press play (space) to run the scenario');
  }

  update(d: QualityData): void {
    const m = this.#m;
    const x = scaleLinear()
      .domain([0, Math.max(1, d.ticks - 1)])
      .range([m.left, this.#w - m.right]);
    const ext = extentOf(
      [...d.series.map((s) => s.values), ...(d.counterfactual ? [d.counterfactual.values] : [])],
      d.length,
    ) ?? [0.4, 1];
    const pad = Math.max(0.01, (ext[1] - ext[0]) * 0.08);
    const y = scaleLinear()
      .domain([ext[0] - pad, ext[1] + pad])
      .nice()
      .range([this.#h - m.bottom, m.top]);
    const plotBottom = this.#h - m.bottom;

    patch(this.#empty.node()!, { visibility: d.length > 0 ? 'hidden' : 'visible' });
    // Axes and grid only when the scales change (most frames they do not).
    const axesKey = `${x.domain()}|${y.domain()}`;
    if (axesKey !== this.#axesKey) {
      this.#axesKey = axesKey;
      this.#xAxis
        .attr('transform', `translate(0,${plotBottom})`)
        .call(axisBottom(x).ticks(10).tickSizeOuter(0));
      this.#yAxis.attr('transform', `translate(${m.left},0)`).call(axisLeft(y).ticks(6));
      this.#grid
        .selectAll('line')
        .data(y.ticks(6))
        .join('line')
        .attr('x1', m.left)
        .attr('x2', this.#w - m.right)
        .attr('y1', (v) => y(v))
        .attr('y2', (v) => y(v));
    }

    const bands = this.#bands
      .selectAll<SVGGElement, Band>('g.band')
      .data(d.bands, (b) => b.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'band');
        g.append('rect').attr('fill-opacity', 0.16);
        g.append('text').attr('class', 'small').attr('dy', '0.9em');
        g.append('title');
        return g;
      });
    bands.each(function (b, i) {
      const g = this as SVGGElement;
      patch(g.querySelector('rect')!, {
        x: x(b.start),
        width: Math.max(1, x(b.end + 1) - x(b.start)),
        y: m.top,
        height: plotBottom - m.top,
        fill: causeColour(b.cause),
      });
      patch(g.querySelector('text')!, { x: x(b.start) + 3, y: m.top + 2 + (i % 3) * 12 }, b.cause);
      patch(g.querySelector('title')!, {}, `${b.label} (ticks ${b.start}–${b.end})`);
    });

    // Lines: appended tick by tick; redrawn whole only when the y scale changes.
    const cf = d.counterfactual ?? null;
    const truth = d.series.find((x) => x.key === 'truth');
    const lines: Series[] = cf
      ? [
          {
            key: 'counterfactual',
            label: cf.label,
            colour: COMPARE.counterfactual,
            values: cf.values,
            width: 1.4,
          },
          ...d.series,
        ]
      : d.series;
    const keep = new Set(lines.map((l) => l.key));
    for (const [key, l] of this.#series) {
      if (keep.has(key)) continue;
      l.group.remove();
      this.#series.delete(key);
    }
    const xs = (i: number) => x(i);
    const ys = (v: number) => y(v);
    let added = false;
    for (const l of lines) {
      let path = this.#series.get(l.key);
      if (!path) {
        path = new ChunkedLine(this.#lines.node()!, `series ${l.key}`);
        this.#series.set(l.key, path);
        added = true;
      }
      path.style({
        fill: 'none',
        'stroke-linejoin': 'round',
        stroke: l.colour,
        'stroke-width': String(l.width ?? 1.5),
        ...(l.dash ? { 'stroke-dasharray': l.dash } : {}),
      });
      path.update(l.values, d.length, xs, ys, axesKey);
    }
    // Keep the lines in the order given (the counterfactual under the others).
    if (added) for (const l of lines) this.#lines.node()!.appendChild(this.#series.get(l.key)!.group);
    if (cf && truth) {
      const gain = cf.better === 'higher' ? this.#gap.above : this.#gap.below;
      const loss = cf.better === 'higher' ? this.#gap.below : this.#gap.above;
      gain.style({ fill: COMPARE.gain, 'fill-opacity': '0.35', stroke: 'none' });
      loss.style({ fill: COMPARE.loss, 'fill-opacity': '0.35', stroke: 'none' });
      gain.group.setAttribute('data-side', 'gain');
      loss.group.setAttribute('data-side', 'loss');
      this.#gap.update(truth.values, cf.values, d.length, xs, ys, axesKey);
    } else {
      this.#gap.clear();
    }

    const now = d.length - 1;
    patch(this.#cursor.node()!, {
      visibility: d.length > 0 && d.length < d.ticks ? 'visible' : 'hidden',
      x1: x(Math.max(0, now)),
      x2: x(Math.max(0, now)),
      y1: m.top,
      y2: plotBottom,
    });

    // Markers under the axis, a row each: alarms (triangles), guardrail actions (diamonds), retraining.
    const rowY = { alarm: plotBottom + 29, guardrail: plotBottom + 40, retrain: plotBottom + 51 };
    const shape = { alarm: 'M0,-5L4.5,3L-4.5,3Z', guardrail: 'M0,-4.5L4,0L0,4.5L-4,0Z', retrain: 'M0,-4V4' };
    // A marker never moves (the x scale is fixed for a run): set its attributes once, on entry.
    this.#markers
      .selectAll<SVGPathElement, Marker>('path')
      .data(d.markers, (k) => `${k.kind}:${k.tick}:${k.label}`)
      .join((enter) =>
        enter
          .append('path')
          .attr('class', (k) => (k.shadow ? `${k.kind} shadow` : k.kind))
          .attr('d', (k) => shape[k.kind])
          .attr('transform', (k) => `translate(${x(k.tick)},${rowY[k.kind]})`)
          .attr('fill', (k) => (k.kind === 'retrain' || k.shadow ? 'none' : k.colour))
          .attr('stroke', (k) => (k.kind === 'alarm' ? '#fff' : k.colour))
          .attr('stroke-width', (k) => (k.kind === 'alarm' ? 0.6 : k.kind === 'guardrail' ? 1.2 : 1.5))
          .call((p) => p.append('title').text((k) => `${k.label} at tick ${k.tick}`)),
      );

    this.#spans
      .selectAll<SVGLineElement, Span>('line')
      .data(d.spans ?? [], (k) => k.id)
      .join((enter) =>
        enter
          .append('line')
          .attr('stroke-width', 3)
          .attr('stroke-opacity', 0.45)
          .call((l) => l.append('title')),
      )
      .each(function (k) {
        patch(this, {
          stroke: k.colour,
          'stroke-dasharray': k.shadow ? '3 2' : null,
          x1: x(k.start),
          x2: x(k.end),
          y1: rowY.guardrail,
          y2: rowY.guardrail,
        });
        patch(this.querySelector('title')!, {}, `${k.label} (ticks ${k.start}–${k.end})`);
      });

    this.#drawLegend(d);
  }

  #legendKey = '';

  /** Two rows: the lines and incident bands; then the markers and, in a comparison, its shading. */
  #drawLegend(d: QualityData): void {
    const cf = d.counterfactual ?? null;
    const key = `${d.series.map((s) => s.key).join()}|${cf?.label ?? ''}|${d.guardrails ?? false}`;
    if (key === this.#legendKey) return;
    this.#legendKey = key;
    type Item = { label: string; colour: string; dash?: string; kind: LegendKind; row: number };
    const items: Item[] = d.series.map((s) => ({
      label: s.label,
      colour: s.colour,
      dash: s.dash,
      kind: 'line',
      row: 0,
    }));
    if (cf) items.push({ label: cf.label, colour: COMPARE.counterfactual, kind: 'line', row: 0 });
    items.push({ label: 'incident', colour: OKABE_ITO.skyBlue, kind: 'band', row: 1 });
    items.push({ label: 'alarm', colour: OKABE_ITO.vermillion, kind: 'alarm', row: 1 });
    if (d.guardrails)
      items.push({ label: 'guardrail action', colour: OKABE_ITO.black, kind: 'guardrail', row: 1 });
    items.push({ label: 'retrain', colour: OKABE_ITO.grey, kind: 'retrain', row: 1 });
    if (cf) {
      items.push({ label: 'guardrails helped', colour: COMPARE.gain, kind: 'band', row: 1 });
      items.push({ label: 'guardrails cost', colour: COMPARE.loss, kind: 'band', row: 1 });
    }
    const xPos = [this.#m.left, this.#m.left];
    this.#legend.selectAll('*').remove();
    for (const item of items) {
      const e = this.#legend
        .append('g')
        .attr('class', 'legend-item')
        .attr('transform', `translate(${xPos[item.row]},${12 + item.row * 15})`);
      const path = e.append('path');
      e.append('text').attr('x', 22).attr('dy', '0.32em').text(item.label);
      if (item.kind === 'line')
        path
          .attr('d', 'M0,0H18')
          .attr('stroke', item.colour)
          .attr('stroke-width', 2)
          .attr('fill', 'none')
          .attr('stroke-dasharray', item.dash ?? null);
      else if (item.kind === 'alarm') path.attr('d', 'M9,-5L13.5,3L4.5,3Z').attr('fill', item.colour);
      else if (item.kind === 'guardrail')
        path.attr('d', 'M9,-4.5L13,0L9,4.5L5,0Z').attr('fill', item.colour).attr('stroke', item.colour);
      else if (item.kind === 'retrain')
        path.attr('d', 'M9,-4V4').attr('stroke', item.colour).attr('stroke-width', 1.5);
      else path.attr('d', 'M0,-5H18V5H0Z').attr('fill', item.colour).attr('fill-opacity', 0.3);
      xPos[item.row]! += 30 + item.label.length * 5.6;
    }
  }

  reset(): void {
    this.#axesKey = '';
    this.#markers.selectAll('*').remove();
    for (const l of this.#series.values()) l.group.remove();
    this.#series.clear();
    this.#gap.clear();
    this.update({ ticks: 1, length: 0, series: [], bands: [], markers: [], yLabel: '' });
  }
}
