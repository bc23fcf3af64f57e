// Monitor lanes: one lane per monitor with its statistic, its warning and alarm levels, the ticks it
// raised an alarm, and "caught +N" at its first alarm inside each incident.
import { axisBottom, scaleLinear } from 'd3';
import { type Chart, createSvg, extentOf, fmtNumber, type G, patch, resize, type Svg } from './chart.ts';
import { ChunkedLine } from './incremental.ts';
import { LEVELS } from './palette.ts';
import type { Band } from './quality-chart.ts';

export interface Lane {
  id: string;
  label: string;
  colour: string;
  statistic: ArrayLike<number>;
  warning: ArrayLike<number>;
  alarm: ArrayLike<number>;
  alarms: readonly number[];
  caught: readonly { tick: number; text: string; title: string }[];
}

export interface LanesData {
  ticks: number;
  length: number;
  lanes: Lane[];
  bands: Band[];
}

const LANE = 62;
const TOP = 22;
const AXIS = 26;

export class MonitorLanes implements Chart<LanesData> {
  readonly svg: SVGSVGElement;
  readonly #svg: Svg;
  readonly #w: number;
  readonly #m = { left: 44, right: 14 };
  readonly #bands: G;
  readonly #lanes: G;
  readonly #axis: G;
  readonly #legend: G;
  #n = -1;
  #axisKey = '';
  /** Each lane's three lines, drawn incrementally. */
  readonly #paths = new Map<string, { statistic: ChunkedLine; warning: ChunkedLine; alarm: ChunkedLine }>();

  constructor(container: HTMLElement, options: { width?: number; title?: string } = {}) {
    this.#w = options.width ?? 720;
    this.#svg = createSvg(container, this.#w, TOP + LANE + AXIS, options.title ?? 'Monitor lanes');
    this.svg = this.#svg.node()!;
    this.#bands = this.#svg.append('g').attr('class', 'bands');
    this.#lanes = this.#svg.append('g').attr('class', 'lanes');
    this.#axis = this.#svg.append('g').attr('class', 'axis x');
    this.#legend = this.#svg
      .append('g')
      .attr('class', 'legend')
      .attr('transform', `translate(${this.#m.left},11)`);
    this.#drawLegend();
  }

