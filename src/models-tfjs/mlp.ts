// A small multi-layer perceptron on tfjs (wasm backend) behind the ServedModel contract.
// Input row = the dense numeric columns, then a one-hot block per categorical field (width = size,
// all zeros for -1), written into a reused Float32Array and uploaded as one tensor per batch.
// Randomness comes only from driftlab's named streams: weights are initialised from
// `${seed}/model.init` and mini-batches are shuffled with `${seed}/model.train` (tfjs's own
// model.fit shuffles with Math.random, so training is an explicit loop of variableGrads/applyGradients).
import * as tf from '@tensorflow/tfjs';
import type {
  FeatureBatch,
  FeatureLayout,
  FitOptions,
  FitReport,
  ModelDescription,
  ModelSnapshot,
  ServedModel,
  TrainingSet,
} from '../core/model/types.ts';
import { type Rng, stream } from '../core/rng.ts';
import { ensureWasmBackend } from './backend.ts';

export interface MlpConfig {
  /** Hidden layer widths, input side first. Default [16, 8]; [] is a logistic regression. */
  hidden?: number[];
  /** Hidden activation. Default 'relu'. */
  activation?: 'relu' | 'tanh';
  /** Default 'adam'. FitOptions.learningRate is the step size of this optimizer. */
  optimizer?: 'adam' | 'sgd';
  /** Rows per forward pass in predict(). Default 4096 (fewer if the input rows are wide). */
  predictBatchSize?: number;
}

export const MLP_KIND = 'mlp';

export const mlpDefaults = {
  hidden: [16, 8],
  activation: 'relu',
  optimizer: 'adam',
  predictBatchSize: 4096,
} as const satisfies Required<MlpConfig>;

/** Input floats per predict chunk at most (16 MB), so wide one-hot inputs stay bounded. */
const MAX_CHUNK_FLOATS = 1 << 22;

/** Builds an MLP for `layout`, its weights drawn from `seed`. Initialises the wasm backend first. */
export async function createMlp(
  config: MlpConfig,
  layout: FeatureLayout,
  seed: string,
): Promise<ServedModel> {
  await ensureWasmBackend();
  return new TfjsMlp(config, layout, seed);
}

interface Layer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  fanIn: number;
  fanOut: number;
}

class TfjsMlp implements ServedModel {
  readonly kind = MLP_KIND;
  readonly #layout: FeatureLayout;
  readonly #seed: string;
  readonly #activation: 'relu' | 'tanh';
  readonly #optimizer: 'adam' | 'sgd';
  /** Rows per forward pass outside training: predictBatchSize, fewer if the input rows are wide. */
  readonly #chunk: number;
  readonly #hidden: number[];
  readonly #numeric: number;
  /** Input offset of each categorical field's one-hot block. */
  readonly #catOffset: Int32Array;
  readonly #catSize: Int32Array;
  readonly #width: number;
  readonly #layers: Layer[];
  readonly #parameters: number;
  readonly #trainRng: Rng;
  /** Reused input rows (grown on demand) and labels of one mini-batch. */
  #inputs = new Float32Array(0);
  #batchLabels = new Float32Array(0);
  #version = 0;
  #lastVersion = 0;
  #disposed = false;

