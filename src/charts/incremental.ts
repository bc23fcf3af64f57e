// Incremental drawing for series that grow tick by tick. A run only appends: the value at a tick
// never changes once received, and the x scale is fixed for a run. So a frame appends the new ticks
// to the last of a series' path chunks instead of rebuilding the whole path, and the browser
// re-parses and repaints only that chunk. A change of the y scale (rare: domains grow to "nice"
// bounds) or a shorter series (a new run) rebuilds from scratch.
//
// Long runs are decimated: the ticks falling in the same half-pixel column become at most four
// points (the first, the lowest, the highest and the last, in tick order; the "M4" reduction), so
// the path never holds more than about eight points per pixel of width whatever the run's length,
// and its outline is the one the full series would draw. When a tick is wider than half a pixel
// (a year of days on a 660-pixel axis) every tick is its own column: nothing is dropped.
//
// The builders are pure (path data as strings); ChunkedLine and ChunkedGap put them in the DOM.

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Pixel columns per path element: few nodes, and a frame repaints only the last one's region. */
export const CHUNK = 64;
/** Columns per pixel. */
const COLUMNS_PER_PX = 2;

export type Scale = (v: number) => number;

function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

interface Column {
  key: number;
  first: number;
  min: number;
  max: number;
  last: number;
}

/** A line through a growing series' finite values, in chunks; gaps (NaN) break it. */
export class LinePathBuilder {
  /** Finished chunks' path data: they never change once finished. */
  readonly chunks: string[] = [];
  #closed = '';
  #columns = 0;
  #open: Column | null = null;
  /** The last point drawn (a chunk continues from it); null after a gap. */
  #pen: [number, number] | null = null;
  #values: ArrayLike<number> = [];
  #x: Scale;
  #y: Scale;
  /** Ticks consumed. */
  length = 0;

  constructor(x: Scale, y: Scale) {
    this.#x = x;
    this.#y = y;
  }

  /** Take in values[this.length .. length). */
  append(values: ArrayLike<number>, length: number): void {
    this.#values = values;
    for (let i = this.length; i < length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) {
        this.#close();
        this.#pen = null;
        continue;
      }
      const key = Math.floor(this.#x(i) * COLUMNS_PER_PX);
      const c = this.#open;
      if (c && c.key === key) {
        if (v < values[c.min]!) c.min = i;
        if (v > values[c.max]!) c.max = i;
        c.last = i;
      } else {
        this.#close();
        this.#open = { key, first: i, min: i, max: i, last: i };
      }
    }
    this.length = Math.max(this.length, length);
  }

  /** The last chunk's path data, the column still open included. */
  get current(): string {
    return this.#open ? this.#closed + this.#render(this.#open, this.#pen).d : this.#closed;
  }

  #render(c: Column, pen: [number, number] | null): { d: string; pen: [number, number] | null } {
    // first <= min, max <= last in tick order; a tick drawn once even when it is several of them.
    const lo = Math.min(c.min, c.max);
    const hi = Math.max(c.min, c.max);
    let d = '';
    let p = pen;
    let previous = -1;
    for (const i of [c.first, lo, hi, c.last]) {
      if (i === previous) continue;
      previous = i;
      const px = this.#x(i);
      const py = this.#y(this.#values[i]!);
      d += `${p ? 'L' : 'M'}${r(px)},${r(py)}`;
      p = [px, py];
    }
    return { d, pen: p };
  }

  #close(): void {
    const c = this.#open;
    if (!c) return;
    this.#open = null;
    const { d, pen } = this.#render(c, this.#pen);
    this.#closed += d;
    this.#pen = pen;
    if (++this.#columns < CHUNK) return;
    this.chunks.push(this.#closed);
    this.#closed = this.#pen ? `M${r(this.#pen[0])},${r(this.#pen[1])}` : '';
    this.#columns = 0;
  }
}

interface GapColumn {
  key: number;
  from: number;
  to: number;
  sumA: number;
  sumB: number;
  n: number;
}

/**
 * The gap between two growing series as bars: one per column (a tick, or the ticks of a half-pixel
 * column, averaged), in two shapes: where `a` is above `b` and where it is below (e.g. where
 * guardrails helped and where they cost). Bars tile, so a run of ticks reads as a shaded band.
 */
export class GapPathBuilder {
  readonly chunks: { above: string; below: string }[] = [];
  #closed = { above: '', below: '' };
  #columns = 0;
  #open: GapColumn | null = null;
  #x: Scale;
  #y: Scale;
  length = 0;

  constructor(x: Scale, y: Scale) {
    this.#x = x;
    this.#y = y;
  }

