// The incremental path builders behind the quality chart and the monitor lanes: appending in any
// slices draws what one pass draws; a short run is every point (as d3.line draws it); a long run
// keeps at most four points per half-pixel column, among them each column's extremes.
import { line, scaleLinear } from 'd3';
import { describe, expect, test } from 'vitest';
import { CHUNK, GapPathBuilder, LinePathBuilder } from '../../src/charts/incremental.ts';
import { Rng } from '../../src/core/rng.ts';

const WIDTH = 660;

function walk(n: number, seed = 1, gaps: number[] = []): Float64Array {
  const rng = new Rng(seed, 'test.incremental');
  const v = new Float64Array(n);
  let x = 0.5;
  for (let i = 0; i < n; i++) {
    x += (rng.next() - 0.5) * 0.02;
    v[i] = x;
  }
  for (const g of gaps) v[g] = Number.NaN;
  return v;
}

function scales(n: number) {
  const x = scaleLinear()
    .domain([0, n - 1])
    .range([0, WIDTH]);
  const y = scaleLinear().domain([0, 1]).range([200, 0]);
  return { x: (i: number) => x(i), y: (v: number) => y(v) };
}

function whole(b: LinePathBuilder): string {
  return b.chunks.map((c) => c.line).join('') + b.current.line;
}

/** Points of path data, [x, y] pairs, and where each subpath starts. */
function points(d: string): { pts: [number, number][]; moves: number } {
  const pts: [number, number][] = [];
  let moves = 0;
  for (const m of d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)) {
    if (m[1] === 'M') moves++;
    pts.push([Number(m[2]), Number(m[3])]);
  }
  return { pts, moves };
}

describe('LinePathBuilder', () => {
  test('a year of days (wider than half a pixel a tick) keeps every point, as d3.line draws them', () => {
    const n = 365;
    const v = walk(n, 1, [100, 101, 250]);
    const { x, y } = scales(n);
    const b = new LinePathBuilder(x, y);
    b.append(v, n);
    const expected = line<number>()
      .defined((i) => Number.isFinite(v[i]!))
      .x(x)
      .y((i) => y(v[i]!))(Array.from({ length: n }, (_, i) => i))!;
    // Chunk boundaries restart the path at the last point: drop those repeated points to compare.
    const ours = points(whole(b)).pts.filter(
      (p, k, all) => k === 0 || p[0] !== all[k - 1]![0] || p[1] !== all[k - 1]![1],
    );
    const theirs = points(expected).pts;
    expect(ours.length).toBe(theirs.length);
    ours.forEach((p, k) => {
      expect(Math.abs(p[0] - theirs[k]![0])).toBeLessThanOrEqual(0.051); // ours: 0.1 px
      expect(Math.abs(p[1] - theirs[k]![1])).toBeLessThanOrEqual(0.051);
    });
    // The same gaps: d3's subpaths, plus one restart per finished chunk.
    expect(points(whole(b)).moves).toBe(points(expected).moves + b.chunks.length);
    expect(b.chunks.length).toBe(Math.floor((n - 3) / CHUNK));
  });

  test('appending in slices draws what one pass draws', () => {
    for (const n of [365, 20_000]) {
      const v = walk(n, 2, [7, 8, 9, 5000]);
      const { x, y } = scales(n);
      const once = new LinePathBuilder(x, y);
      once.append(v, n);
      const sliced = new LinePathBuilder(x, y);
      const rng = new Rng(3, 'test.slices');
      let at = 0;
      while (at < n) {
        at = Math.min(n, at + 1 + rng.int(300));
        sliced.append(v, at);
        expect(sliced.length).toBe(at);
      }
      expect(whole(sliced)).toBe(whole(once));
    }
  });

  test('a long run keeps at most four points per half-pixel column, among them its extremes', () => {
    const n = 100_000;
    const v = walk(n, 4);
    const { x, y } = scales(n);
    const b = new LinePathBuilder(x, y);
    b.append(v, n);
    const { pts, moves } = points(whole(b));
    expect(moves).toBe(1 + b.chunks.length); // one line, continued chunk to chunk
    expect(pts.length).toBeLessThanOrEqual(4 * 2 * (WIDTH + 1) + b.chunks.length);
    expect(pts.length).toBeGreaterThan(2 * WIDTH); // not thinned to nothing
    // The drawn range of each column is the data's: its lowest and highest values are drawn.
    const columns = new Map<number, { lo: number; hi: number }>();
    for (let i = 0; i < n; i++) {
      const key = Math.floor(x(i) * 2);
      const c = columns.get(key) ?? { lo: Number.POSITIVE_INFINITY, hi: Number.NEGATIVE_INFINITY };
      c.lo = Math.min(c.lo, y(v[i]!));
      c.hi = Math.max(c.hi, y(v[i]!));
      columns.set(key, c);
    }
    const drawnY = new Set(pts.map((p) => p[1]));
    for (const c of columns.values()) {
      expect(drawnY.has(Math.round(c.lo * 10) / 10)).toBe(true);
      expect(drawnY.has(Math.round(c.hi * 10) / 10)).toBe(true);
    }
  });
});

describe('GapPathBuilder', () => {
  test('one bar a tick on the side where a is, none where they are equal; slices change nothing', () => {
    const n = 10;
    const a = Float64Array.from([0.5, 0.6, 0.4, 0.5, Number.NaN, 0.7, 0.7, 0.2, 0.5, 0.5]);
    const b = Float64Array.from([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4]);
    const { x, y } = scales(n);
    const g = new GapPathBuilder(x, y);
    g.append(a, b, 4);
    g.append(a, b, n);
    const bars = (d: string) => (d.match(/Z/g) ?? []).length;
    const now = g.current;
    expect(bars(now.above)).toBe(4); // ticks 1, 5, 6, 9
    expect(bars(now.below)).toBe(2); // ticks 2, 7
    const once = new GapPathBuilder(x, y);
    once.append(a, b, n);
    expect(once.current).toEqual(now);
  });

  test('a long run has one bar per half-pixel column at most, from the column means', () => {
    const n = 50_000;
    const a = walk(n, 5);
    const b = walk(n, 6);
    const { x, y } = scales(n);
    const g = new GapPathBuilder(x, y);
    g.append(a, b, n);
    const all = [...g.chunks, g.current];
    const bars = all.reduce(
      (s, c) => s + (c.above.match(/Z/g) ?? []).length + (c.below.match(/Z/g) ?? []).length,
      0,
    );
    expect(bars).toBeLessThanOrEqual(2 * (WIDTH + 1));
    expect(bars).toBeGreaterThan(WIDTH);
  });
});
