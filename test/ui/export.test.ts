import { describe, expect, test } from 'vitest';
import { metricsCsv } from '../../src/cli/commands/run.ts';
import { run, Simulation } from '../../src/core/engine/run.ts';
import { runLogCsv } from '../../src/core/engine/run-log.ts';
import type { ComparisonSummary, LiveEvaluation, RunInfo } from '../../src/protocol/sim.ts';
import { fingerprint, resultCsv, resultJson, runStem } from '../../src/ui/export.ts';
import { qualitySeries, RunHistory } from '../../src/ui/history.ts';
import {
  caughtLabels,
  comparisonText,
  incidentBands,
  matrixData,
  qualityData,
} from '../../src/ui/view-model.ts';
import { defaultWith } from '../support/scenarios.ts';

const small = defaultWith({
  ticks: 40,
  population: { users: 400 },
  events: [
    { kind: 'preference.shift', at: 20, duration: 5, segment: 'enthusiasts', topic: 6, strength: 0.8 },
  ],
});

describe('resultCsv(result)', () => {
  test('is byte for byte the CSV of the live run log (what the CLI and the app both write)', async () => {
    const sim = await Simulation.create(small);
    while (!sim.done) sim.advance();
    const result = sim.result();
    const csv = resultCsv(result);
    expect(csv).toBe(runLogCsv(sim.log));
    expect(metricsCsv).toBe(resultCsv);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(41);
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['tick', 'trueAuc']);
  });

  test('writes missing values as empty cells and quotes awkward names', () => {
    const csv = resultCsv({
      ticks: 2,
      metrics: { 'a,b': [1, null] },
      monitors: { m: { statistic: [null, 0.5], state: [0, 2] } },
    } as never);
    expect(csv).toBe('tick,"a,b",m.statistic,m.state\n0,1,,0\n1,,0.5,2\n');
  });
});

describe('resultJson(result), fingerprint(text) and runStem(scenario)', () => {
  test('JSON parses back to the result; equal texts have equal fingerprints', async () => {
    const a = await run(small);
    const b = await run(small);
    expect(JSON.parse(resultJson(a))).toEqual(JSON.parse(JSON.stringify(a)));
    expect(fingerprint(resultJson(a))).toBe(fingerprint(resultJson(b)));
    expect(fingerprint(resultJson(a))).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint('a')).not.toBe(fingerprint('b'));
    expect(fingerprint('')).toBe('811c9dc5');
  });

  test('file names are safe', () => {
    expect(runStem({ id: 'recommender-trend-shift', seed: 7 })).toBe('recommender-trend-shift-seed7');
    expect(runStem({ id: 'a b/c', seed: 0 })).toBe('a_b_c-seed0');
  });
});

