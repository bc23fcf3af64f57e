// Population: users' preferences on a RadViz circle (each topic an anchor; a user sits toward the
// topics it prefers, so drifting users visibly move), coloured by segment, beside each segment's
// share of this tick's sessions, its engagement and the share of its users still active.
import type { PopulationView } from '../protocol/sim.ts';
import { type Chart, createSvg, type G, patch, type Svg } from './chart.ts';
import { cycle, SEGMENT_COLOURS } from './palette.ts';

const W = 380;
const H = 250;
const R = 96;
const CX = 112;
const CY = 124;
/** Radius of a user's dot. */
const DOT = 1.8;
/** Where the segment table starts. */
const X0 = 228;

export class PopulationChart implements Chart<PopulationView | null> {
  readonly svg: SVGSVGElement;
  readonly #svg: Svg;
  readonly #disc: G;
  readonly #points: G;
  readonly #table: G;

  constructor(container: HTMLElement, options: { title?: string } = {}) {
    this.#svg = createSvg(container, W, H, options.title ?? 'Population');
    this.svg = this.#svg.node()!;
    this.#disc = this.#svg.append('g');
    this.#points = this.#svg.append('g').attr('class', 'points');
    this.#table = this.#svg.append('g').attr('class', 'segments');
  }

  update(v: PopulationView | null): void {
    this.#drawDisc(v);
    this.#drawTable(v);
  }

  #drawDisc(v: PopulationView | null): void {
    const p = v?.projection;
    const disc = this.#disc;
    const key = p ? p.anchors.join(',') : v ? 'none' : 'empty';
    if (disc.attr('data-key') !== key) {
      disc.attr('data-key', key).selectAll('*').remove();
      if (!p) {
        disc
          .append('text')
          .attr('class', 'muted')
          .attr('x', CX)
          .attr('y', CY)
          .attr('text-anchor', 'middle')
          .text(v ? 'no preference vectors in this task' : 'No data yet');
      } else {
        disc
          .append('circle')
          .attr('cx', CX)
          .attr('cy', CY)
          .attr('r', R)
          .attr('fill', '#fafafa')
          .attr('stroke', '#ccc');
        const K = p.anchors.length;
        p.anchors.forEach((a, k) => {
          const ang = (2 * Math.PI * k) / K - Math.PI / 2;
          disc
            .append('circle')
            .attr('cx', CX + R * Math.cos(ang))
            .attr('cy', CY + R * Math.sin(ang))
            .attr('r', 2.5)
            .attr('fill', '#888');
          disc
            .append('text')
            .attr('class', 'small muted')
            .attr('x', CX + (R + 10) * Math.cos(ang))
            .attr('y', CY + (R + 10) * Math.sin(ang))
            .attr('dy', '0.32em')
            .attr('text-anchor', 'middle')
            .text(a);
        });
        disc
          .append('text')
          .attr('class', 'small muted')
          .attr('x', 4)
          .attr('y', H - 6)
          .text('preferences (RadViz: toward the topics a user likes)');
      }
    }
    // One path per segment (and one for churned users) holding every point as a tiny circle: a few
    // elements to update per frame instead of one per user, and still plain SVG for export.
    const groups = new Map<string, { d: string[]; segment: number; churned: boolean }>();
    if (p) {
      for (let i = 0; i < p.segment.length; i++) {
        const churned = p.churned[i] === 1;
        const key = `${p.segment[i]}${churned ? 'c' : ''}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { d: [], segment: p.segment[i]!, churned }));
        const x = CX + R * p.xy[2 * i]!;
        const y = CY + R * p.xy[2 * i + 1]!;
        // A zero-length segment with round caps draws a dot: far cheaper to rasterise than two arcs.
        g.d.push(`M${x.toFixed(1)},${y.toFixed(1)}h0`);
      }
    }
    this.#points
      .selectAll<SVGPathElement, [string, { d: string[]; segment: number; churned: boolean }]>('path')
      .data(
        [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
        ([key]) => key,
      )
      .join('path')
      .attr('class', ([, g]) => (g.churned ? 'churned' : 'active'))
      .attr('data-segment', ([, g]) => g.segment)
      .attr('data-points', ([, g]) => g.d.length)
      .attr('fill', 'none')
      .attr('stroke', ([, g]) => cycle(SEGMENT_COLOURS, g.segment))
      .attr('stroke-opacity', ([, g]) => (g.churned ? 0.15 : 0.7))
      .attr('stroke-width', 2 * DOT)
      .attr('stroke-linecap', 'round')
      .attr('d', ([, g]) => g.d.join(''));
  }

  /** The segment table: built when the segments change, then only its bars and numbers move. */
  #drawTable(v: PopulationView | null): void {
    const g = this.#table;
    const names = v ? JSON.stringify(v.segments.map((s) => s.name)) : null;
    const node = g.node()!;
    if (node.dataset.segments !== (names ?? undefined)) {
      g.selectAll('*').remove();
      if (names === null) delete node.dataset.segments;
      else node.dataset.segments = names;
      if (!v) return;
      g.append('text').attr('class', 'title').attr('x', X0).attr('y', 14).text('Segments, latest tick');
      g.append('text')
        .attr('class', 'small muted')
        .attr('x', X0)
        .attr('y', 28)
        .text(`sessions · ${v.outcome} · active`);
      v.segments.forEach((s, i) => {
        const y = 46 + i * 40;
        const row = g.append('g').attr('class', 'segment').attr('data-segment', s.name);
        const colour = cycle(SEGMENT_COLOURS, i);
        row
          .append('rect')
          .attr('x', X0)
          .attr('y', y - 8)
          .attr('width', 9)
          .attr('height', 9)
          .attr('fill', colour);
        row
          .append('text')
          .attr('x', X0 + 13)
          .attr('y', y)
          .text(s.name);
        row
          .append('rect')
          .attr('x', X0)
          .attr('y', y + 5)
          .attr('width', 140)
          .attr('height', 6)
          .attr('fill', '#eee');
        row
          .append('rect')
          .attr('class', 'exposure')
          .attr('x', X0)
          .attr('y', y + 5)
          .attr('height', 6)
          .attr('fill', colour);
        row
          .append('text')
          .attr('class', 'small numbers')
          .attr('x', X0)
          .attr('y', y + 22);
      });
    }
    if (!v) return;
    const rows = node.querySelectorAll('g.segment');
    v.segments.forEach((s, i) => {
      const row = rows[i]!;
      patch(row.querySelector('rect.exposure')!, { width: 140 * s.exposure });
      patch(
        row.querySelector('text.numbers')!,
        {},
        `${(100 * s.exposure).toFixed(0)}% · ${s.engagement === null ? '–' : `${(100 * s.engagement).toFixed(1)}%`} · ${s.active === null ? '–' : `${(100 * s.active).toFixed(0)}%`}`,
      );
    });
  }

  reset(): void {
    this.#disc.attr('data-key', null);
    this.update(null);
  }
}