  append(a: ArrayLike<number>, b: ArrayLike<number>, length: number): void {
    for (let i = this.length; i < length; i++) {
      const va = a[i]!;
      const vb = b[i]!;
      const key = Math.floor(this.#x(i) * COLUMNS_PER_PX);
      if (this.#open?.key !== key) {
        this.#close();
        this.#open = { key, from: i, to: i, sumA: 0, sumB: 0, n: 0 };
      }
      const c = this.#open!;
      c.to = i;
      if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
      c.sumA += va;
      c.sumB += vb;
      c.n++;
    }
    this.length = Math.max(this.length, length);
  }

  get current(): { above: string; below: string } {
    const open = this.#open ? this.#render(this.#open) : null;
    return {
      above: this.#closed.above + (open?.side === 'above' ? open.d : ''),
      below: this.#closed.below + (open?.side === 'below' ? open.d : ''),
    };
  }

  #render(c: GapColumn): { side: 'above' | 'below'; d: string } | null {
    if (c.n === 0) return null;
    const ma = c.sumA / c.n;
    const mb = c.sumB / c.n;
    if (ma === mb) return null;
    const x0 = r(this.#x(c.from - 0.5));
    const x1 = r(this.#x(c.to + 0.5));
    return {
      side: ma > mb ? 'above' : 'below',
      d: `M${x0},${r(this.#y(mb))}H${x1}V${r(this.#y(ma))}H${x0}Z`,
    };
  }

  #close(): void {
    const c = this.#open;
    if (!c) return;
    this.#open = null;
    const bar = this.#render(c);
    if (bar) this.#closed[bar.side] += bar.d;
    if (++this.#columns < CHUNK) return;
    this.chunks.push(this.#closed);
    this.#closed = { above: '', below: '' };
    this.#columns = 0;
  }
}

/** The DOM side: a <g> of <path> chunks, styled alike, kept in step with a builder's chunks. */
class PathGroup {
  readonly group: SVGGElement;
  readonly #base: Record<string, string>;
  #attrs: Record<string, string>;

  constructor(parent: Element, className: string, attrs: Record<string, string>) {
    this.group = document.createElementNS(SVG_NS, 'g');
    this.group.setAttribute('class', className);
    parent.appendChild(this.group);
    this.#base = attrs;
    this.#attrs = attrs;
  }

  style(extra: Record<string, string>): void {
    const attrs = { ...this.#base, ...extra };
    const same =
      Object.keys(attrs).length === Object.keys(this.#attrs).length &&
      Object.entries(attrs).every(([k, v]) => this.#attrs[k] === v);
    if (same) return;
    this.#attrs = attrs;
    for (const p of this.group.children) this.#apply(p);
  }

  clear(): void {
    this.group.replaceChildren();
  }

  /** Path data for chunk k (finished chunks are written once; the last one as it grows). */
  set(k: number, d: string): void {
    while (this.group.children.length <= k) {
      const p = document.createElementNS(SVG_NS, 'path');
      this.#apply(p);
      this.group.appendChild(p);
    }
    const p = this.group.children[k]!;
    if (p.getAttribute('d') !== d) p.setAttribute('d', d);
  }

  #apply(p: Element): void {
    for (const [k, v] of Object.entries(this.#attrs)) p.setAttribute(k, v);
  }
}

/** A line drawn incrementally (see the top of the file). */
export class ChunkedLine {
  readonly #paths: PathGroup;
  #builder: LinePathBuilder | null = null;
  #key = '';
  /** Finished chunks already written. */
  #written = 0;

  constructor(parent: Element, className: string, attrs: Record<string, string> = {}) {
    this.#paths = new PathGroup(parent, className, { fill: 'none', 'stroke-linejoin': 'round', ...attrs });
  }

  get group(): SVGGElement {
    return this.#paths.group;
  }

  style(extra: Record<string, string>): void {
    this.#paths.style(extra);
  }

  clear(): void {
    this.#paths.clear();
    this.#builder = null;
    this.#key = '';
    this.#written = 0;
  }

  /** Draw values[0..length) under x and y; `key` must change whenever x or y does. */
  update(values: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    if (!this.#builder || key !== this.#key || length < this.#builder.length) {
      this.clear();
      this.#builder = new LinePathBuilder(x, y);
      this.#key = key;
    }
    const b = this.#builder;
    if (length <= b.length && this.#paths.group.children.length > 0) return;
    b.append(values, length);
    for (; this.#written < b.chunks.length; this.#written++)
      this.#paths.set(this.#written, b.chunks[this.#written]!);
    this.#paths.set(b.chunks.length, b.current);
  }
}

/** The gap between two series, drawn incrementally as two shapes (see GapPathBuilder). */
export class ChunkedGap {
  readonly above: PathGroup;
  readonly below: PathGroup;
  #builder: GapPathBuilder | null = null;
  #key = '';
  #written = 0;

  constructor(parent: Element, className: string) {
    this.above = new PathGroup(parent, `${className} above`, { stroke: 'none' });
    this.below = new PathGroup(parent, `${className} below`, { stroke: 'none' });
  }

  clear(): void {
    this.above.clear();
    this.below.clear();
    this.#builder = null;
    this.#key = '';
    this.#written = 0;
  }

  update(a: ArrayLike<number>, b: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    if (!this.#builder || key !== this.#key || length < this.#builder.length) {
      this.clear();
      this.#builder = new GapPathBuilder(x, y);
      this.#key = key;
    }
    const g = this.#builder;
    if (length <= g.length && this.above.group.children.length > 0) return;
    g.append(a, b, length);
    for (; this.#written < g.chunks.length; this.#written++) {
      this.above.set(this.#written, g.chunks[this.#written]!.above);
      this.below.set(this.#written, g.chunks[this.#written]!.below);
    }
    const now = g.current;
    this.above.set(g.chunks.length, now.above);
    this.below.set(g.chunks.length, now.below);
  }
}