describe('RunHistory and the chart data built from it', () => {
  const info: RunInfo = {
    runId: 1,
    scenario: small,
    ticks: 10,
    metrics: ['trueAuc', 'observedAuc', 'estimatedAuc', 'retrained'],
    monitors: [{ id: 'm1', kind: 'ddm', input: 'rowErrors' }],
    incidents: [
      {
        id: 'e1',
        cause: 'preference',
        kind: 'preference.shift',
        label: 'shift',
        start: 4,
        end: 6,
        affects: [],
      },
    ],
    features: [],
    segments: [],
    modelKind: 'logistic',
    data: { distribution: null, fields: [], validation: [] },
    population: { outcome: 'click rate', segments: [], projection: null },
    canCompare: false,
    counterfactual: null,
  };
  const frame = (tick: number, fired = false) => ({
    tick,
    metrics: { trueAuc: tick / 4, observedAuc: null, estimatedAuc: 0.6, retrained: tick === 3 ? 1 : 0 },
    monitors: [{ id: 'm1', statistic: tick, state: fired ? 2 : 0, fired }],
    openIncidents: [],
    levels: [{ warning: 5, alarm: null }],
  });

  test('append(frames) fills the columns; alarms and flags are read back', () => {
    const h = new RunHistory(10, info.metrics, ['m1']);
    h.append([frame(0), frame(1), frame(2)]);
    h.append([frame(3), frame(4), frame(5, true)]);
    expect(h.length).toBe(6);
    expect(Array.from(h.metrics.trueAuc!.subarray(0, 3))).toEqual([0, 0.25, 0.5]);
    expect(Number.isNaN(h.metrics.observedAuc![0]!)).toBe(true);
    expect(h.monitors.m1!.alarms).toEqual([5]);
    expect(h.monitors.m1!.warning[2]).toBe(5);
    expect(Number.isNaN(h.monitors.m1!.alarm[2]!)).toBe(true);
    expect(h.flagged('retrained')).toEqual([3]);
  });

  test('qualitySeries(metrics, qualityMetric) pairs the true metric with its observed and estimated kin', () => {
    expect(qualitySeries(['trueAuc', 'observedAuc', 'estimatedAuc'], 'trueAuc')).toEqual({
      truth: 'trueAuc',
      observed: 'observedAuc',
      estimated: 'estimatedAuc',
    });
    expect(qualitySeries(['trueLogLoss', 'observedLogLoss', 'observedAuc'], 'trueLogLoss')).toEqual({
      truth: 'trueLogLoss',
      observed: 'observedLogLoss',
      estimated: null,
    });
  });

  test('incident bands appear once started and end at the latest tick; the matrix watches, then misses', () => {
    expect(incidentBands(info, null, 4)).toEqual([]);
    expect(incidentBands(info, null, 6)).toEqual([
      { id: 'e1', start: 4, end: 5, cause: 'preference', label: 'shift' },
    ]);
    const live = (ticks: number, delay: number | null): LiveEvaluation => ({
      ticks,
      incidents: info.incidents,
      evaluation: {
        maxDelay: 30,
        ticks,
        monitors: [
          { monitor: 'm1', baseline: false, falseAlarms: 1 } as never,
          { monitor: 'baseline:never', baseline: true, falseAlarms: 0 } as never,
        ],
        catchMatrix: [{ incident: 'e1', delays: { m1: delay, 'baseline:never': null } }],
      } as unknown as LiveEvaluation['evaluation'],
    });
    const upcoming = matrixData(info, null, 2, false);
    expect(upcoming.cells).toEqual([['upcoming']]);
    const watching = matrixData(info, live(8, null), 8, false);
    expect(watching.cells).toEqual([['watching', 'watching']]);
    expect(watching.columns.map((c) => c.falseAlarms)).toEqual([1, 0]);
    expect(matrixData(info, live(8, null), 8, true).cells).toEqual([['missed', 'missed']]);
    expect(matrixData(info, live(8, 1), 8, true).cells).toEqual([[1, 'missed']]);
    expect(caughtLabels('m1', live(8, 1), 8)).toEqual([
      { tick: 5, text: 'caught +1', title: 'caught e1 +1' },
    ]);
    expect(caughtLabels('m1', live(8, 1), 5)).toEqual([]);
  });

  test('guardrail actions become markers; a lasting one a span until the next action or now', () => {
    const guarded: RunInfo = {
      ...info,
      scenario: {
        ...small,
        guardrails: [{ kind: 'circuitBreaker', id: 'breaker' }, { kind: 'inputGate' }] as never,
      },
    };
    const h = new RunHistory(10, info.metrics, ['m1']);
    const act = (tick: number, guardrail: string, action: string, mode = 'active') => ({
      ...frame(tick),
      actions: [{ tick, guardrail, action, reason: 'test', mode: mode as 'active' | 'shadow' }],
    });
    h.append([act(0, 'inputGate', 'gate-on', 'shadow'), frame(1), act(2, 'breaker', 'open'), frame(3)]);
    h.append([act(4, 'breaker', 'close'), frame(5)]);
    const q = qualityData(guarded, h, null);
    expect(q.guardrails).toBe(true);
    expect(q.markers.filter((m) => m.kind === 'guardrail').map((m) => [m.tick, m.shadow])).toEqual([
      [0, true],
      [2, false],
      [4, false],
    ]);
    // The gate is still on (up to the latest tick); the breaker was open from 2 until it closed at 4.
    expect(q.spans?.map((s) => [s.id, s.start, s.end, s.shadow])).toEqual([
      ['inputGate:0:gate-on', 0, 5, true],
      ['breaker:2:open', 2, 4, false],
    ]);
    expect(q.spans![0]!.colour).not.toBe(q.spans![1]!.colour);
    expect(qualityData(info, h, null).guardrails).toBe(false);
  });

  test('a comparison overlays the run without guardrails: its true quality, and which way is better', () => {
    const comparing: RunInfo = { ...info, counterfactual: { label: 'guardrails off', metrics: ['trueAuc'] } };
    const h = new RunHistory(10, info.metrics, ['m1'], ['trueAuc']);
    h.append([0, 1, 2].map((t) => ({ ...frame(t), counterfactual: { trueAuc: 0.5 } })));
    const q = qualityData(comparing, h, null);
    expect(q.counterfactual?.better).toBe('higher');
    expect(Array.from(q.counterfactual!.values).slice(0, 4)).toEqual([0.5, 0.5, 0.5, Number.NaN]);
    expect(qualityData(info, h, null).counterfactual).toBeNull();
  });
});

