// The worker's session, without a worker: a hand-driven clock decides when slices run, so batching,
// pacing, pause and step, failures and the comparison mode are checked deterministically.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run } from '../../src/core/engine/run.ts';
import { comparisonResult } from '../../src/core/evaluate/compare.ts';
import { withoutGuardrails } from '../../src/core/evaluate/variant.ts';
import type { Batch } from '../../src/protocol/sim.ts';
import { FLUSH_MS, type Scheduler, SimSession } from '../../src/worker/session.ts';
import { ROOT, scenario } from '../support/scenarios.ts';

/** A clock that only moves when told; `later` callbacks wait in a queue until `drain`. */
class ManualClock implements Scheduler {
  time = 0;
  queue: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.time;
  }
  later(fn: () => void, ms: number): () => void {
    const entry = { at: this.time + ms, fn };
    this.queue.push(entry);
    return () => {
      this.queue = this.queue.filter((e) => e !== entry);
    };
  }
  /** Run queued callbacks in time order, each `tickMs` of work later than the last, until none is left. */
  drain(tickMs: number, limit = 100_000): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) {
      this.queue.sort((a, b) => a.at - b.at);
      const e = this.queue.shift()!;
      this.time = Math.max(this.time, e.at) + tickMs;
      e.fn();
    }
  }
}

/** Every now() call advances the clock: each tick "costs" `ms`. */
class BusyClock extends ManualClock {
  constructor(readonly ms: number) {
    super();
  }
  override now(): number {
    this.time += this.ms;
    return this.time;
  }
}

function library(name: string, edit: (j: Record<string, unknown>) => void = () => {}): unknown {
  const json = JSON.parse(readFileSync(resolve(ROOT, `scenarios/${name}.json`), 'utf8'));
  edit(json);
  return json;
}

function session(clock: Scheduler): { s: SimSession; batches: Batch[] } {
  const s = new SimSession({}, 'test', clock);
  const batches: Batch[] = [];
  s.subscribe((b) => batches.push(b));
  return { s, batches };
}

/** The default scenario in 40 ticks and 600 users, its preference shift at tick 20. */
const small = (j: Record<string, unknown>) => {
  j.ticks = 40;
  (j.population as Record<string, unknown>).users = 600;
  (j.events as Record<string, unknown>[])[0]!.at = 20;
};

describe('SimSession', () => {
  test('plays to the end in batches at most one per frame; every tick arrives once, in order', async () => {
    const clock = new BusyClock(1);
    const { s, batches } = session(clock);
    const loaded = await s.load(library('recommender-trend-shift', small));
    expect(loaded.ok).toBe(true);
    s.setSpeed('max');
    s.play();
    clock.drain(0);
    const ticks = batches.flatMap((b) => b.frames.map((f) => f.tick));
    expect(ticks).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(batches.at(-1)!.status).toBe('done');
    expect(batches.at(-1)!.evaluation).toBeDefined();
    expect(batches.length).toBeGreaterThan(1);
    // Batches (but the final one, which always goes out) are at least a frame apart in clock time.
    const times: number[] = [];
    const clock2 = new BusyClock(1);
    const two = session(clock2);
    two.s.subscribe(() => times.push(clock2.time));
    await two.s.load(library('recommender-trend-shift', small));
    two.s.setSpeed('max');
    two.s.play();
    clock2.drain(0);
    for (let i = 1; i < times.length - 1; i++)
      expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(FLUSH_MS);
    // The same ticks as a headless run.
    const headless = await run(scenario(library('recommender-trend-shift', small)), { version: 'test' });
    expect(s.result()!.metrics.trueAuc).toEqual(headless.metrics.trueAuc);
  });

  test('pause stops between slices; step runs one tick; a failure is reported and reset recovers', async () => {
    const clock = new BusyClock(1);
    const { s, batches } = session(clock);
    await s.load(library('recommender-trend-shift', small), { failAt: 5 });
    s.step();
    s.step();
    expect(batches.map((b) => [b.frames.map((f) => f.tick), b.status])).toEqual([
      [[0], 'paused'],
      [[1], 'paused'],
    ]);
    s.setSpeed('max');
    s.play();
    clock.drain(0);
    const last = batches.at(-1)!;
    expect(last.status).toBe('error');
    expect(last.error).toBe('injected failure at tick 5 (test hook)');
    expect(last.next).toBe(5);
    const info = await s.reset();
    s.play();
    clock.drain(0);
    expect(batches.at(-1)!.runId).toBe(info.runId);
    expect(batches.at(-1)!.status).toBe('done');
  });

  test('comparing: the run without guardrails steps beside the run, and the outcome is the headless comparison', async () => {
    const clock = new BusyClock(1);
    const { s, batches } = session(clock);
    // The first of its two faults only (a unit change at tick 40).
    const json = library('guardrail-input-gate', (j) => {
      j.ticks = 60;
      j.events = (j.events as unknown[]).slice(0, 1);
    });
    const loaded = await s.load(json);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.info.canCompare).toBe(true);
    expect(loaded.info.counterfactual).toBeNull();
    expect(s.comparison()).toBeNull();
    const info = await s.setCompare(true);
    expect(info!.counterfactual?.label).toBe('guardrails off');
    s.setSpeed('max');
    s.play();
    clock.drain(0);
    const mine = batches.filter((b) => b.runId === info!.runId);
    const frames = mine.flatMap((b) => b.frames);
    expect(frames.length).toBe(60);
    expect(frames.every((f) => f.counterfactual !== undefined)).toBe(true);
    const base = await run(scenario(json), { version: 'test' });
    const variant = await run(withoutGuardrails(scenario(json)), { version: 'test' });
    expect(frames.map((f) => f.counterfactual!.expectedCtr)).toEqual(variant.metrics.expectedCtr);
    expect(frames.map((f) => f.metrics.expectedCtr)).toEqual(base.metrics.expectedCtr);
    const headless = comparisonResult(base, variant);
    const summary = mine.at(-1)!.comparison!;
    expect(summary.firstDifference).toBe(headless.comparison.firstDifference);
    expect(summary.metrics.expectedCtr!.regret).toBe(headless.comparison.metrics.expectedCtr!.regret);
    expect(summary.metrics.expectedCtr).not.toHaveProperty('diff');
    expect(JSON.stringify(s.comparison())).toBe(JSON.stringify(headless));
    // A scenario without guardrails has nothing to compare, even with the comparison on.
    const plain = await s.load(library('recommender-trend-shift', small));
    expect(plain.ok && plain.info.canCompare).toBe(false);
    expect(plain.ok && plain.info.counterfactual).toBeNull();
  });
});
