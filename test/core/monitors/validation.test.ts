// Data validation (a schema inferred from the training set) and train/serve skew (the same rows
// through both transforms): each check on hand-made ticks with one fault at a time, the alarm
// semantics, and in the simulation zero alarms without a fault and an alarm at delay 0 with one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/core/engine/run.ts';
import { EVENTS } from '../../../src/core/events/index.ts';
import type { EventDef } from '../../../src/core/events/types.ts';
import { ALARM, OK } from '../../../src/core/monitors/types.ts';
import type { ValidationMonitor } from '../../../src/core/monitors/validation.ts';
import { TRANSFORM_VERSIONS, type TransformVersionName } from '../../../src/core/pipeline/versions.ts';
import type { Scenario } from '../../../src/core/scenario/schema.ts';
import { validateScenario } from '../../../src/core/scenario/validate.ts';
import { type RawSchema, UNSEEN } from '../../../src/core/world/types.ts';
import { defaultScenarioJson } from '../../support/scenarios.ts';
import { type Columns, codes, monitor, normals, reference, tick } from './tick-inputs.ts';

const SCHEMA: RawSchema = { numeric: ['a', 'b'], categorical: [{ name: 'k', domain: ['p', 'q', 'r'] }] };

/** Fresh rows like the training set's: a ~ N(10, 2), b ~ N(0, 1), k uniform over p, q, r. */
function rows(n: number, seed: number): { numeric: Float64Array[]; cats: Int32Array[] } {
  return { numeric: [normals(n, 10, 2, seed), normals(n, 0, 1, seed)], cats: [codes(n, [1, 1, 1], seed)] };
}

const REF = reference(SCHEMA, rows(5000, 1));

/** A validation monitor after `warm` clean ticks (the volume band learned, a previous tick kept). */
function warmed(config: Record<string, unknown> = {}, warm = 7): ValidationMonitor {
  const mon = monitor({ kind: 'validation', input: 'raw', ...config }) as ValidationMonitor;
  for (let t = 0; t < warm; t++) mon.update(tick(SCHEMA, REF, rows(3000, 100 + t), { t }));
  return mon;
}

function scale(col: Float64Array, factor: number): void {
  for (let i = 0; i < col.length; i++) col[i]! *= factor;
}

function check(mon: ValidationMonitor, cols: Columns, t = 50): ValidationMonitor {
  mon.update(tick(SCHEMA, REF, cols, { t }));
  return mon;
}

function withFault(f: (c: ReturnType<typeof rows>) => void, n = 3000): ReturnType<typeof rows> {
  const c = rows(n, 999);
  f(c);
  return c;
}

