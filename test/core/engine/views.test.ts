// dataView: the Data panel's per-field health and schema anomalies (presence, type, range, domain,
// scale) of the rows served in the latest tick against the training set of the last fit, and the
// latest detail of the scenario's validation monitors. Small worlds (400 users), a few dozen ticks.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/core/engine/run.ts';
import {
  type DataSummary,
  dataView,
  type FieldHealth,
  SCALE_FACTOR,
} from '../../../src/core/engine/views.ts';
import type { Scenario } from '../../../src/core/scenario/schema.ts';
import { defaultWith } from '../../support/scenarios.ts';

const VALIDATION = { id: 'validation', kind: 'validation', input: 'raw' };

/** The default scenario in a small world, with these events and monitors. */
const small = (events: unknown[], monitors: unknown[] = [VALIDATION], ticks = 40) =>
  defaultWith({ seed: 3, ticks, population: { users: 400 }, events, monitors });

/** dataView after every tick of the run (the histogram of `feature`). */
async function views(sc: Scenario, feature: string | null = null): Promise<DataSummary[]> {
  const sim = await Simulation.create(sc);
  const out: DataSummary[] = [];
  while (!sim.done) {
    sim.advance();
    out.push(dataView(sim, feature));
  }
  return out;
}

const field = (d: DataSummary, name: string): FieldHealth => d.fields.find((f) => f.field === name)!;
const checks = (d: DataSummary, name: string) => field(d, name).anomalies.map((a) => a.check);
/** Fields with at least one anomaly, with their checks. */
const flagged = (d: DataSummary) =>
  Object.fromEntries(
    d.fields.filter((f) => f.anomalies.length > 0).map((f) => [f.field, f.anomalies.map((a) => a.check)]),
  );

