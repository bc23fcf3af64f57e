// How the guardrails act, on small worlds: the latch and the switch behind start/stop actions, the randomized
// holdout, exploration raised on alarm, the input gate's rejections, the recommender's exposure
// floor, and where actions show up (run result, snapshots, metric columns).
import { describe, expect, it } from 'vitest';
import { run, Simulation } from '../../../src/core/engine/run.ts';
import { Latch, STARTED, STOPPED, Switch } from '../../../src/core/guardrails/common.ts';
import { GuardrailSet } from '../../../src/core/guardrails/set.ts';
import type { Guardrail, GuardrailHost } from '../../../src/core/guardrails/types.ts';
import { ALARM, OK, WARNING } from '../../../src/core/monitors/types.ts';
import { scenario } from '../../support/scenarios.ts';
import { library, meanOver } from './paired.ts';

const small = (over: Record<string, unknown>) =>
  scenario(
    library('recommender-trend-shift', {
      ticks: 40,
      population: { users: 500 },
      events: [],
      ...over,
    }),
  );

describe('Latch', () => {
  it('until "cooldown": on at a trigger, off `cooldown` ticks later whatever the monitors say', () => {
    const l = new Latch();
    const trace = [true, true, true, true, false, true].map((x, t) => l.step(t, x, 3, 'cooldown'));
    expect(trace).toEqual([STARTED, 0, 0, STOPPED, 0, STARTED]);
  });

  it('until "clear": off once no trigger has come for `cooldown` ticks', () => {
    const l = new Latch();
    const trace = [true, false, true, false, false, false, false].map((x, t) => l.step(t, x, 2, 'clear'));
    expect(trace).toEqual([STARTED, 0, 0, 0, STOPPED, 0, 0]);
  });
});

describe('Switch', () => {
  // One monitor whose state each tick sets; the actions land in a real GuardrailSet.
  const monitor = { id: 'm', state: OK as number, fired: false, statistic: Number.NaN, detail: '' };
  const host = { monitors: [monitor] } as unknown as GuardrailHost;
  const g: Guardrail = { id: 'g', kind: 'test', mode: 'active', metrics: [] };
  const drive = (sw: Switch, states: number[]) => {
    const set = new GuardrailSet([]);
    const on: boolean[] = [];
    const trace = states.map((state, t) => {
      sw.always(t, g, set);
      monitor.state = state;
      const change = sw.react(host, t, g, set);
      on.push(sw.on);
      return change;
    });
    return { trace, on, actions: set.actionLog(states.length) };
  };
  const action = (tick: number, a: string, reason: string, end?: number) => ({
    tick,
    guardrail: 'g',
    action: a,
    reason,
    mode: 'active',
    ...(end === undefined ? {} : { end }),
  });

  it('until "clear": starts with the monitor and the detail as its reason, stops once clear for `cooldown` ticks', () => {
    const sw = new Switch(
      { monitors: ['m'], level: 'alarm', cooldown: 2 },
      { on: 'x-on', off: 'x-off', detail: '; more', always: 'unused' },
    );
    // A warning does not trigger at level alarm.
    const r = drive(sw, [WARNING, ALARM, OK, ALARM, OK, WARNING, OK, OK]);
    expect(r.trace).toEqual([0, STARTED, 0, 0, 0, STOPPED, 0, 0]);
    expect(r.on).toEqual([false, true, true, true, true, false, false, false]);
    expect(r.actions).toEqual([
      action(1, 'x-on', 'm in alarm; more', 5),
      action(5, 'x-off', 'monitors clear for 2 tick(s)'),
    ]);
  });

  it('until "cooldown", at level warning; an action applying after react was last in effect the tick before it stopped', () => {
    const sw = new Switch(
      { monitors: ['m'], level: 'warning', cooldown: 0, until: 'cooldown' },
      { on: 'x-on', off: 'x-off', stopsAtOnce: true },
    );
    const r = drive(sw, [WARNING, WARNING, OK, ALARM]);
    // A cool-down of 0 lasts 1 tick.
    expect(r.trace).toEqual([STARTED, STOPPED, 0, STARTED]);
    expect(r.actions).toEqual([
      action(0, 'x-on', 'm in warning', 0),
      action(1, 'x-off', 'cool-down of 1 tick(s) over'),
      action(3, 'x-on', 'm in alarm', 3),
    ]);
  });

  it('with no trigger monitors: on from tick 0 for the whole run, whatever happens', () => {
    const sw = new Switch({ monitors: [], level: 'alarm', cooldown: 3 }, { on: 'x-on', off: 'x-off' });
    const r = drive(sw, [ALARM, OK, ALARM]);
    expect(r.trace).toEqual([0, 0, 0]);
    expect(r.on).toEqual([true, true, true]);
    expect(r.actions).toEqual([action(0, 'x-on', 'always on', 2)]);
  });
});