  constructor(config: MlpConfig, layout: FeatureLayout, seed: string) {
    const hidden = config.hidden ?? [...mlpDefaults.hidden];
    for (const [i, h] of hidden.entries()) {
      if (!Number.isInteger(h) || h < 1) {
        throw new RangeError(`mlp: hidden[${i}]: expected a positive integer, got ${h}`);
      }
    }
    const predictBatchSize = config.predictBatchSize ?? mlpDefaults.predictBatchSize;
    if (!Number.isInteger(predictBatchSize) || predictBatchSize < 1) {
      throw new RangeError(`mlp: predictBatchSize: expected a positive integer, got ${predictBatchSize}`);
    }
    this.#hidden = [...hidden];
    this.#activation = config.activation ?? mlpDefaults.activation;
    this.#optimizer = config.optimizer ?? mlpDefaults.optimizer;
    this.#layout = {
      numeric: [...layout.numeric],
      categorical: layout.categorical.map((c) => ({ ...c })),
    };
    this.#seed = seed;
    this.#numeric = layout.numeric.length;
    this.#catOffset = new Int32Array(layout.categorical.length);
    this.#catSize = new Int32Array(layout.categorical.length);
    let width = this.#numeric;
    for (const [f, { name, size }] of layout.categorical.entries()) {
      if (!Number.isInteger(size) || size < 1) {
        throw new RangeError(
          `mlp: layout.categorical[${f}] (${name}).size: expected a positive integer, got ${size}`,
        );
      }
      this.#catOffset[f] = width;
      this.#catSize[f] = size;
      width += size;
    }
    if (width === 0) throw new RangeError('mlp: the layout has no features');
    this.#width = width;
    this.#chunk = Math.max(1, Math.min(predictBatchSize, Math.floor(MAX_CHUNK_FLOATS / width)));

