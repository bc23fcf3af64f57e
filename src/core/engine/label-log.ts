// What the model's decisions logged: the raw record of every shown item, the score it got, whether it
// was served at random (exploration), and its label once observed. One block per tick; blocks older
// than the longest look-back are recycled, so steady state allocates nothing.
import type { ReleasedLabels } from '../world/task.ts';
import {
  copyRawRow,
  createRawBatch,
  ensureRawCapacity,
  grow,
  type RawBatch,
  type RawSchema,
} from '../world/types.ts';

/** One tick's served entries: what the world sees once released (ReleasedLabels), and their raw records. */
export interface LogBlock extends ReleasedLabels {
  raw: RawBatch;
}

export class LabelLog {
  readonly #schema: RawSchema;
  readonly #blocks = new Map<number, LogBlock>();
  readonly #pool: LogBlock[] = [];

  constructor(schema: RawSchema) {
    this.#schema = schema;
  }

  /** A block for tick t with room for n rows (recycled when possible); fill it, then it is kept. */
  open(t: number, n: number): LogBlock {
    let b = this.#pool.pop();
    if (!b) {
      b = {
        tick: t,
        n: 0,
        raw: createRawBatch(this.#schema, n),
        label: new Uint8Array(n),
        labelled: new Uint8Array(n),
        score: new Float32Array(n),
        explored: new Uint8Array(n),
        user: new Int32Array(n),
        item: new Int32Array(n),
      };
    }
    b.tick = t;
    b.n = n;
    b.raw.rows = n;
    ensureRawCapacity(b.raw, n);
    b.label = grow(b.label, n);
    b.labelled = grow(b.labelled, n);
    b.score = grow(b.score, n);
    b.explored = grow(b.explored, n);
    b.user = grow(b.user, n);
    b.item = grow(b.item, n);
    this.#blocks.set(t, b);
    return b;
  }

  block(t: number): LogBlock | undefined {
    return this.#blocks.get(t);
  }

  /** Recycle every block of a tick before `minTick`. */
  prune(minTick: number): void {
    for (const [t, b] of this.#blocks) {
      if (t < minTick) {
        this.#blocks.delete(t);
        this.#pool.push(b);
      }
    }
  }

  /**
   * Gather the labelled rows of ticks [from, to] (optionally only explored ones) into `raw` and `labels`,
   * in tick order. Returns the row count.
   */
  gather(
    from: number,
    to: number,
    onlyExplored: boolean,
    raw: RawBatch,
    labels: { a: Float32Array },
  ): number {
    let n = 0;
    for (let t = from; t <= to; t++) n += this.#blocks.get(t)?.n ?? 0;
    ensureRawCapacity(raw, n);
    if (labels.a.length < n) labels.a = new Float32Array(n * 2);
    let k = 0;
    for (let t = from; t <= to; t++) {
      const b = this.#blocks.get(t);
      if (!b) continue;
      for (let i = 0; i < b.n; i++) {
        if (b.labelled[i] === 0 || (onlyExplored && b.explored[i] === 0)) continue;
        copyRawRow(b.raw, i, raw, k);
        labels.a[k] = b.label[i]!;
        k++;
      }
    }
    raw.rows = k;
    return k;
  }
}
