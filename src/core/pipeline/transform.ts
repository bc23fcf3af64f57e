// Raw records -> features. The statistics (means, sds, vocabularies) are fitted on training rows and
// frozen; the transform *version* (see versions.ts) decides how they are computed and applied, so
// training and serving can disagree exactly the way real pipelines do.
import type { FeatureBatch, FeatureLayout } from '../model/types.ts';
import { grow, MISSING, type RawBatch, type RawSchema, UNSEEN } from '../world/types.ts';
import type { PipelineConfig } from './config.ts';
import { type ResolvedVersion, resolveVersion, type TransformVersionName } from './versions.ts';

/** What fitting on training rows produced. Plain data (it rides in snapshots and run results). */
export interface PipelineStats {
  /** Per numeric field: the mean and the sd of the observed (non-missing) training values. */
  mean: number[];
  sd: number[];
  /** Per categorical field: domain codes in order of first appearance in the training rows. */
  seen: number[][];
  /**
   * Per numeric field: the observed values the sd was fitted on, and the denominator it used. A
   * version with another denominator re-derives the sd from these (a scaler stores its moments).
   * Absent: the sd is used as it is.
   */
  count?: number[];
  sdDenominator?: 'n' | 'n-1';
}

export function featureLayout(schema: RawSchema, config: PipelineConfig): FeatureLayout {
  const categorical = schema.categorical.map((f) => ({
    name: f.name,
    size: config.categorical === 'hash' ? config.hashBuckets : f.domain.length,
  }));
  if (config.crosses && schema.categorical.length >= 2) {
    categorical.push({
      name: `${schema.categorical[0]!.name}x${schema.categorical[1]!.name}`,
      size: config.hashBuckets,
    });
  }
  return { numeric: [...schema.numeric], categorical };
}

/** Round half away from zero to `scale` (10^decimals); 0 leaves x as it is. */
function roundTo(x: number, scale: number): number {
  if (scale === 0) return x;
  return x < 0 ? -Math.round(-x * scale) / scale : Math.round(x * scale) / scale;
}

/** sign(x) * log(1 + |x|): defined for every real, monotone, 0 at 0. */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** A raw numeric value as this version's feature code sees it (rounding, then the optional log). */
function preValue(x: number, scale: number, log: boolean): number {
  const r = roundTo(x, scale);
  return log ? signedLog1p(r) : r;
}

function roundScale(v: ResolvedVersion): number {
  return v.round === null ? 0 : 10 ** v.round;
}

/** What fitting a numeric field measures: the observed values, their mean and sd. */
interface Moments {
  n: number;
  mean: number;
  sd: number;
}

/**
 * Moments of the observed (non-missing) values of col[0..rows) as this version's feature code sees
 * them (rounded, then the optional log), in one stable pass (Welford): the mean (0 with no value)
 * and the sd with denominator n or n - 1 (1 when it is degenerate, so standardising divides by 1).
 */
function fitMoments(
  col: Float64Array,
  rows: number,
  scale: number,
  log: boolean,
  sampleSd: boolean,
  out: Moments,
): void {
  const plain = scale === 0 && !log;
  let n = 0;
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < rows; i++) {
    const x0 = col[i]!;
    if (Number.isNaN(x0)) continue;
    const x = plain ? x0 : preValue(x0, scale, log);
    n++;
    const d = x - m;
    m += d / n;
    m2 += d * (x - m);
  }
  const denom = sampleSd ? n - 1 : n;
  const s = denom > 0 ? Math.sqrt(m2 / denom) : 0;
  out.n = n;
  out.mean = n > 0 ? m : 0;
  out.sd = s > 1e-12 ? s : 1;
}

/**
 * Fit the statistics on `rows` of a raw batch (all rows when `rows` is omitted). The vocabulary is
 * cumulative: categories seen by `previous` fits keep their place, new ones are appended, so a
 * refit whose window lacks a category never shifts the one-hot slots under warm-started weights.
 */
export function fitPipeline(
  schema: RawSchema,
  raw: RawBatch,
  versionName: TransformVersionName,
  rows = raw.rows,
  previous?: PipelineStats,
): PipelineStats {
  const version = resolveVersion(versionName);
  const scale = roundScale(version);
  const mean: number[] = [];
  const sd: number[] = [];
  const count: number[] = [];
  const fitted: Moments = { n: 0, mean: 0, sd: 1 };
  for (let f = 0; f < schema.numeric.length; f++) {
    const log = version.log1p.has(schema.numeric[f]!);
    fitMoments(raw.numeric[f]!, rows, scale, log, version.sdDenominator === 'n-1', fitted);
    mean.push(fitted.mean);
    sd.push(fitted.sd);
    count.push(fitted.n);
  }
  const seen = schema.categorical.map((field, f) => {
    const col = raw.cats[f]!;
    const mark = new Uint8Array(field.domain.length);
    const order: number[] = [...(previous?.seen[f] ?? [])];
    for (const c of order) mark[c] = 1;
    for (let i = 0; i < rows; i++) {
      const c = col[i]!;
      if (c >= 0 && c < mark.length && mark[c] === 0) {
        mark[c] = 1;
        order.push(c);
      }
    }
    return order;
  });
  return { mean, sd, seen, count, sdDenominator: version.sdDenominator };
}

