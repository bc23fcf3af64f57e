// What every chart shares: an SVG with a fixed viewBox (it scales with its container's width, so
// nothing moves while a run plays), an accessible title, and its own styles inline so an exported
// SVG looks like the chart on screen.
import { type Selection, select } from 'd3';

export interface Chart<D> {
  readonly svg: SVGSVGElement;
  update(data: D): void;
  reset(): void;
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

const STYLE = `
text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 11px; fill: #222; }
.axis text { font-size: 10px; fill: #444; }
.axis path, .axis line { stroke: #888; }
.grid line { stroke: #e6e6e6; }
.muted { fill: #666; }
.small { font-size: 9.5px; }
.title { font-size: 12px; font-weight: 600; }
`;

export function createSvg(container: HTMLElement, width: number, height: number, label: string): Svg {
  const svg = select(container)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('preserveAspectRatio', 'xMinYMin meet')
    .attr('role', 'img')
    .attr('aria-label', label)
    .style('width', '100%')
    .style('height', 'auto')
    .style('display', 'block');
  svg.append('title').text(label);
  svg.append('style').text(STYLE);
  svg
    .append('rect')
    .attr('class', 'background')
    .attr('width', width)
    .attr('height', height)
    .attr('fill', '#fff');
  return svg;
}

export function resize(svg: Svg, width: number, height: number): void {
  svg.attr('viewBox', `0 0 ${width} ${height}`);
  svg.select('rect.background').attr('width', width).attr('height', height);
}

/** Finite min and max over the first n values of several series; null when there is none. */
export function extentOf(series: readonly ArrayLike<number>[], n: number): [number, number] | null {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (let i = 0; i < Math.min(n, s.length); i++) {
      const x = s[i]!;
      if (!Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

export function fmtNumber(x: number): string {
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return x.toExponential(1);
  return String(+x.toPrecision(3));
}

/**
 * Set attributes and text on an element only where they differ: a chart updated every frame should
 * not invalidate the layout of what did not change (Blink re-lays-out an SVG element on any write).
 */
export function patch(el: Element, attrs: Record<string, string | number | null>, text?: string): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null) {
      if (el.hasAttribute(k)) el.removeAttribute(k);
      continue;
    }
    const value = String(v);
    if (el.getAttribute(k) !== value) el.setAttribute(k, value);
  }
  if (text !== undefined && el.textContent !== text) el.textContent = text;
}