describe('validation: a schema inferred from the training set', () => {
  it('clean ticks pass every check, tick after tick (reading <= 0, no alarm)', () => {
    const mon = warmed({}, 1);
    for (let t = 1; t < 40; t++) {
      check(mon, rows(2500 + 20 * t, 200 + t), t);
      expect(mon.state, mon.detail).toBe(OK);
      expect(mon.statistic).toBeLessThanOrEqual(0);
      expect(mon.fired).toBe(false);
    }
    expect(mon.detail).toBe('all checks pass');
    expect(mon.alarmLevel).toBe(0);
  });

  it('presence: a missing-rate jump (fault.nulls; fault.typeChange, whose unparseable values arrive missing)', () => {
    const nulls = check(
      warmed(),
      withFault((c) => {
        for (let i = 0; i < 150; i++) c.numeric[0]![i * 20] = Number.NaN; // 5% of a
      }),
    );
    expect(nulls.state).toBe(ALARM);
    expect(nulls.fired).toBe(true);
    expect(nulls.detail).toBe('presence a: 5% missing (allowed 1%)');
    expect(nulls.statistic).toBeCloseTo(0.05 - 0.01 - 3 * Math.sqrt((0.01 * 0.99) / 3000), 12);
    const typeChange = check(
      warmed(),
      withFault((c) => c.numeric[1]!.fill(Number.NaN, 0, 1200)),
    );
    expect(typeChange.violations.map((v) => `${v.check} ${v.field}`)).toEqual(['presence b']);
    // A renamed categorical field: every value missing.
    const renamed = check(
      warmed(),
      withFault((c) => c.cats[0]!.fill(-1)),
    );
    expect(renamed.detail).toBe('presence k: 100% missing (allowed 1%)');
  });

  it("presence tolerates the training set's own missing rate", () => {
    const cols = rows(5000, 1);
    for (let i = 0; i < 5000; i += 10) cols.numeric[0]![i] = Number.NaN; // 10% missing in training
    const ref = reference(SCHEMA, cols, 2);
    const mon = monitor({ kind: 'validation', input: 'a' });
    const at = (share: number) => {
      const c = rows(3000, 7);
      for (let i = 0; i < 3000 * share; i++) c.numeric[0]![i] = Number.NaN;
      mon.update(tick(SCHEMA, ref, c));
      return mon.state;
    };
    expect(at(0.1)).toBe(OK);
    expect(at(0.2)).toBe(ALARM);
  });

  it('type: values that are no number at all (±Infinity) or invalid codes', () => {
    const inf = check(
      warmed(),
      withFault((c) => {
        c.numeric[1]![5] = Number.POSITIVE_INFINITY;
        c.numeric[1]![6] = Number.NEGATIVE_INFINITY;
      }),
    );
    expect(inf.detail).toBe('type b: 0.0667% invalid values (allowed 0%)');
    const code = check(
      warmed(),
      withFault((c) => {
        c.cats[0]![3] = 7;
      }),
    );
    expect(code.violations.map((v) => `${v.check} ${v.field}`)).toEqual(['type k']);
  });

  it('range: a unit change (x100) and outliers beyond the training range by more than its span, `mostly` 0.99', () => {
    const unit = check(
      warmed(),
      withFault((c) => scale(c.numeric[0]!, 100)),
    );
    expect(unit.detail).toBe('range a: 100% outside the training range (allowed 1%)');
    const few = check(
      warmed(),
      withFault((c) => {
        for (let i = 0; i < 15; i++) c.numeric[1]![i * 100] = 1e6; // 0.5%: within mostly
      }),
    );
    expect(few.state).toBe(OK);
    const many = check(
      warmed(),
      withFault((c) => {
        for (let i = 0; i < 90; i++) c.numeric[1]![i * 30] = -1e6; // 3%
      }),
    );
    expect(many.detail).toBe('range b: 3% outside the training range (allowed 1%)');
    // Values a little beyond the training extremes are in range (rangeTolerance: one span).
    const near = check(
      warmed(),
      withFault((c) => scale(c.numeric[1]!, 1.5)),
    );
    expect(near.state).toBe(OK);
  });

  it('domain: a share of new categories (UNSEEN) above 1 - mostly', () => {
    const mon = check(
      warmed(),
      withFault((c) => {
        for (let i = 0; i < 150; i++) c.cats[0]![i * 20] = UNSEEN;
      }),
    );
    expect(mon.detail).toBe('domain k: 5% new categories (allowed 1%)');
    // A declared category the training set never held is not an anomaly.
    const ref = reference(SCHEMA, { ...rows(3000, 3), cats: [codes(3000, [1, 1, 0])] }, 3);
    const m2 = monitor({ kind: 'validation', input: 'k' });
    m2.update(tick(SCHEMA, ref, rows(3000, 4)));
    expect(m2.state).toBe(OK);
  });

  it('staleness: values that repeat the previous tick row for row (a frozen or constant field)', () => {
    const mon = warmed();
    const frozen = rows(3000, 500);
    check(mon, frozen, 50);
    expect(mon.state).toBe(OK);
    const next = rows(3000, 501);
    next.numeric[1] = frozen.numeric[1]!.slice(); // b stops updating
    check(mon, next, 51);
    expect(mon.detail).toBe('staleness b: 100% of values repeat the previous tick (allowed 50%)');
    // A constant field is stale too; a categorical field repeats by chance about a third of the time.
    const constant = rows(3000, 502);
    const c2 = rows(3000, 503);
    constant.numeric[0]!.fill(10);
    c2.numeric[0]!.fill(10);
    const m2 = warmed();
    check(m2, constant, 50);
    check(m2, c2, 51);
    expect(m2.violations.map((v) => `${v.check} ${v.field}`)).toEqual(['staleness a']);
  });

  it('staleness: a value frozen per key (a feature store serving each category its last aggregate)', () => {
    // No row repeats its position's value, but a takes one value per category of k: 3 distinct values.
    const mon = warmed();
    const perKey = (seed: number) =>
      withFault((c) => {
        const fresh = rows(3000, seed);
        c.cats[0] = fresh.cats[0]!;
        for (let i = 0; i < 3000; i++) c.numeric[0]![i] = [9.5, 10, 10.5][c.cats[0]![i]!]!;
      });
    check(mon, perKey(600), 50);
    expect(mon.detail).toBe(
      "staleness a: 3 distinct values in 1000 rows, 0.3% of the training's 1000 (allowed ≥ 10%)",
    );
    expect(mon.statistic).toBeCloseTo(0.1 - 3 / 1000, 12);
    // A field with few values in training too has no distinctness verdict: k (categorical) and a
    // numeric field of 5 values pass.
    const fewValues = reference(
      SCHEMA,
      {
        numeric: [Float64Array.from(codes(5000, [1, 1, 1, 1, 1]), (c) => c), normals(5000)],
        cats: [codes(5000, [1, 1, 1])],
      },
      4,
    );
    const m3 = monitor({ kind: 'validation', input: 'a', checks: ['staleness'] });
    m3.update(
      tick(SCHEMA, fewValues, {
        ...rows(3000, 8),
        numeric: [Float64Array.from(codes(3000, [1, 0, 0, 0, 1], 8), (c) => c), normals(3000)],
      }),
    );
    expect(m3.state).toBe(OK);
  });

  it('volume: rows outside the band of the last volumeTicks ticks that passed, widened by volumeTolerance', () => {
    // Warm-up: 7 ticks of 3000 rows; band [0.75 * 3000, 1.25 * 3000].
    const mon = warmed({ volumeTicks: 7, volumeTolerance: 0.25 });
    check(mon, rows(2000, 61));
    expect(mon.state).toBe(ALARM);
    expect(mon.fired).toBe(true);
    expect(mon.detail).toBe('volume: 2000 rows (band edge 2250)');
    expect(mon.statistic).toBeCloseTo((2250 - 2000) / 2250, 12);
    // While the drop lasts it stays outside the band (failing ticks do not enter it)...
    for (let t = 0; t < 10; t++) check(mon, rows(2000, 70 + t));
    expect(mon.state).toBe(ALARM);
    expect(mon.fired).toBe(false);
    check(mon, rows(4000, 62));
    expect(mon.detail).toBe('volume: 4000 rows (band edge 3750)');
    // ...while a slow trend moves the band with it: -3% a tick for 30 ticks, no alarm.
    const trend = warmed({ volumeTicks: 7, volumeTolerance: 0.25 });
    for (let t = 1; t <= 30; t++) {
      check(trend, rows(Math.round(3000 * 0.97 ** t), 80 + t));
      expect(trend.state, `tick ${t}`).toBe(OK);
    }
  });

  it('alarms when a (field, check) starts to violate: not again while it lasts, again for a second fault', () => {
    const mon = warmed({ checks: ['presence', 'domain'] });
    const nulls = (c: ReturnType<typeof rows>) => c.numeric[0]!.fill(Number.NaN, 0, 600);
    const unseen = (c: ReturnType<typeof rows>) => c.cats[0]!.fill(UNSEEN, 0, 600);
    const seq = [[nulls], [nulls], [nulls, unseen], [nulls, unseen], [], [unseen]];
    const out = seq.map((faults, t) => {
      check(
        mon,
        withFault((c) => {
          for (const f of faults) f(c);
        }),
        60 + t,
      );
      return [mon.state, mon.fired];
    });
    expect(out).toEqual([
      [ALARM, true],
      [ALARM, false],
      [ALARM, true],
      [ALARM, false],
      [OK, false],
      [ALARM, true],
    ]);
  });

  it('checks and fields select what runs; rows "served" reads the served, labelled entries', () => {
    const outliers = withFault((c) => c.numeric[1]!.fill(1e6, 0, 300));
    expect(check(warmed({ checks: ['presence', 'type'] }), outliers).state).toBe(OK);
    expect(check(warmed({ fields: ['a', 'k'] }), outliers).state).toBe(OK);
    expect(check(warmed({ fields: ['b'] }), outliers).state).toBe(ALARM);
    const served = {
      count: 2000,
      row: Int32Array.from({ length: 2000 }, (_, e) => 1000 + e),
      labelled: new Uint8Array(2000).fill(1),
    };
    const mon = warmed({ rows: 'served', checks: ['range'] });
    mon.update(tick(SCHEMA, REF, outliers, { served }));
    expect(mon.state).toBe(OK); // the outliers are in rows 0-299, none served
  });
});