describe('comparisonText(summary): the comparison in plain words', () => {
  const metric = (
    baseMean: number,
    variantMean: number,
    regret: number,
    firstDifference: number | null = 3,
  ) =>
    ({
      metric: '',
      better: 'higher',
      ticks: 10,
      area: -regret,
      regret,
      baseMean,
      variantMean,
      firstDifference,
    }) as const;
  const recovery = (status: string, ticks: number | null) =>
    ({ status, left: null, back: null, ticks }) as never;
  const summary = (over: Partial<ComparisonSummary>): ComparisonSummary =>
    ({
      ticks: 10,
      seed: 1,
      qualityMetric: 'expectedCtr',
      changes: [],
      firstDifference: 3,
      metrics: {},
      bands: {} as never,
      incidents: [],
      cost: [],
      ...over,
    }) as ComparisonSummary;

  test('who gained by the sign of the regret; totals for value metrics only; recoveries where either run was hit', () => {
    const text = comparisonText(
      summary({
        metrics: {
          expectedCtr: metric(0.51, 0.48, 0.3),
          value: metric(534, 490, 440),
          ctr: metric(0.5, 0.52, -0.2),
        },
        incidents: [
          {
            incident: 'e1',
            in: 'both',
            base: recovery('unaffected', 0),
            variant: recovery('recovered', 11),
          } as never,
          {
            incident: 'e2',
            in: 'both',
            base: recovery('unaffected', 0),
            variant: recovery('unaffected', 0),
          } as never,
          {
            incident: 'q1',
            in: 'variant',
            base: recovery('unaffected', 0),
            variant: recovery('recovered', 7),
          } as never,
        ],
      }),
    );
    expect(text).toBe(
      'Guardrails on vs off, same seed: expectedCtr 0.5100 with, 0.4800 without, a tick on average (guardrails helped)' +
        ' · value 534 with, 490 without, a tick on average (guardrails helped: +440 over the run)' +
        ' · ctr 0.5000 with, 0.5200 without, a tick on average (guardrails cost)' +
        ' · time to recover: e1 unaffected with, 11 ticks without · first difference at tick 3.',
    );
  });

  test('identical runs say so', () => {
    const text = comparisonText(
      summary({ firstDifference: null, metrics: { expectedCtr: metric(0.5, 0.5, 0, null) } }),
    );
    expect(text).toBe(
      'Guardrails on vs off, same seed: expectedCtr 0.5000 with, 0.5000 without, a tick on average (identical) · the runs are identical.',
    );
  });
});
