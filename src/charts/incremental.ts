// Incremental drawing for series that grow tick by tick. A run only appends: the value at a tick
// never changes once received, and the x scale is fixed for a run. So a frame appends the new ticks
// to the last of a series' path chunks instead of rebuilding the whole path, and the browser
// re-parses and repaints only that chunk's few pixels. A change of the y scale (rare: domains grow
// to "nice" bounds) or a shorter series (a new run) rebuilds from scratch.

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Ticks per path element: small enough that a frame repaints little, large enough to keep few nodes. */
export const CHUNK = 64;

export type Scale = (v: number) => number;

function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Shared by the shapes below: a <g> of <path> chunks, the scale key and how far it has drawn. */
abstract class Chunked {
  readonly group: SVGGElement;
  readonly #base: Record<string, string>;
  #attrs: Record<string, string>;
  #key = '';
  protected drawn = 0;
  protected chunkTicks = 0;
  protected d = '';

  constructor(parent: Element, className: string, attrs: Record<string, string>) {
    this.group = document.createElementNS(SVG_NS, 'g');
    this.group.setAttribute('class', className);
    parent.appendChild(this.group);
    this.#base = attrs;
    this.#attrs = attrs;
  }

  /** Style every chunk (and later ones) with these attributes, over the shape's defaults. */
  style(extra: Record<string, string>): void {
    const attrs = { ...this.#base, ...extra };
    const same =
      Object.keys(attrs).length === Object.keys(this.#attrs).length &&
      Object.entries(attrs).every(([k, v]) => this.#attrs[k] === v);
    if (same) return;
    this.#attrs = attrs;
    for (const p of this.group.children) this.#apply(p);
  }

  /** Forget what was drawn: the next update starts over. */
  clear(): void {
    this.group.replaceChildren();
    this.#key = '';
    this.drawn = 0;
    this.chunkTicks = 0;
    this.d = '';
    this.restart();
  }

  /** Start over when the scales changed or the series got shorter (a new run). */
  protected begin(key: string, length: number): void {
    if (key !== this.#key || length < this.drawn) {
      this.clear();
      this.#key = key;
    }
  }

  /** A new chunk once the current one holds CHUNK ticks; returns whether one was started. */
  protected nextChunk(): boolean {
    if (this.group.lastChild && this.chunkTicks < CHUNK) return false;
    if (this.group.lastChild) this.flush();
    const p = document.createElementNS(SVG_NS, 'path');
    this.#apply(p);
    this.group.appendChild(p);
    this.chunkTicks = 0;
    this.d = '';
    return true;
  }

  /** Write the current chunk's path data. */
  protected flush(): void {
    const p = this.group.lastChild as SVGPathElement | null;
    if (p && p.getAttribute('d') !== this.d) p.setAttribute('d', this.d);
  }

  protected abstract restart(): void;

  #apply(p: Element): void {
    for (const [k, v] of Object.entries(this.#attrs)) p.setAttribute(k, v);
  }
}

/** A line through the finite values; gaps (NaN) break it. */
export class ChunkedLine extends Chunked {
  #last: [number, number] | null = null;

  constructor(parent: Element, className: string, attrs: Record<string, string> = {}) {
    super(parent, className, { fill: 'none', 'stroke-linejoin': 'round', ...attrs });
  }

  protected restart(): void {
    this.#last = null;
  }

  /** Draw values[0..length) under x and y; `key` must change whenever x or y does. */
  update(values: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    this.begin(key, length);
    if (length <= this.drawn) return;
    for (let i = this.drawn; i < length; i++) {
      if (this.nextChunk() && this.#last) {
        // Continue the line from the previous chunk's last point.
        this.d = `M${r(this.#last[0])},${r(this.#last[1])}`;
      }
      const v = values[i]!;
      this.chunkTicks++;
      if (!Number.isFinite(v)) {
        this.#last = null;
        continue;
      }
      const px = x(i);
      const py = y(v);
      this.d += `${this.#last ? 'L' : 'M'}${r(px)},${r(py)}`;
      this.#last = [px, py];
    }
    this.drawn = length;
    this.flush();
  }
}

/**
 * The gap between two series as one bar per tick, in two shapes: ticks where `a` is above `b` and
 * ticks where it is below (e.g. where guardrails helped and where they cost). Bars tile, so a run
 * of ticks reads as a shaded band.
 */
export class ChunkedGap {
  readonly above: ChunkedBars;
  readonly below: ChunkedBars;

  constructor(parent: Element, className: string) {
    this.above = new ChunkedBars(parent, `${className} above`);
    this.below = new ChunkedBars(parent, `${className} below`);
  }

  update(a: ArrayLike<number>, b: ArrayLike<number>, length: number, x: Scale, y: Scale, key: string): void {
    this.above.update(a, b, length, x, y, key, 1);
    this.below.update(a, b, length, x, y, key, -1);
  }

  clear(): void {
    this.above.clear();
    this.below.clear();
  }
}

class ChunkedBars extends Chunked {
  constructor(parent: Element, className: string) {
    super(parent, className, { stroke: 'none' });
  }

  protected restart(): void {}

  update(
    a: ArrayLike<number>,
    b: ArrayLike<number>,
    length: number,
    x: Scale,
    y: Scale,
    key: string,
    sign: 1 | -1,
  ): void {
    this.begin(key, length);
    if (length <= this.drawn) return;
    for (let i = this.drawn; i < length; i++) {
      this.nextChunk();
      this.chunkTicks++;
      const va = a[i]!;
      const vb = b[i]!;
      if (!Number.isFinite(va) || !Number.isFinite(vb) || Math.sign(va - vb) !== sign) continue;
      const x0 = x(i - 0.5);
      const x1 = x(i + 0.5);
      this.d += `M${r(x0)},${r(y(vb))}H${r(x1)}V${r(y(va))}H${r(x0)}Z`;
    }
    this.drawn = length;
    this.flush();
  }
}
