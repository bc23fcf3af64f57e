// Logistic regression on typed arrays: the fast served model. Dense numeric features plus sparse
// one-hot categoricals (one active weight per field), exact log-loss gradients, mini-batch SGD with
// the model's own seeded shuffling, L2 on weights only.
import { logLoss } from '../engine/measure.ts';
import type { Rng, Streams } from '../rng.ts';
import type {
  FeatureBatch,
  FeatureLayout,
  FitOptions,
  FitReport,
  ModelDescription,
  ModelSnapshot,
  ServedModel,
  TrainingSet,
} from './types.ts';

export class LogisticModel implements ServedModel {
  readonly kind = 'logistic';
  readonly #nNum: number;
  readonly #catOffset: Int32Array;
  /** [bias, numeric weights..., categorical weights...] */
  readonly #w: Float64Array;
  readonly #grad: Float64Array;
  readonly #initRng: () => Rng;
  readonly #trainRng: Rng;
  #version = 0;
  #orderBuf = new Int32Array(0);

  constructor(layout: FeatureLayout, streams: Streams) {
    this.#nNum = layout.numeric.length;
    this.#catOffset = new Int32Array(layout.categorical.length);
    let size = 1 + this.#nNum;
    layout.categorical.forEach((f, i) => {
      this.#catOffset[i] = size;
      size += f.size;
    });
    this.#w = new Float64Array(size);
    this.#grad = new Float64Array(size);
    this.#initRng = () => streams('model.init');
    this.#trainRng = streams('model.train');
    this.#initialise();
  }

  #initialise(): void {
    const rng = this.#initRng();
    this.#w[0] = 0;
    for (let j = 1; j < this.#w.length; j++) this.#w[j] = rng.normal(0, 0.01);
  }

  #logit(batch: FeatureBatch, i: number): number {
    const w = this.#w;
    const nNum = this.#nNum;
    const nCat = this.#catOffset.length;
    const dense = batch.dense;
    const cats = batch.cats;
    let z = w[0]!;
    for (let j = 0, o = i * nNum; j < nNum; j++, o++) z += w[1 + j]! * dense[o]!;
    for (let f = 0, o = i * nCat; f < nCat; f++, o++) {
      const c = cats[o]!;
      if (c >= 0) z += w[this.#catOffset[f]! + c]!;
    }
    return z;
  }

  predict(batch: FeatureBatch, out: Float32Array): void {
    for (let i = 0; i < batch.rows; i++) out[i] = 1 / (1 + Math.exp(-this.#logit(batch, i)));
  }

  fit(set: TrainingSet, options: FitOptions): FitReport {
    const batch = set.features;
    const n = batch.rows;
    if (!options.warmStart) this.#initialise();
    this.#version++;
    if (n === 0) return { rows: 0, epochs: 0, loss: Number.NaN };
    if (this.#orderBuf.length < n) this.#orderBuf = new Int32Array(n);
    // The buffer may be longer (kept from a fit of more rows): shuffle a view of its first n entries.
    const order = this.#orderBuf.subarray(0, n);
    const w = this.#w;
    const g = this.#grad;
    const nNum = this.#nNum;
    const nCat = this.#catOffset.length;
    const { learningRate, l2, batchSize, epochs } = options;
    for (let e = 0; e < epochs; e++) {
      for (let i = 0; i < n; i++) order[i] = i;
      this.#trainRng.shuffle(order);
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        g.fill(0);
        for (let k = start; k < end; k++) {
          const i = order[k]!;
          const p = 1 / (1 + Math.exp(-this.#logit(batch, i)));
          const r = p - set.labels[i]!; // d(logloss)/dz
          g[0]! += r;
          for (let j = 0, o = i * nNum; j < nNum; j++, o++) g[1 + j]! += r * batch.dense[o]!;
          for (let f = 0, o = i * nCat; f < nCat; f++, o++) {
            const c = batch.cats[o]!;
            if (c >= 0) g[this.#catOffset[f]! + c]! += r;
          }
        }
        const scale = learningRate / (end - start);
        w[0]! -= scale * g[0]!;
        for (let j = 1; j < w.length; j++) w[j]! -= scale * g[j]! + learningRate * l2 * w[j]!;
      }
    }
    return { rows: n, epochs, loss: this.logLoss(set) };
  }

  /** Mean log loss on a labelled set. */
  logLoss(set: TrainingSet): number {
    const n = set.features.rows;
    let sum = 0;
    for (let i = 0; i < n; i++)
      sum += logLoss(set.labels[i]!, 1 / (1 + Math.exp(-this.#logit(set.features, i))));
    return n > 0 ? sum / n : Number.NaN;
  }

  snapshot(): ModelSnapshot {
    return { kind: this.kind, version: this.#version, weights: Array.from(this.#w) };
  }

  restore(snapshot: ModelSnapshot): void {
    if (snapshot.kind !== this.kind || snapshot.weights.length !== this.#w.length) {
      throw new Error(
        `restore: snapshot of ${snapshot.kind} with ${snapshot.weights.length} weights does not fit this ${this.kind} model`,
      );
    }
    this.#w.set(snapshot.weights);
    this.#version = snapshot.version;
  }

  describe(): ModelDescription {
    return {
      kind: this.kind,
      parameters: this.#w.length,
      version: this.#version,
      detail: `logistic regression, ${this.#nNum} numeric + ${this.#w.length - 1 - this.#nNum} one-hot weights and a bias`,
    };
  }

  dispose(): void {}
}