describe('exploration', () => {
  it('a randomized holdout: the same users served at random every tick, logged as explored', async () => {
    const r = await run(
      small({
        guardrails: [{ id: 'h', kind: 'exploration', epsilon: 0, holdout: 0.3 }],
      }),
    );
    const share = meanOver(r.metrics.explored, 0, 40);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    // Without it nothing is explored (model.exploration is 0); the unbiased AUC is measured on the slice.
    const none = await run(small({}));
    expect(meanOver(none.metrics.explored, 0, 40)).toBe(0);
    expect(meanOver(r.metrics['guardrail.h.exploredAuc'], 10, 40)).toBeGreaterThan(0.55);
    expect(r.actions).toMatchObject([{ tick: 0, guardrail: 'h', action: 'explore-on' }]);
  });

  it('epsilon raised only while a monitor alarms (and for the cool-down after)', async () => {
    const r = await run(
      small({
        monitors: [
          {
            id: 'late',
            kind: 'threshold',
            input: 'sessions',
            alarmAbove: 0,
            patience: 1,
          },
        ],
        events: [],
        guardrails: [
          {
            id: 'e',
            kind: 'exploration',
            epsilon: 0.5,
            monitors: ['late'],
            cooldown: 5,
          },
        ],
      }),
    );
    // The threshold alarms from tick 0: exploration starts at tick 1 (decided at step 11 of tick 0).
    expect(r.metrics.explored![0]).toBe(0);
    expect(meanOver(r.metrics.explored, 1, 40)).toBeGreaterThan(0.4);
    expect(r.metrics['guardrail.e.active']!.slice(0, 3)).toEqual([0, 1, 1]);
    // It never clears: one start, in effect to the end of the run.
    expect(r.actions).toEqual([
      {
        tick: 0,
        guardrail: 'e',
        action: 'explore-on',
        reason: expect.stringMatching(/^late in alarm.*; epsilon 0\.5$/),
        mode: 'active',
        end: 39,
      },
    ]);
    // Validation alarms during a 5-day unit change (ticks 20-24): raised from tick 21 to 5 ticks
    // after the last alarm, then back to no exploration at all.
    const fault = await run(
      small({
        events: [{ kind: 'fault.unitChange', at: 20, duration: 5, field: 'itemCtr', factor: 100 }],
        monitors: [{ id: 'validation', kind: 'validation', input: 'raw' }],
        guardrails: [{ id: 'e', kind: 'exploration', epsilon: 0.5, monitors: ['validation'], cooldown: 5 }],
      }),
    );
    expect(fault.actions.map((a) => [a.tick, a.action, a.end])).toEqual([
      [20, 'explore-on', 29],
      [29, 'explore-off', undefined],
    ]);
    expect(fault.actions[1]!.reason).toBe('monitors clear for 5 tick(s)');
    const active = fault.metrics['guardrail.e.active']!;
    expect(active.map((x, t) => (x === 1 ? t : -1)).filter((t) => t >= 0)).toEqual([
      21, 22, 23, 24, 25, 26, 27, 28, 29,
    ]);
    expect(meanOver(fault.metrics.explored, 21, 30)).toBeGreaterThan(0.4);
    expect(meanOver(fault.metrics.explored, 0, 21) + meanOver(fault.metrics.explored, 30, 40)).toBe(0);
  });
});

