// What the story needs from a task (recommender, fraud, ads). A task owns its world's columns and
// implements the world's side of each step; the engine owns the model, the pipeline, the logs and
// the monitors, and passes data between them (engine/step.ts). Adding a task is a folder under
// world/ with a config schema, a class implementing TaskWorld, and a line in world/tasks.ts.
import type { MetricDef } from '../engine/metrics.ts';
import type { Rng } from '../rng.ts';
import type { RawBatch, RawSchema } from './types.ts';

/**
 * The decisions of one tick. Each session has `perSession` served entries (the shown slate of a
 * recommender, the one transaction of a fraud check); each entry names its candidate row.
 */
export interface Decisions {
  perSession: number;
  /** sessions x perSession entries in use. */
  count: number;
  /** Candidate row of each entry. */
  row: Int32Array;
  /** Task-defined action of each entry (recommender/ads: 1 shown; fraud: 1 blocked, 0 allowed). */
  action: Uint8Array;
  /** 1 when the entry's outcome will be observed as a label after the delay (fraud: allowed only). */
  labelled: Uint8Array;
  /** True outcome of each entry (click, fraud), written by respond(). */
  outcome: Uint8Array;
  /** Per session: 1 when served at random (the exploration slice). */
  explored: Uint8Array;
  /**
   * Per session, set before decide() by the guardrails (absent or all SERVE_MODEL without any): how
   * the session is served. Read only after launch.
   */
  mode?: Uint8Array;
}

/** decide(): the policy on the model's scores (the exploration draw applies as usual). */
export const SERVE_MODEL = 0;
/**
 * decide(): the task's simple model-free baseline (fallback, input-gate rejections): recommender,
 * the candidates with the highest observed item CTR (popularity); fraud, rules on the raw record;
 * ads, uniform (a random ad, shown with probability adLoad whatever the bid).
 */
export const SERVE_BASELINE = 1;
/**
 * decide(): the default decision with no model at all (circuit breaker): recommender, a random
 * candidate; fraud, allow; ads, as the baseline. Not flagged as exploration.
 */
export const SERVE_DEFAULT = 2;
/** decide(): served at random and flagged as exploration (exploration guardrail, randomized holdout). */
export const SERVE_EXPLORE = 3;

/**
 * The served entries of one tick, handed back when their labels are released (the engine's LogBlock
 * without the raw records; read-only).
 */
export interface ReleasedLabels {
  tick: number;
  /** Entries. */
  n: number;
  label: Uint8Array;
  /** 1 when the entry's label is observed (fraud: blocked transactions never are). */
  labelled: Uint8Array;
  score: Float32Array;
  explored: Uint8Array;
  user: Int32Array;
  item: Int32Array;
}

export interface TaskWorld {
  readonly kind: string;
  readonly schema: RawSchema;
  /** Task-specific per-tick metrics (the engine adds the generic quality metrics). */
  readonly metrics: readonly MetricDef[];
  /** What one 0/1 value of the `rowErrors` stream means for this task. */
  readonly rowErrorDoc: string;
  readonly labelDelay: number;
  /** Served entries per session. */
  readonly perSession: number;
  /** Names of the segments, in index order (events and reports refer to them). */
  readonly segmentNames: readonly string[];

  // Per-tick columns the engine reads.
  sessions: number;
  sessionUser: Int32Array;
  readonly raw: RawBatch;
  /** True probability of the positive outcome (click, fraud) of every candidate row. */
  pTrue: Float32Array;

  /** 1. The world's part of the timeline (catalogue growth, seasonality). */
  beginTick(t: number): void;
  /** 2. Who shows up; returns the number of sessions. */
  drawSessions(t: number): number;
  /**
   * 3. Candidate rows with their raw records and true probabilities; returns the row count. Rows
   * are laid out session by session, the same number per session (session s: rows s*k .. s*k+k-1).
   */
  buildRows(t: number): number;
  /**
   * 6. Turn scores into decisions. `launched` false: the random pre-launch policy. After launch,
   * `d.mode` (when present) says per session how to serve it (SERVE_*); the exploration draw
   * (`< exploration`) serves a session at random whatever its mode. The policy's draws from `rng`
   * are the same whatever the scores and the modes.
   */
  decide(scores: Float32Array, launched: boolean, exploration: number, rng: Rng, d: Decisions): void;
  /** 7. Users and the world respond: write outcomes (one draw per entry, whatever was decided). */
  respond(d: Decisions): void;
  /** 8. State changes: fatigue, preferences, churn, adaptation. */
  evolve(t: number, d: Decisions): void;
  /** 8. Released labels reach the platform's histories. */
  observe(t: number, released: ReleasedLabels): void;
  /** 9. Task metrics of this tick, written into m. */
  measure(t: number, scores: Float32Array, d: Decisions, m: Record<string, number>): void;
  /** 9. Task metrics from the labels released this tick (or none). */
  measureReleased(released: ReleasedLabels | undefined, m: Record<string, number>): void;
  /** The 0/1 error of a released label with the score it was decided on. */
  rowError(score: number, label: number): number;
  /** The id logged with an entry (the item shown, the merchant, the ad). */
  itemOf(row: number): number;
  /**
   * Optional (guardrails' exposureFloor): the exposure group of a candidate row, an index into
   * TaskDef.exposureGroups (recommender: the item's topic; ads: the viewer's segment).
   */
  exposureGroup?(row: number): number;
}

/** Share of positive labels among the labelled entries released this tick (NaN when none). */
export function releasedPositiveRate(released: ReleasedLabels | undefined): number {
  let n = 0;
  let pos = 0;
  for (let j = 0; j < (released?.n ?? 0); j++) {
    if (released!.labelled[j] === 0) continue;
    n++;
    pos += released!.label[j]!;
  }
  return n > 0 ? pos / n : Number.NaN;
}
