// A monitor as the engine runs it: once per tick it reads its declared input from the tick's data and
// yields a reading (its statistic, the levels it compares with) and a state.
import type { PipelineConfig } from '../pipeline/config.ts';
import type { PipelineStats } from '../pipeline/transform.ts';
import type { TransformVersionName } from '../pipeline/versions.ts';
import type { RawBatch, RawSchema } from '../world/types.ts';

export const OK = 0;
export const WARNING = 1;
export const ALARM = 2;
export type MonitorState = typeof OK | typeof WARNING | typeof ALARM;

/** What a monitor may read at the end of a tick (step 10 of the story). */
export interface TickInputs {
  tick: number;
  /** The tick's metrics by name (NaN where a metric has no value this tick). */
  metric(name: string): number;
  /** Per-row 0/1 errors of the labels released this tick, in release order. */
  rowErrors: ArrayLike<number>;
  rowErrorCount: number;
  /** The task's raw record schema. */
  schema: RawSchema;
  /** This tick's raw records of every candidate row, as the serving pipeline received them (after faults). */
  raw: RawBatch;
  /** The model's scores of those rows (prediction drift reads these). */
  scores: Float32Array;
  rows: number;
  /**
   * This tick's served entries: the candidate row of each (`row[e]`, e < count) and whether its
   * label will be released (`labelled[e]`). The labelled ones are the population the training set
   * (the reference) is drawn from. Absent in hand-made inputs: monitors then read every row.
   */
  served?: ServedEntries;
  /** The reference data: the training set of the last full fit. */
  reference: ReferenceData;
  /** The pipeline, its fitted statistics and the versions on each side (train/serve skew checks). */
  pipeline: PipelineConfig;
  pipelineStats: PipelineStats;
  servingVersion: TransformVersionName;
  trainingVersion: TransformVersionName;
}

/** A tick's served entries: the candidate row of each and whether its label will be released. */
export interface ServedEntries {
  count: number;
  row: Int32Array;
  labelled: Uint8Array;
}

/** The training set of the model's last full fit, kept for window monitors and validation. */
export interface ReferenceData {
  raw: RawBatch;
  rows: number;
  labels: Float32Array;
  /** The model's scores on the reference rows right after that fit. */
  scores: Float32Array;
  /** Increments at every full fit, so a monitor knows its reference changed. */
  version: number;
  /** Tick of that fit. */
  tick: number;
}

export interface MonitorRuntime {
  readonly id: string;
  readonly kind: string;
  readonly input: string;
  update(inputs: TickInputs): void;
  /** State after this tick's update. */
  readonly state: MonitorState;
  /** True when this tick raised an alarm (a detector's drift, or a level monitor entering alarm). */
  readonly fired: boolean;
  readonly statistic: number;
  readonly warningLevel: number;
  readonly alarmLevel: number;
  /**
   * Optional: what the reading means right now in words (e.g. which field and check of a validation
   * monitor fired). Built when read, so reading it may allocate; updating never does.
   */
  readonly detail?: string;
}

/** The per-row streams a monitor may take as input, beside the per-tick metrics. */
export const ROW_STREAMS = {
  rowErrors:
    'per-row 0/1 errors of the labels released this tick (recommender: the shown item was not clicked)',
} as const;