describe('dataView: schema anomalies of the served rows against the training set', () => {
  it('the default scenario (small world, a taste shift at day 25) flags no anomaly on any field, tick after tick', async () => {
    const sc = small([
      { kind: 'preference.shift', at: 25, duration: 5, segment: 'enthusiasts', topic: 6, strength: 0.8 },
    ]);
    const ds = await views(sc, 'userTopicCtr');
    expect(ds).toHaveLength(40);
    for (const [t, d] of ds.entries()) expect(flagged(d), `tick ${t}`).toEqual({});
    const d = ds[20]!;
    expect(d.fields.map((f) => f.field)).toEqual([
      'userTopicCtr',
      'userTopicShare',
      'itemCtr',
      'itemAge',
      'recentTopicViews',
      'segment',
      'topic',
    ]);
    // The numbers behind the checks are there, and sane.
    const ctr = field(d, 'userTopicCtr');
    expect(ctr.type).toBe('numeric');
    expect(ctr.referenceRange![0]).toBeLessThan(ctr.referenceRange![1]);
    expect(ctr.medianRatio).toBeGreaterThan(0.5);
    expect(ctr.medianRatio).toBeLessThan(2);
    expect(field(d, 'topic').type).toBe('categorical');
    expect(field(d, 'topic').medianRatio).toBeNull();
    // itemAge grows between refits: values beyond the training max, but within the tolerance.
    expect(Math.max(...ds.map((x) => field(x, 'itemAge').outOfRange))).toBeGreaterThan(0.05);
    expect(Math.max(...ds.map((x) => field(x, 'itemAge').farOutOfRange))).toBe(0);
    // The validation monitor agrees.
    expect(d.validation).toEqual([{ id: 'validation', state: 0, detail: 'all checks pass', fields: [] }]);
  });

  it('without a validation monitor the summary lists none', async () => {
    const ds = await views(small([], [], 3));
    expect(ds[2]!.validation).toEqual([]);
  });

  it('a unit change x100 (a share sent as a percentage) flags scale and range on that field from the first day, not before', async () => {
    const ds = await views(
      small([{ kind: 'fault.unitChange', at: 20, duration: 10, field: 'userTopicCtr', factor: 100 }]),
    );
    for (let t = 0; t < 20; t++) expect(flagged(ds[t]!), `tick ${t}`).toEqual({});
    const d = ds[20]!;
    expect(flagged(d)).toEqual({ userTopicCtr: ['scale', 'range'] });
    const f = field(d, 'userTopicCtr');
    expect(f.medianRatio).toBeGreaterThan(50);
    expect(f.farOutOfRange).toBeGreaterThan(0.9);
    expect(f.anomalies[0]!.short).toMatch(/^scale ×\d+$/);
    expect(f.anomalies[0]!.text).toContain('unit change');
    // The validation monitor's latest detail says the same.
    expect(d.validation[0]!.state).toBe(2);
    expect(d.validation[0]!.fields).toContain('userTopicCtr');
    expect(d.validation[0]!.detail).toContain('range userTopicCtr');
    expect(ds[19]!.validation[0]!.detail).toBe('all checks pass');
  });

  it('a unit change /100 (cents to dollars) stays inside the tolerant range: only the scale check sees it', async () => {
    const ds = await views(
      small([{ kind: 'fault.unitChange', at: 20, duration: 10, field: 'itemCtr', factor: 0.01 }]),
    );
    for (let t = 0; t < 20; t++) expect(flagged(ds[t]!), `tick ${t}`).toEqual({});
    const f = field(ds[20]!, 'itemCtr');
    expect(f.anomalies.map((a) => a.check)).toEqual(['scale']);
    expect(f.medianRatio).toBeLessThan(0.1);
    expect(f.anomalies[0]!.short).toMatch(/^scale ÷\d+$/);
    expect(f.farOutOfRange).toBe(0);
  });

  it('missing values, outliers, new categories and a renamed field each flag their check on their field, from their first day', async () => {
    const ds = await views(
      small(
        [
          { kind: 'fault.nulls', at: 8, duration: 4, field: 'userTopicCtr', rate: 0.3, mechanism: 'mnar' },
          { kind: 'fault.outliers', at: 16, duration: 4, field: 'itemCtr', share: 0.02, magnitude: 20 },
          { kind: 'fault.newCategories', at: 24, duration: 4, field: 'topic', values: ['t2', 't3'], rate: 1 },
          { kind: 'fault.renameField', at: 32, duration: 4, field: 'segment' },
        ],
        [VALIDATION],
        36,
      ),
    );
    for (let t = 0; t < 8; t++) expect(flagged(ds[t]!), `tick ${t}`).toEqual({});
    expect(flagged(ds[8]!)).toEqual({ userTopicCtr: ['presence'] });
    expect(field(ds[8]!, 'userTopicCtr').anomalies[0]!.short).toMatch(/^missing \d+%$/);
    // Outliers: out of range; the served median moves (the model serves the boosted items) but far
    // less than a unit change.
    expect(checks(ds[15]!, 'itemCtr')).toEqual([]);
    expect(checks(ds[16]!, 'itemCtr')).toEqual(['range']);
    expect(field(ds[16]!, 'itemCtr').medianRatio).toBeLessThan(SCALE_FACTOR);
    // New categories.
    expect(checks(ds[23]!, 'topic')).toEqual([]);
    expect(checks(ds[24]!, 'topic')).toEqual(['domain']);
    expect(field(ds[24]!, 'topic').unseenCurrent).toBeGreaterThan(0.1);
    expect(field(ds[24]!, 'topic').anomalies[0]!.short).toMatch(/^unseen \d+%$/);
    // A renamed categorical field arrives empty.
    expect(checks(ds[31]!, 'segment')).toEqual([]);
    expect(checks(ds[32]!, 'segment')).toEqual(['presence']);
    expect(field(ds[32]!, 'segment').missingCurrent).toBe(1);
    // The validation monitor (on every candidate row) alarms on the same field. Not for the outliers
    // in this small world: 2% of the candidates is within its margin, while the served rows, which
    // the model fills with the boosted items, carry far more.
    for (const [t, name] of [
      [8, 'userTopicCtr'],
      [24, 'topic'],
      [32, 'segment'],
    ] as const) {
      expect(ds[t]!.validation[0]!.state, `tick ${t}`).toBe(2);
      expect(ds[t]!.validation[0]!.fields, `tick ${t}`).toContain(name);
    }
  });

  it('±Infinity in a numeric field is a type anomaly', async () => {
    const sim = await Simulation.create(small([], [], 5));
    for (let t = 0; t < 5; t++) sim.advance();
    expect(flagged(dataView(sim, null))).toEqual({});
    // Corrupt a tenth of the served rows of itemAge by hand (no fault kind produces infinities).
    const d = sim.state.decisions;
    const col = sim.state.world.raw.numeric[sim.state.world.schema.numeric.indexOf('itemAge')]!;
    for (let e = 0; e < d.count; e += 10) col[d.row[e]!] = Number.POSITIVE_INFINITY;
    const f = field(dataView(sim, 'itemAge'), 'itemAge');
    expect(f.anomalies.map((a) => a.check)).toEqual(['type']);
    expect(f.invalidCurrent).toBeGreaterThan(0.05);
    expect(f.anomalies[0]!.text).toContain('±Infinity');
  });
});