/** 32-bit MurmurHash3 of a string (x86_32 variant), the usual feature-hashing function. */
export function murmur3(key: string, seed: number): number {
  let h = seed >>> 0;
  const n = key.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    let k =
      (key.charCodeAt(i) & 0xff) |
      ((key.charCodeAt(i + 1) & 0xff) << 8) |
      ((key.charCodeAt(i + 2) & 0xff) << 16) |
      ((key.charCodeAt(i + 3) & 0xff) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = n & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= (key.charCodeAt(i + 2) & 0xff) << 16;
    if (rest >= 2) k ^= (key.charCodeAt(i + 1) & 0xff) << 8;
    k ^= key.charCodeAt(i) & 0xff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const UNSEEN_TOKEN = '\u0000unseen';

/**
 * A compiled transform: lookup tables built once per (stats, version), so the per-row work is
 * arithmetic and array reads only.
 */
export class Transform {
  readonly layout: FeatureLayout;
  readonly version: TransformVersionName;
  /** The version with its modifiers resolved (what this transform does). */
  readonly resolved: ResolvedVersion;
  readonly #mean: Float64Array;
  readonly #invSd: Float64Array;
  readonly #fill: Float64Array;
  /** Per numeric field: 1 when log1p applies. */
  readonly #log: Uint8Array;
  /** Per numeric field: 1 when standardised with the batch's own statistics. */
  readonly #batch: Uint8Array;
  /** 10^decimals of the version's rounding, 0 for none. */
  readonly #roundScale: number;
  readonly #zeroFill: boolean;
  readonly #sampleSd: boolean;
  /** Per categorical field: code -> feature index (or -1); slot domain.length holds UNSEEN. */
  readonly #codeIndex: Int32Array[];
  /** Cross table: code1 * (n2 + 1) + code2 -> bucket, with the last code of each side for UNSEEN. */
  readonly #cross: Int32Array | null;
  readonly #crossWidth: number;
  /** Scratch for the statistics recomputed on each batch (batchStats). */
  readonly #batchMoments: Moments = { n: 0, mean: 0, sd: 1 };

  constructor(
    schema: RawSchema,
    config: PipelineConfig,
    stats: PipelineStats,
    version: TransformVersionName,
  ) {
    const v = resolveVersion(version);
    this.version = version;
    this.resolved = v;
    this.layout = featureLayout(schema, config);
    this.#mean = Float64Array.from(stats.mean);
    // The stored sd re-derived with this version's denominator when the fit used the other one.
    const rescale = (f: number): number => {
      const n = stats.count?.[f];
      if (n === undefined || stats.sdDenominator === undefined || stats.sdDenominator === v.sdDenominator)
        return 1;
      const fitted = stats.sdDenominator === 'n' ? n : n - 1;
      const mine = v.sdDenominator === 'n' ? n : n - 1;
      return fitted > 0 && mine > 0 ? Math.sqrt(fitted / mine) : 1;
    };
    this.#invSd = Float64Array.from(stats.sd, (s, f) => 1 / (s * rescale(f)));
    this.#zeroFill = v.fill === 'zero';
    this.#sampleSd = v.sdDenominator === 'n-1';
    this.#fill = Float64Array.from(stats.mean, (m) => (this.#zeroFill ? 0 : m));
    const allBatch = v.batchStats.has('*');
    this.#log = Uint8Array.from(schema.numeric, (name) => (v.log1p.has(name) ? 1 : 0));
    this.#batch = Uint8Array.from(schema.numeric, (name) => (allBatch || v.batchStats.has(name) ? 1 : 0));
    this.#roundScale = roundScale(v);
    const tokenOf = (f: number, code: number) =>
      code === UNSEEN
        ? UNSEEN_TOKEN
        : `${schema.categorical[f]!.name}=${schema.categorical[f]!.domain[code]}`;
    this.#codeIndex = schema.categorical.map((field, f) => {
      const table = new Int32Array(field.domain.length + 1).fill(-1);
      if (config.categorical === 'hash') {
        for (let c = 0; c < field.domain.length; c++)
          table[c] = murmur3(tokenOf(f, c), v.hashSeed) % config.hashBuckets;
        table[field.domain.length] =
          murmur3(`${field.name}=${UNSEEN_TOKEN}`, v.hashSeed) % config.hashBuckets;
      } else {
        const seen = stats.seen[f] ?? [];
        const sorted = (v.categoryOrder === 'sorted') !== v.flipOrder.has(field.name);
        if (sorted) {
          // A seen category's slot is its rank in the whole sorted domain: stable as the
          // vocabulary grows.
          const ranks = field.domain
            .map((_, code) => code)
            .sort((a, b) =>
              field.domain[a]! < field.domain[b]! ? -1 : field.domain[a]! > field.domain[b]! ? 1 : 0,
            );
          const rankOf = new Int32Array(field.domain.length);
          ranks.forEach((code, rank) => {
            rankOf[code] = rank;
          });
          for (const code of seen) table[code] = rankOf[code]!;
        } else {
          seen.forEach((code, index) => {
            table[code] = index;
          });
        }
      }
      return table;
    });
    if (config.crosses && schema.categorical.length >= 2) {
      const a = schema.categorical[0]!;
      const b = schema.categorical[1]!;
      this.#crossWidth = b.domain.length + 1;
      this.#cross = new Int32Array((a.domain.length + 1) * this.#crossWidth);
      for (let i = 0; i <= a.domain.length; i++) {
        for (let j = 0; j <= b.domain.length; j++) {
          const ka = i === a.domain.length ? UNSEEN_TOKEN : a.domain[i]!;
          const kb = j === b.domain.length ? UNSEEN_TOKEN : b.domain[j]!;
          this.#cross[i * this.#crossWidth + j] =
            murmur3(`${ka}\u0001${kb}`, v.hashSeed) % config.hashBuckets;
        }
      }
    } else {
      this.#cross = null;
      this.#crossWidth = 0;
    }
  }

  /** Transform rows [0, raw.rows) of `raw` into `out` (grown when needed). */
  apply(raw: RawBatch, out: FeatureBatch): void {
    const rows = raw.rows;
    const nNum = this.layout.numeric.length;
    const nCat = this.layout.categorical.length;
    out.layout = this.layout;
    out.rows = rows;
    if (out.dense.length < rows * nNum) out.dense = grow(out.dense, rows * nNum * 2);
    if (out.cats.length < rows * nCat) out.cats = grow(out.cats, rows * nCat * 2);
    const dense = out.dense;
    const cats = out.cats;
    const scale = this.#roundScale;
    for (let f = 0; f < nNum; f++) {
      const col = raw.numeric[f]!;
      let mean = this.#mean[f]!;
      let inv = this.#invSd[f]!;
      let fill = this.#fill[f]!;
      const log = this.#log[f] === 1;
      if (this.#batch[f] === 1) {
        // Statistics recomputed on this batch, with this version's denominator.
        const batch = this.#batchMoments;
        fitMoments(col, rows, scale, log, this.#sampleSd, batch);
        mean = batch.mean;
        inv = 1 / batch.sd;
        fill = this.#zeroFill ? 0 : mean;
      }
      if (scale === 0 && !log) {
        // The common case: no per-value work beyond the standardisation.
        for (let i = 0, o = f; i < rows; i++, o += nNum) {
          const x = col[i]!;
          dense[o] = ((Number.isNaN(x) ? fill : x) - mean) * inv;
        }
      } else {
        for (let i = 0, o = f; i < rows; i++, o += nNum) {
          const x = col[i]!;
          dense[o] = ((Number.isNaN(x) ? fill : preValue(x, scale, log)) - mean) * inv;
        }
      }
    }
    const nRawCat = raw.cats.length;
    for (let f = 0; f < nRawCat; f++) {
      const col = raw.cats[f]!;
      const table = this.#codeIndex[f]!;
      const unseenSlot = table.length - 1;
      for (let i = 0, o = f; i < rows; i++, o += nCat) {
        const c = col[i]!;
        cats[o] = c >= 0 ? table[c]! : c === UNSEEN ? table[unseenSlot]! : -1;
      }
    }
    const cross = this.#cross;
    if (cross) {
      const a = raw.cats[0]!;
      const b = raw.cats[1]!;
      const w = this.#crossWidth;
      const lastA = cross.length / w - 1;
      const lastB = w - 1;
      for (let i = 0, o = nRawCat; i < rows; i++, o += nCat) {
        const ca = a[i]!;
        const cb = b[i]!;
        cats[o] =
          ca === MISSING || cb === MISSING ? -1 : cross[(ca < 0 ? lastA : ca) * w + (cb < 0 ? lastB : cb)]!;
      }
    }
  }
}

export function createFeatureBatch(layout: FeatureLayout, capacity: number): FeatureBatch {
  return {
    layout,
    rows: 0,
    dense: new Float32Array(capacity * layout.numeric.length),
    cats: new Int32Array(capacity * layout.categorical.length),
  };
}
