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

/** Path data by shape name: a line has one shape, a gap two (above, below). */
export type Paths<K extends string> = Record<K, string>;

/**
 * What the builders share: ticks gathered into half-pixel columns; a closed column's drawing goes
 * into the current chunk; every CHUNK columns the chunk is finished and a new one starts.
 */
abstract class ColumnPaths<K extends string, C extends { key: number }> {
  /** Finished chunks' path data: they never change once finished. */
  readonly chunks: Paths<K>[] = [];
  /** Ticks consumed. */
  length = 0;
  protected closed: Paths<K>;
  protected open: C | null = null;
  protected readonly x: Scale;
  protected readonly y: Scale;
  #columns = 0;

  constructor(x: Scale, y: Scale, empty: Paths<K>) {
    this.x = x;
    this.y = y;
    this.closed = empty;
  }

  /** The last chunk's path data, the column still open included. */
  abstract get current(): Paths<K>;

  /** The column tick i falls in. */
  protected columnOf(i: number): number {
    return Math.floor(this.x(i) * COLUMNS_PER_PX);
  }

  /** Draw a closed column into `closed`. */
  protected abstract emit(c: C): void;

  /** The path data a new chunk starts with. */
  protected abstract restart(): Paths<K>;

  protected close(): void {
    const c = this.open;
    if (!c) return;
    this.open = null;
    this.emit(c);
    if (++this.#columns < CHUNK) return;
    this.chunks.push(this.closed);
    this.closed = this.restart();
    this.#columns = 0;
  }
}

interface Column {
  key: number;
  first: number;
  min: number;
  max: number;
  last: number;
}

/** A line through a growing series' finite values, in chunks; gaps (NaN) break it. */
export class LinePathBuilder extends ColumnPaths<'line', Column> {
  /** The last point drawn (a chunk continues from it); null after a gap. */
  #pen: [number, number] | null = null;
  #values: ArrayLike<number> = [];

  constructor(x: Scale, y: Scale) {
    super(x, y, { line: '' });
  }

  /** Take in values[this.length .. length). */
  append(values: ArrayLike<number>, length: number): void {
    this.#values = values;
    for (let i = this.length; i < length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) {
        this.close();
        this.#pen = null;
        continue;
      }
      const key = this.columnOf(i);
      const c = this.open;
      if (c && c.key === key) {
        if (v < values[c.min]!) c.min = i;
        if (v > values[c.max]!) c.max = i;
        c.last = i;
      } else {
        this.close();
        this.open = { key, first: i, min: i, max: i, last: i };
      }
    }
    this.length = Math.max(this.length, length);
  }