// A second transform version for the skew tests: v1 with the one-hot vocabulary in first-seen order
// and missing numbers filled with 0 (an upgrade that changes two behaviours).
const TEST_VERSION = 'vtest-skew' as TransformVersionName;
beforeAll(() => {
  (TRANSFORM_VERSIONS as Record<string, unknown>)[TEST_VERSION] = {
    ...TRANSFORM_VERSIONS.v1,
    doc: 'test only: first-seen vocabulary order, missing numbers filled with 0',
    categoryOrder: 'firstSeen',
    fill: 'zero',
  };
});
afterAll(() => {
  delete (TRANSFORM_VERSIONS as Record<string, unknown>)[TEST_VERSION];
});

describe('skew: the same rows through the training and the serving transform', () => {
  // Training saw r first, then p, then q: first-seen order differs from the sorted one everywhere.
  const ref = reference(SCHEMA, {
    numeric: [normals(300, 10, 2), normals(300)],
    cats: [[2, 0, 1, ...codes(297, [1, 1, 1])]],
  });

  it('reads exactly 0 when both sides run the same version', () => {
    const mon = monitor({ kind: 'skew', input: 'features' });
    mon.update(tick(SCHEMA, ref, rows(3000, 3)));
    expect(mon.statistic).toBe(0);
    expect(mon.state).toBe(OK);
    expect(mon.detail).toBe('no feature differs (training v1, serving v1)');
  });

  it('a vocabulary in another order changes the encoding of every category, so of every row; alarm at once', () => {
    const mon = monitor({ kind: 'skew', input: 'features', sample: 3000 });
    const cols = rows(3000, 4);
    mon.update(tick(SCHEMA, ref, cols, { servingVersion: TEST_VERSION }));
    // Sorted vocabulary [p, q, r] -> indices 0, 1, 2; first seen [r, p, q] -> r 0, p 1, q 2: all move.
    expect(new Set(cols.cats[0])).toEqual(new Set([0, 1, 2]));
    expect(mon.statistic).toBe(1);
    expect(mon.state).toBe(ALARM);
    expect(mon.fired).toBe(true);
    expect(mon.detail).toMatch(/^k: 100% of rows differ \(training v1, serving vtest-skew\)$/);
  });

  it('mean vs zero fill shows on the missing rows of the field only; one feature can be watched alone', () => {
    const cols = rows(2000, 5);
    cols.numeric[0]!.fill(Number.NaN, 0, 100); // 5% missing
    const a = monitor({ kind: 'skew', input: 'a', sample: 2000 });
    a.update(tick(SCHEMA, ref, cols, { servingVersion: TEST_VERSION }));
    expect(a.statistic).toBe(0.05);
    expect(a.detail).toMatch(
      /^a: 5% of rows differ \(max \|Δ\| [\d.]+\) \(training v1, serving vtest-skew\)$/,
    );
    // Back on the same version: no skew (the transforms are rebuilt on a version change).
    a.update(tick(SCHEMA, ref, cols));
    expect(a.statistic).toBe(0);
    expect(a.state).toBe(OK);
  });
});