describe('inputGate (reject)', () => {
  it('sessions with a failing row are served the baseline; the counts are metrics', async () => {
    const s = small({
      events: [
        {
          kind: 'fault.unitChange',
          at: 20,
          duration: 5,
          field: 'itemCtr',
          factor: 100,
        },
      ],
      guardrails: [{ id: 'g', kind: 'inputGate', action: 'reject', fields: ['itemCtr'] }],
    });
    const r = await run(s);
    const rejected = r.metrics['guardrail.g.rejected']!;
    expect(rejected.slice(0, 20).every((x) => x === 0)).toBe(true);
    // During the fault every session has a failing candidate: all of them are rejected.
    for (let t = 20; t < 25; t++) expect(rejected[t]).toBe(r.metrics.sessions![t]);
    expect(r.metrics['guardrail.g.imputed']!.every((x) => x === 0)).toBe(true);
  });
});

describe('exposureFloor in the recommender', () => {
  it("raises the least-shown topic's share toward the floor", async () => {
    const floor = 0.08;
    const r = await run(
      small({
        ticks: 60,
        guardrails: [{ id: 'f', kind: 'exposureFloor', floor }],
      }),
    );
    const none = await run(
      small({
        ticks: 60,
        guardrails: [{ id: 'f', kind: 'exposureFloor', floor, mode: 'shadow' }],
      }),
    );
    const withMin = meanOver(r.metrics['guardrail.f.minShare'], 30, 60);
    const withoutMin = meanOver(none.metrics['guardrail.f.minShare'], 30, 60);
    expect(withMin).toBeGreaterThan(withoutMin + 0.01);
    expect(meanOver(r.metrics.diversity, 30, 60)).toBeGreaterThan(meanOver(none.metrics.diversity, 30, 60));
    expect(meanOver(r.metrics['guardrail.f.boost'], 30, 60)).toBeGreaterThan(1);
  });
});

describe('where actions show up', () => {
  it('in the run result, in the tick snapshots, and as metric columns', async () => {
    const s = small({
      monitors: [{ id: 'always', kind: 'threshold', input: 'sessions', alarmAbove: 0 }],
      guardrails: [
        {
          id: 'fb',
          kind: 'fallback',
          monitors: ['always'],
          until: 'cooldown',
          cooldown: 10,
        },
      ],
    });
    const sim = await Simulation.create(s);
    const snaps = [];
    while (!sim.done) snaps.push(sim.step());
    const result = sim.result();
    expect(result.actions.map((a) => [a.tick, a.action])).toEqual([
      [0, 'fallback-on'],
      [10, 'fallback-off'],
      [11, 'fallback-on'],
      [21, 'fallback-off'],
      [22, 'fallback-on'],
      [32, 'fallback-off'],
      [33, 'fallback-on'],
    ]);
    // A lasting action carries the last tick it was in effect; the one still on ends with the run.
    expect(result.actions[0]).toEqual({
      tick: 0,
      guardrail: 'fb',
      action: 'fallback-on',
      reason: expect.stringMatching(/^always in alarm/),
      mode: 'active',
      end: 10,
    });
    expect(result.actions[6]).toMatchObject({ tick: 33, action: 'fallback-on', end: 39 });
    expect(result.actions[1]!.end).toBeUndefined();
    expect(snaps[10]!.actions!.map((a) => a.action)).toEqual(['fallback-off']);
    expect(snaps[0]!.actions![0]!.end).toBeUndefined();
    expect(snaps[5]!.actions).toEqual([]);
    // Served by the baseline from tick 1 to tick 10 (decided at the end of tick 0).
    expect(result.metrics['guardrail.fb.active']!.slice(0, 12)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });
});