  get current(): Paths<'line'> {
    return { line: this.open ? this.closed.line + this.#render(this.open, this.#pen).d : this.closed.line };
  }

  protected emit(c: Column): void {
    const { d, pen } = this.#render(c, this.#pen);
    this.closed.line += d;
    this.#pen = pen;
  }

  protected restart(): Paths<'line'> {
    return { line: this.#pen ? `M${r(this.#pen[0])},${r(this.#pen[1])}` : '' };
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
      const px = this.x(i);
      const py = this.y(this.#values[i]!);
      d += `${p ? 'L' : 'M'}${r(px)},${r(py)}`;
      p = [px, py];
    }
    return { d, pen: p };
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
export class GapPathBuilder extends ColumnPaths<'above' | 'below', GapColumn> {
  constructor(x: Scale, y: Scale) {
    super(x, y, { above: '', below: '' });
  }

  append(a: ArrayLike<number>, b: ArrayLike<number>, length: number): void {
    for (let i = this.length; i < length; i++) {
      const key = this.columnOf(i);
      if (this.open?.key !== key) {
        this.close();
        this.open = { key, from: i, to: i, sumA: 0, sumB: 0, n: 0 };
      }
      const c = this.open!;
      c.to = i;
      const va = a[i]!;
      const vb = b[i]!;
      if (!Number.isFinite(va) || !Number.isFinite(vb)) continue;
      c.sumA += va;
      c.sumB += vb;
      c.n++;
    }
    this.length = Math.max(this.length, length);
  }

  get current(): Paths<'above' | 'below'> {
    const now = { ...this.closed };
    const bar = this.open ? this.#render(this.open) : null;
    if (bar) now[bar.side] += bar.d;
    return now;
  }

  protected emit(c: GapColumn): void {
    const bar = this.#render(c);
    if (bar) this.closed[bar.side] += bar.d;
  }

  protected restart(): Paths<'above' | 'below'> {
    return { above: '', below: '' };
  }

  #render(c: GapColumn): { side: 'above' | 'below'; d: string } | null {
    if (c.n === 0) return null;
    const ma = c.sumA / c.n;
    const mb = c.sumB / c.n;
    if (ma === mb) return null;
    const x0 = r(this.x(c.from - 0.5));
    const x1 = r(this.x(c.to + 0.5));
    return {
      side: ma > mb ? 'above' : 'below',
      d: `M${x0},${r(this.y(mb))}H${x1}V${r(this.y(ma))}H${x0}Z`,
    };
  }
}

/** The DOM side of one shape: a <g> of <path> chunks, styled alike. */
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

/**
 * A builder kept in step with the DOM: it starts over when the scales change (`key`) or the series
 * gets shorter (a new run); finished chunks are written once, the last one every update.
 */
class Chunked<K extends string, B extends ColumnPaths<K, { key: number }>> {
  readonly #groups: Record<K, PathGroup>;
  readonly #make: (x: Scale, y: Scale) => B;
  #builder: B | null = null;
  #key = '';
  /** Finished chunks already written. */
  #written = 0;

  constructor(groups: Record<K, PathGroup>, make: (x: Scale, y: Scale) => B) {
    this.#groups = groups;
    this.#make = make;
  }

  clear(): void {
    for (const g of Object.values<PathGroup>(this.#groups)) g.clear();
    this.#builder = null;
    this.#key = '';
    this.#written = 0;
  }

  /** The builder to append to: a fresh one when `key` or the length says the drawing is stale. */
  builder(length: number, x: Scale, y: Scale, key: string): B {
    if (!this.#builder || key !== this.#key || length < this.#builder.length) {
      this.clear();
      this.#builder = this.#make(x, y);
      this.#key = key;
    }
    return this.#builder;
  }

  /** Write what the builder has drawn. */
  write(): void {
    const b = this.#builder!;
    const names = Object.keys(this.#groups) as K[];
    for (; this.#written < b.chunks.length; this.#written++)
      for (const n of names) this.#groups[n].set(this.#written, b.chunks[this.#written]![n]);
    const now = b.current;
    for (const n of names) this.#groups[n].set(b.chunks.length, now[n]);
  }
}

/** A line drawn incrementally (see the top of the file). */
export class ChunkedLine {
  readonly #path: PathGroup;
  readonly #chunks: Chunked<'line', LinePathBuilder>;

  constructor(parent: Element, className: string, attrs: Record<string, string> = {}) {
    this.#path = new PathGroup(parent, className, { fill: 'none', 'stroke-linejoin': 'round', ...attrs });
    this.#chunks = new Chunked({ line: this.#path }, (x, y) => new LinePathBuilder(x, y));
  }

  get group(): SVGGElement {
    return this.#path.group;
  }

  style(extra: Record<string, string>): void {
    this.#path.style(extra);
  }

  clear(): void {
    this.#chunks.clear();
  }

  /** Draw values[0..length) under x and y; `key` must change whenever x or y does. */
  update(values: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    this.#chunks.builder(length, x, y, key).append(values, length);
    this.#chunks.write();
  }
}

/** The gap between two series, drawn incrementally as two shapes (see GapPathBuilder). */
export class ChunkedGap {
  readonly above: PathGroup;
  readonly below: PathGroup;
  readonly #chunks: Chunked<'above' | 'below', GapPathBuilder>;

  constructor(parent: Element, className: string) {
    this.above = new PathGroup(parent, `${className} above`, { stroke: 'none' });
    this.below = new PathGroup(parent, `${className} below`, { stroke: 'none' });
    this.#chunks = new Chunked({ above: this.above, below: this.below }, (x, y) => new GapPathBuilder(x, y));
  }

  clear(): void {
    this.#chunks.clear();
  }

  update(a: ArrayLike<number>, b: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    this.#chunks.builder(length, x, y, key).append(a, b, length);
    this.#chunks.write();
  }
}