describe('in the simulation: no alarm without a fault, an alarm on the first tick of one', async () => {
  const AT = 90;
  // A test fault (nulls in one field) and a test upgrade (serving moves to the test version), added
  // to the event registry for this run only.
  const nulls: EventDef = {
    kind: 'test.nulls',
    doc: 'test only',
    cause: 'pipeline',
    tasks: ['recommender'],
    schema: EVENTS['preference.shift'].schema as never,
    check: () => [],
    incident: () => ({ start: AT, end: 119, affects: ['itemCtr'], label: 'test nulls' }),
    apply: () => {},
    corrupt: (_e, ctx) => {
      if (ctx.t < AT) return;
      const col = ctx.raw.numeric[ctx.schema.numeric.indexOf('itemCtr')]!;
      for (let i = 0; i < ctx.raw.rows; i++) if (ctx.rng.next() < 0.2) col[i] = Number.NaN;
    },
  };
  const upgrade: EventDef = {
    ...nulls,
    kind: 'test.upgrade',
    incident: () => ({ start: AT, end: 119, affects: ['pipeline'], label: 'test upgrade' }),
    apply: (_e, _w, t, engine) => {
      if (t === AT) engine.setServingVersion(TEST_VERSION);
    },
    corrupt: undefined,
  };
  const registry = EVENTS as unknown as Record<string, EventDef>;
  const monitors = [
    { id: 'validation', kind: 'validation', input: 'raw' },
    { id: 'skew', kind: 'skew', input: 'features' },
  ];
  const scenarioWith = (event?: EventDef): Scenario => {
    const v = validateScenario({ ...defaultScenarioJson(), ticks: 120, events: [], monitors });
    if (!v.ok) throw new Error(v.errors.join('\n'));
    if (event) v.scenario.events.push({ kind: event.kind, at: AT } as never);
    return v.scenario;
  };
  registry['test.nulls'] = nulls;
  registry['test.upgrade'] = upgrade;
  (TRANSFORM_VERSIONS as Record<string, unknown>)[TEST_VERSION] = {
    ...TRANSFORM_VERSIONS.v1,
    categoryOrder: 'firstSeen',
    fill: 'zero',
  };
  const [clean, faulty, upgraded] = await Promise.all([
    run(scenarioWith()),
    run(scenarioWith(nulls)),
    run(scenarioWith(upgrade)),
  ]).finally(() => {
    delete registry['test.nulls'];
    delete registry['test.upgrade'];
  });

  it('120 ticks of the default world without a fault: no validation or skew alarm', () => {
    expect(clean.alarms).toEqual([]);
    expect(Math.max(...clean.monitors.validation!.statistic.map((x) => x ?? 1))).toBeLessThanOrEqual(0);
    expect(clean.monitors.skew!.statistic.every((x) => x === 0)).toBe(true);
  });

  it('nulls in itemCtr: validation alarms at delay 0 and says where; skew stays quiet (both sides fill the same)', () => {
    expect(faulty.alarms).toEqual([
      {
        monitor: 'validation',
        tick: AT,
        state: ALARM,
        detail: expect.stringMatching(/^presence itemCtr: (19|20)\.\d+% missing \(allowed 1%\)$/),
      },
    ]);
  });

  it('the serving side upgraded: skew alarms at delay 0 and names the feature; validation stays quiet', () => {
    expect(upgraded.alarms).toEqual([
      {
        monitor: 'skew',
        tick: AT,
        state: ALARM,
        detail: expect.stringMatching(/% of rows differ \(training v1, serving vtest-skew\)$/),
      },
    ]);
  });
});
