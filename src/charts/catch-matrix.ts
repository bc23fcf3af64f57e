// The catch matrix: incidents × monitors, each cell the detection delay or "missed"; false alarms
// per monitor under it. Live while the run plays (cells still inside their window read "…"), final
// at the end.
import { select } from 'd3';
import { type Chart, createSvg, type G, resize, type Svg } from './chart.ts';
import { causeColour, OKABE_ITO } from './palette.ts';

export interface MatrixRow {
  id: string;
  label: string;
  cause: string;
  start: number;
  end: number;
  /** upcoming: declared, not started yet. */
  state: 'upcoming' | 'open' | 'closed';
}

export interface MatrixColumn {
  id: string;
  baseline: boolean;
  falseAlarms: number | null;
}

/** A cell: the delay, "missed" when the window has closed without an alarm, "watching" while open. */
export type MatrixCell = number | 'missed' | 'watching' | 'upcoming';

export interface MatrixData {
  rows: MatrixRow[];
  columns: MatrixColumn[];
  cells: MatrixCell[][];
  maxDelay: number;
  final: boolean;
}

const W = 380;
const LABEL = 112;
const HEAD = 74;
const ROW = 22;
/** Room on the right for the slanted head of the last column. */
const RIGHT = 40;

export class CatchMatrix implements Chart<MatrixData> {
  readonly svg: SVGSVGElement;
  readonly #svg: Svg;
  readonly #body: G;
  readonly #status;

  constructor(container: HTMLElement, options: { title?: string } = {}) {
    this.#svg = createSvg(container, W, HEAD + 2 * ROW + 20, options.title ?? 'Catch matrix');
    this.svg = this.#svg.node()!;
    this.#body = this.#svg.append('g');
    this.#status = this.#svg.append('text').attr('class', 'small muted').attr('x', 4).attr('y', 12);
  }

  update(d: MatrixData): void {
    // The live evaluation arrives a few times a second; the matrix changes far less often.
    const key = JSON.stringify(d);
    if (key === this.#key) return;
    this.#key = key;
    const cols = d.columns.length;
    const cw = cols > 0 ? Math.max(40, (W - LABEL - RIGHT) / cols) : 40;
    const height = HEAD + (d.rows.length + 1) * ROW + 10;
    resize(this.#svg, Math.max(W, LABEL + cols * cw + RIGHT), height);
    this.#status.text(
      d.rows.length === 0
        ? 'No incident yet.'
        : `${d.final ? 'Final' : 'Live'}: delay in ticks from the incident start${d.columns.some((c) => c.baseline) ? '; baselines in grey' : ''}.`,
    );
    const body = this.#body;
    body.selectAll('*').remove();
    // Column heads, slanted so long monitor names fit; baselines are set apart in grey.
    d.columns.forEach((c, j) => {
      const head = body
        .append('text')
        .attr('transform', `translate(${LABEL + j * cw + cw / 2 - 4},${HEAD - 6}) rotate(-45)`)
        .attr('class', c.baseline ? 'small muted' : 'small')
        .attr('font-style', c.baseline ? 'italic' : null)
        .attr('data-monitor', c.id)
        .text(truncate(c.baseline ? c.id.replace(/^baseline:/, '') : c.id, 16));
      head.append('title').text(c.baseline ? `${c.id} (baseline, for comparison)` : c.id);
    });
    const firstBaseline = d.columns.findIndex((c) => c.baseline);
    if (firstBaseline > 0) {
      const bx = LABEL + firstBaseline * cw;
      body
        .append('line')
        .attr('x1', bx)
        .attr('x2', bx)
        .attr('y1', HEAD - 4)
        .attr('y2', height - 6)
        .attr('stroke', '#999')
        .attr('stroke-dasharray', '2 2');
    }
    d.rows.forEach((r, i) => {
      const y = HEAD + i * ROW;
      const row = body.append('g').attr('class', 'row').attr('data-incident', r.id);
      row
        .append('rect')
        .attr('x', 0)
        .attr('y', y + 3)
        .attr('width', 4)
        .attr('height', ROW - 6)
        .attr('fill', causeColour(r.cause));
      row
        .append('text')
        .attr('x', 8)
        .attr('y', y + ROW / 2)
        .attr('dy', '0.32em')
        .attr('class', r.state === 'upcoming' ? 'small muted' : 'small')
        .text(truncate(r.id, 19))
        .append('title')
        .text(`${r.label} (ticks ${r.start}–${r.end})`);
      d.cells[i]!.forEach((cell, j) => {
        const x = LABEL + j * cw;
        const g = row.append('g').attr('class', 'cell').attr('data-monitor', d.columns[j]!.id);
        const detected = typeof cell === 'number';
        g.attr('data-state', detected ? 'detected' : cell);
        g.append('rect')
          .attr('x', x + 1)
          .attr('y', y + 1)
          .attr('width', cw - 2)
          .attr('height', ROW - 2)
          .attr('rx', 2)
          .attr('fill', fill(cell, d.maxDelay));
        g.append('text')
          .attr('x', x + cw / 2)
          .attr('y', y + ROW / 2)
          .attr('dy', '0.32em')
          .attr('text-anchor', 'middle')
          .attr('fill', detected && cell <= d.maxDelay / 3 ? '#fff' : '#222')
          .text(detected ? `+${cell}` : cell === 'missed' ? 'missed' : cell === 'watching' ? '…' : '–');
      });
    });
    const fy = HEAD + d.rows.length * ROW;
    const foot = body.append('g').attr('class', 'false-alarms');
    foot
      .append('line')
      .attr('x1', 0)
      .attr('x2', LABEL + cols * cw)
      .attr('y1', fy + 2)
      .attr('y2', fy + 2)
      .attr('stroke', '#bbb');
    foot
      .append('text')
      .attr('x', 8)
      .attr('y', fy + ROW / 2 + 2)
      .attr('dy', '0.32em')
      .text('false alarms');
    d.columns.forEach((c, j) => {
      foot
        .append('text')
        .attr('x', LABEL + j * cw + cw / 2)
        .attr('y', fy + ROW / 2 + 2)
        .attr('dy', '0.32em')
        .attr('text-anchor', 'middle')
        .attr('data-monitor', c.id)
        .text(c.falseAlarms === null ? '–' : String(c.falseAlarms));
    });
    select(this.svg).attr('data-final', d.final ? 'true' : 'false');
  }

  #key = '';

  reset(): void {
    this.update({ rows: [], columns: [], cells: [], maxDelay: 1, final: false });
  }
}

function fill(cell: MatrixCell, maxDelay: number): string {
  if (typeof cell === 'number') {
    // Darker green for faster detection.
    const f = Math.min(1, cell / Math.max(1, maxDelay));
    return f <= 1 / 3 ? OKABE_ITO.bluishGreen : f <= 2 / 3 ? '#66c4a9' : '#b3e2d4';
  }
  if (cell === 'missed') return '#f6d3bd';
  if (cell === 'watching') return '#eef3f7';
  return '#f4f4f4';
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