    const sizes = [width, ...hidden, 1];
    this.#layers = [];
    let parameters = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      // Variables outlive the tidy; the zero tensors they start from do not.
      const [w, b] = tf.tidy(() => [tf.variable(tf.zeros([fanIn, fanOut])), tf.variable(tf.zeros([fanOut]))]);
      this.#layers.push({ w: w as tf.Variable<tf.Rank.R2>, b: b as tf.Variable<tf.Rank.R1>, fanIn, fanOut });
      parameters += fanIn * fanOut + fanOut;
    }
    this.#parameters = parameters;
    this.#trainRng = stream(seed, 'model.train');
    this.#initialise();
  }

  predict(batch: FeatureBatch, out: Float32Array): void {
    this.#checkAlive();
    this.#checkLayout(batch.layout);
    const rows = batch.rows;
    if (out.length < rows) throw new RangeError(`mlp.predict: out has ${out.length} slots for ${rows} rows`);
    const chunk = this.#chunk;
    for (let start = 0; start < rows; start += chunk) {
      const n = Math.min(chunk, rows - start);
      this.#fillInputs(batch, null, start, n);
      const logits = this.#logits(n);
      for (let i = 0; i < n; i++) out[start + i] = 1 / (1 + Math.exp(-logits[i]!));
    }
  }

  fit(set: TrainingSet, options: FitOptions): FitReport {
    this.#checkAlive();
    const { features, labels } = set;
    this.#checkLayout(features.layout);
    checkFitOptions(options);
    const rows = features.rows;
    if (labels.length < rows) throw new RangeError(`mlp.fit: ${labels.length} labels for ${rows} rows`);
    if (!options.warmStart) this.#initialise();

    const { epochs, batchSize, learningRate, l2 } = options;
    if (rows > 0 && epochs > 0) {
      const optimizer = this.#optimizer === 'adam' ? tf.train.adam(learningRate) : tf.train.sgd(learningRate);
      const varList: tf.Variable[] = this.#layers.flatMap((layer) => [layer.w, layer.b]);
      const order = new Int32Array(rows);
      for (let i = 0; i < rows; i++) order[i] = i;
      const step = Math.min(batchSize, rows);
      if (this.#batchLabels.length < step) this.#batchLabels = new Float32Array(step);
      const decay = l2 > 0 ? tf.scalar(l2) : undefined;
      try {
        for (let e = 0; e < epochs; e++) {
          this.#trainRng.shuffle(order);
          for (let start = 0; start < rows; start += step) {
            const n = Math.min(step, rows - start);
            this.#fillInputs(features, order, start, n);
            for (let i = 0; i < n; i++) this.#batchLabels[i] = labels[order[start + i]!]!;
            tf.tidy(() => {
              const x = tf.tensor2d(this.#inputs.subarray(0, n * this.#width), [n, this.#width]);
              const y = tf.tensor2d(this.#batchLabels.subarray(0, n), [n, 1]);
              // The L2 term l2/2 |W|^2 enters as its gradient l2 W (biases excluded), which is cheaper
              // than differentiating the penalty through the tape.
              const { grads } = tf.variableGrads(() => this.#loss(x, y), varList);
              if (decay) {
                for (const { w } of this.#layers) grads[w.name] = tf.add(grads[w.name]!, tf.mul(w, decay));
              }
              optimizer.applyGradients(varList.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
            });
          }
        }
      } finally {
        optimizer.dispose();
        decay?.dispose();
      }
    }
    this.#version = ++this.#lastVersion;
    return { rows, epochs, loss: rows > 0 ? this.#logLoss(features, labels) : Number.NaN };
  }

  snapshot(): ModelSnapshot {
    this.#checkAlive();
    const weights: number[] = new Array(this.#parameters);
    let k = 0;
    for (const { w, b } of this.#layers) {
      for (const v of w.dataSync()) weights[k++] = v;
      for (const v of b.dataSync()) weights[k++] = v;
    }
    return { kind: this.kind, version: this.#version, weights };
  }

  restore(snapshot: ModelSnapshot): void {
    this.#checkAlive();
    if (snapshot.kind !== this.kind) {
      throw new TypeError(`mlp.restore: snapshot of a ${snapshot.kind}, expected ${this.kind}`);
    }
    if (snapshot.weights.length !== this.#parameters) {
      throw new RangeError(
        `mlp.restore: snapshot has ${snapshot.weights.length} weights, this network has ${this.#parameters}`,
      );
    }
    this.#assign(Float32Array.from(snapshot.weights));
    this.#version = snapshot.version;
    this.#lastVersion = Math.max(this.#lastVersion, snapshot.version);
  }

  describe(): ModelDescription {
    const { numeric, categorical } = this.#layout;
    const inputs =
      `${this.#width} inputs (${numeric.length} numeric` +
      (categorical.length > 0
        ? ` + ${this.#width - numeric.length} one-hot from ${categorical.length} fields)`
        : ')');
    const hidden = this.#hidden.map((h) => ` -> ${h} ${this.#activation}`).join('');
    return {
      kind: this.kind,
      parameters: this.#parameters,
      version: this.#version,
      detail: `${inputs}${hidden} -> 1 sigmoid; ${this.#optimizer}; tfjs ${tf.getBackend()}`,
    };
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const { w, b } of this.#layers) {
      w.dispose();
      b.dispose();
    }
  }

  /** Glorot-uniform weights from the model.init stream (the same draws on every backend), zero biases. */
  #initialise(): void {
    const rng = stream(this.#seed, 'model.init');
    const values = new Float32Array(this.#parameters);
    let k = 0;
    for (const { fanIn, fanOut } of this.#layers) {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < fanIn * fanOut; i++) values[k++] = rng.uniform(-limit, limit);
      k += fanOut;
    }
    this.#assign(values);
  }

  /** Sets every layer's weights and biases from one flat array in snapshot order. */
  #assign(values: Float32Array): void {
    let k = 0;
    tf.tidy(() => {
      for (const { w, b, fanIn, fanOut } of this.#layers) {
        w.assign(tf.tensor2d(values.subarray(k, (k += fanIn * fanOut)), [fanIn, fanOut]));
        b.assign(tf.tensor1d(values.subarray(k, (k += fanOut))));
      }
    });
  }

  #forward(x: tf.Tensor2D): tf.Tensor2D {
    const last = this.#layers.length - 1;
    let h = x;
    for (const [l, { w, b }] of this.#layers.entries()) {
      // Fused matMul + bias (+ relu) is one kernel call; tfjs has no fused gradient for tanh.
      const fused = l < last && this.#activation === 'relu' ? 'relu' : 'linear';
      h = tf.fused.matMul({ a: h, b: w, bias: b, activation: fused }) as tf.Tensor2D;
      if (l < last && this.#activation === 'tanh') h = tf.tanh(h);
    }
    return h;
  }

  /**
   * Mean log loss of the logits against y. Its gradient is written out, (sigmoid(z) - y) / n, so the
   * tape holds one node instead of the eight elementwise ops of the stable formula.
   */
  #loss(x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
    const n = x.shape[0];
    const logLoss = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const z = inputs[0] as tf.Tensor;
      (inputs[1] as tf.GradSaveFunc)([z]);
      // log(1 + e^z) - y z, computed stably as max(z, 0) - y z + log1p(e^-|z|).
      const value = tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))));
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.mul(dy, tf.div(tf.sub(tf.sigmoid(saved[0]!), y), n));
      return { value, gradFunc };
    });
    return logLoss(this.#forward(x)) as tf.Scalar;
  }

  /** Logits of the n rows in the input buffer. */
  #logits(n: number): Float32Array {
    const z = tf.tidy(() =>
      this.#forward(tf.tensor2d(this.#inputs.subarray(0, n * this.#width), [n, this.#width])),
    );
    try {
      return z.dataSync() as Float32Array; // a copy out of the wasm heap
    } finally {
      z.dispose();
    }
  }

  /** Mean log loss over all rows of a set, from logits (stable for confident predictions). */
  #logLoss(batch: FeatureBatch, labels: Float32Array): number {
    const rows = batch.rows;
    const chunk = this.#chunk;
    let total = 0;
    for (let start = 0; start < rows; start += chunk) {
      const n = Math.min(chunk, rows - start);
      this.#fillInputs(batch, null, start, n);
      const z = this.#logits(n);
      for (let i = 0; i < n; i++) {
        const zi = z[i]!;
        total += Math.max(zi, 0) - labels[start + i]! * zi + Math.log1p(Math.exp(-Math.abs(zi)));
      }
    }
    return total / rows;
  }

  /** Writes rows (order[start..start+n) or start..start+n) of the batch as input rows 0..n. */
  #fillInputs(batch: FeatureBatch, order: Int32Array | null, start: number, n: number): void {
    const width = this.#width;
    const d = this.#numeric;
    const fields = this.#catSize.length;
    if (this.#inputs.length < n * width) this.#inputs = new Float32Array(n * width);
    const buf = this.#inputs;
    const { dense, cats } = batch;
    for (let i = 0; i < n; i++) {
      const r = order === null ? start + i : order[start + i]!;
      const o = i * width;
      for (let j = 0; j < d; j++) buf[o + j] = dense[r * d + j]!;
      if (fields === 0) continue;
      buf.fill(0, o + d, o + width);
      for (let f = 0; f < fields; f++) {
        const c = cats[r * fields + f]!;
        // -1 is "no value"; anything else outside the field's range is treated the same.
        if (c >= 0 && c < this.#catSize[f]!) buf[o + this.#catOffset[f]! + c] = 1;
      }
    }
  }

  #checkLayout(layout: FeatureLayout): void {
    if (layout === this.#layout) return;
    const ok =
      layout.numeric.length === this.#numeric &&
      layout.categorical.length === this.#catSize.length &&
      layout.categorical.every((c, f) => c.size === this.#catSize[f]);
    if (!ok) throw new RangeError('mlp: the batch layout differs from the layout the model was built for');
  }

  #checkAlive(): void {
    if (this.#disposed) throw new Error('mlp: the model was disposed');
  }
}

function checkFitOptions({ epochs, batchSize, learningRate, l2 }: FitOptions): void {
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`mlp.fit: epochs: expected an integer >= 0, got ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`mlp.fit: batchSize: expected a positive integer, got ${batchSize}`);
  }
  if (!(learningRate > 0)) throw new RangeError(`mlp.fit: learningRate: expected > 0, got ${learningRate}`);
  if (!(l2 >= 0)) throw new RangeError(`mlp.fit: l2: expected >= 0, got ${l2}`);
}