  #drawLegend(): void {
    const items = [
      { label: 'statistic', colour: '#555', dash: null },
      { label: 'warning level', colour: LEVELS.warning, dash: '5 3' },
      { label: 'alarm level', colour: LEVELS.alarm, dash: '2 2' },
      { label: 'alarm', colour: LEVELS.alarm, dash: null, bar: true },
    ];
    let xPos = 0;
    for (const item of items) {
      const g = this.#legend.append('g').attr('transform', `translate(${xPos},0)`);
      if (item.bar) g.append('path').attr('d', 'M9,-6V6').attr('stroke', item.colour).attr('stroke-width', 2);
      else
        g.append('path')
          .attr('d', 'M0,0H18')
          .attr('stroke', item.colour)
          .attr('stroke-width', 1.6)
          .attr('stroke-dasharray', item.dash);
      g.append('text').attr('x', 22).attr('dy', '0.32em').text(item.label);
      xPos += 34 + item.label.length * 6;
    }
  }

  update(d: LanesData): void {
    const n = d.lanes.length;
    const height = TOP + Math.max(1, n) * LANE + AXIS;
    if (n !== this.#n) {
      resize(this.#svg, this.#w, height);
      this.#n = n;
    }
    const m = this.#m;
    const x = scaleLinear()
      .domain([0, Math.max(1, d.ticks - 1)])
      .range([m.left, this.#w - m.right]);
    const bottom = TOP + Math.max(1, n) * LANE;
    const axisKey = `${bottom}|${x.domain()}`;
    if (axisKey !== this.#axisKey) {
      this.#axisKey = axisKey;
      this.#axis.attr('transform', `translate(0,${bottom})`).call(axisBottom(x).ticks(10).tickSizeOuter(0));
    }
    this.#bands
      .selectAll<SVGRectElement, Band>('rect')
      .data(d.bands, (b) => b.id)
      .join((enter) => enter.append('rect').attr('fill', '#000').attr('fill-opacity', 0.05))
      .each(function (b) {
        patch(this, {
          x: x(b.start),
          width: Math.max(1, x(b.end + 1) - x(b.start)),
          y: TOP,
          height: bottom - TOP,
        });
      });

    const paths = this.#paths;
    for (const id of [...paths.keys()]) if (!d.lanes.some((l) => l.id === id)) paths.delete(id);
    const lanes = this.#lanes
      .selectAll<SVGGElement, Lane>('g.lane')
      .data(d.lanes, (l) => l.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'lane');
        g.append('line').attr('class', 'sep').attr('stroke', '#ddd');
        g.append('g').attr('class', 'alarms');
        g.append('g').attr('class', 'caught');
        g.append('text').attr('class', 'name').attr('dy', '0.9em');
        g.append('text').attr('class', 'range small muted').attr('text-anchor', 'end');
        g.append('text').attr('class', 'range-top small muted').attr('text-anchor', 'end');
        return g;
      });
    const w = this.#w;
    const xs = (t: number) => x(t);
    lanes.each(function (lane, i) {
      const g = this as SVGGElement;
      const top = TOP + i * LANE;
      let lines = paths.get(lane.id);
      if (!lines || lines.statistic.group.parentNode !== g) {
        const alarms = g.querySelector('g.alarms')!;
        const make = (cls: string) => {
          const l = new ChunkedLine(g, cls);
          g.insertBefore(l.group, alarms.nextSibling);
          return l;
        };
        // Inserted after the alarm ticks, in reverse: statistic on top of the levels.
        const statistic = make('statistic');
        const alarm = make('alarm');
        const warning = make('warning');
        lines = { statistic, warning, alarm };
        paths.set(lane.id, lines);
      }
      // The y domain: the values so far, padded and rounded out to nice bounds, so it changes (and
      // the lines are redrawn whole) only when a value crosses a bound.
      const ext = extentOf([lane.statistic, lane.warning, lane.alarm], d.length);
      const y = scaleLinear().range([top + LANE - 6, top + 16]);
      if (ext) {
        const pad = (ext[1] - ext[0]) * 0.08 || Math.abs(ext[0]) * 0.1 || 1;
        y.domain([ext[0] - pad, ext[1] + pad]).nice(4);
      }
      const key = `${top}|${y.domain()}|${x.domain()}`;
      const ys = (v: number) => y(v);
      lines.warning.style({ stroke: LEVELS.warning, 'stroke-width': '1.2', 'stroke-dasharray': '5 3' });
      lines.alarm.style({ stroke: LEVELS.alarm, 'stroke-width': '1.2', 'stroke-dasharray': '2 2' });
      lines.statistic.style({ stroke: lane.colour, 'stroke-width': '1.5', 'stroke-linejoin': 'round' });
      lines.warning.update(lane.warning, d.length, xs, ys, key);
      lines.alarm.update(lane.alarm, d.length, xs, ys, key);
      lines.statistic.update(lane.statistic, d.length, xs, ys, key);
      const sel = (q: string) => g.querySelector(q)!;
      if (g.dataset.frame !== key) {
        g.dataset.frame = key;
        const sep = sel('line.sep');
        sep.setAttribute('x1', String(m.left));
        sep.setAttribute('x2', String(w - m.right));
        sep.setAttribute('y1', String(top + LANE));
        sep.setAttribute('y2', String(top + LANE));
        const name = sel('text.name');
        name.setAttribute('x', String(m.left + 4));
        name.setAttribute('y', String(top + 2));
        name.textContent = lane.label;
        const range = sel('text.range');
        range.setAttribute('x', String(m.left - 4));
        range.setAttribute('y', String(top + LANE - 8));
        range.textContent = ext ? fmtNumber(y.domain()[0]!) : '';
        const rangeTop = sel('text.range-top');
        rangeTop.setAttribute('x', String(m.left - 4));
        rangeTop.setAttribute('y', String(top + 18));
        rangeTop.textContent = ext ? fmtNumber(y.domain()[1]!) : '';
      }
      // Alarm ticks and "caught" labels change rarely: rebuild them only when they do.
      const marksKey = `${lane.alarms.join()}|${lane.caught.map((c) => `${c.tick}:${c.text}`).join()}`;
      if (g.dataset.marks === marksKey) return;
      g.dataset.marks = marksKey;
      const alarms = sel('g.alarms');
      const want = lane.alarms.length;
      while (alarms.childNodes.length > want) alarms.lastChild!.remove();
      while (alarms.childNodes.length < want)
        alarms.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'line'));
      lane.alarms.forEach((t, k) => {
        const l = alarms.childNodes[k] as SVGLineElement;
        l.setAttribute('x1', String(x(t)));
        l.setAttribute('x2', String(x(t)));
        l.setAttribute('y1', String(top + 14));
        l.setAttribute('y2', String(top + LANE - 2));
        l.setAttribute('stroke', LEVELS.alarm);
        l.setAttribute('stroke-width', '1.5');
      });
      const caught = sel('g.caught');
      caught.replaceChildren(
        ...lane.caught.map((c) => {
          const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
          const right = x(c.tick) > w - m.right - 70;
          t.setAttribute('x', String(x(c.tick) + (right ? -4 : 4)));
          t.setAttribute('y', String(top + 24));
          t.setAttribute('text-anchor', right ? 'end' : 'start');
          t.setAttribute('class', 'caught-label');
          t.setAttribute('font-weight', '600');
          t.setAttribute('fill', LEVELS.alarm);
          t.textContent = c.text;
          const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
          title.textContent = c.title;
          t.appendChild(title);
          return t;
        }),
      );
    });
  }

  reset(): void {
    this.#lanes.selectAll('*').remove();
    this.#paths.clear();
    this.#axisKey = '';
    this.update({ ticks: 1, length: 0, lanes: [], bands: [] });
  }
}
