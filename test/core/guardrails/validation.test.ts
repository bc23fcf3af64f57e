// Guardrail entries are validated like the rest of a scenario: structure and defaults from the
// schema, and the checks that need the whole scenario (the monitors a guardrail names must exist),
// each error naming its path.
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/core/scenario/validate.ts';
import { library } from './paired.ts';

const errorsOf = (json: unknown) => {
  const v = validateScenario(json);
  return v.ok ? [] : v.errors;
};

const withGuardrails = (guardrails: unknown[], over: Record<string, unknown> = {}) =>
  library('recommender-trend-shift', { guardrails, ...over });

describe('guardrail validation', () => {
  it('a guardrail naming a monitor the scenario lacks is an error naming the path', () => {
    expect(errorsOf(withGuardrails([{ kind: 'fallback', monitors: ['observed-ctr', 'kswin-ctr'] }]))).toEqual(
      [
        'guardrails[0].monitors[1]: expected a monitor id of this scenario ("ph-misses", "ddm-misses", "observed-ctr"), got "kswin-ctr"',
      ],
    );
    expect(
      errorsOf(
        withGuardrails([{ kind: 'retrain', monitors: ['ph-misses'] }], {
          monitors: [],
        }),
      ),
    ).toEqual([
      'guardrails[0].monitors[0]: expected a monitor id of this scenario, which has no monitors, got "ph-misses"',
    ]);
    // Optional trigger lists are checked too.
    expect(errorsOf(withGuardrails([{ kind: 'exploration', monitors: ['diversity'] }]))).toEqual([
      'guardrails[0].monitors[0]: expected a monitor id of this scenario ("ph-misses", "ddm-misses", "observed-ctr"), got "diversity"',
    ]);
  });

  it('the monitors that trigger a guardrail are required where a guardrail reacts to alarms', () => {
    expect(errorsOf(withGuardrails([{ kind: 'circuitBreaker' }]))).toEqual([
      'guardrails[0].monitors: missing, expected a list',
    ]);
    expect(errorsOf(withGuardrails([{ kind: 'rollback', monitors: [] }]))[0]).toMatch(
      /^guardrails\[0\]\.monitors: expected at least 1 items/,
    );
  });

  it('unknown kinds and keys, bad modes and duplicate ids are errors with their path', () => {
    expect(errorsOf(withGuardrails([{ kind: 'killSwitch', monitors: ['ph-misses'] }]))[0]).toMatch(
      /^guardrails\[0\]\.kind: expected one of "inputGate", "fallback", "circuitBreaker", "rollback", "retrain", "exploration", "freezeSelfTraining", "exposureFloor", "canary", got "killSwitch"$/,
    );
    expect(errorsOf(withGuardrails([{ kind: 'fallback', monitors: ['ph-misses'], cooldwn: 3 }]))[0]).toMatch(
      /^guardrails\[0\]\.cooldwn: unknown key/,
    );
    expect(
      errorsOf(withGuardrails([{ kind: 'fallback', monitors: ['ph-misses'], mode: 'dry-run' }])),
    ).toEqual(['guardrails[0].mode: expected "active" or "shadow", got "dry-run"']);
    expect(
      errorsOf(
        withGuardrails([
          { kind: 'fallback', monitors: ['ph-misses'] },
          { kind: 'fallback', monitors: ['ddm-misses'] },
        ]),
      ),
    ).toEqual(['guardrails[1].id: duplicate guardrail id "fallback" (give each an "id")']);
  });

  it('kind-specific checks: task, fields, groups, windows', () => {
    const fraud = library('fraud-new-pattern');
    expect(errorsOf({ ...fraud, guardrails: [{ kind: 'exposureFloor' }] })).toEqual([
      'guardrails[0].kind: "exposureFloor" does not apply to a fraud task',
    ]);
    expect(errorsOf(withGuardrails([{ kind: 'exposureFloor', groups: ['t1', 'sports'] }]))[0]).toMatch(
      /^guardrails\[0\]\.groups\[1\]: expected one of "t0", "t1", .*"t7", got "sports"$/,
    );
    expect(errorsOf(withGuardrails([{ kind: 'exposureFloor', floor: 0.2 }]))).toEqual([
      'guardrails[0].floor: expected floor x floored groups ≤ 1, got 0.2 x 8',
    ]);
    expect(errorsOf(withGuardrails([{ kind: 'inputGate', fields: ['itemCtr', 'userAge'] }]))[0]).toMatch(
      /^guardrails\[0\]\.fields\[1\]: expected one of "userTopicCtr", .*, got "userAge"$/,
    );
    expect(errorsOf(withGuardrails([{ kind: 'retrain', monitors: ['ph-misses'], window: 40 }]))).toEqual([
      'guardrails[0].window: expected at most retraining.window (28) ticks, the labels the log keeps, got 40',
    ]);
  });

  it('defaults are filled in: mode active, kind-specific parameters documented in the schema', () => {
    const v = validateScenario(
      withGuardrails([
        { kind: 'fallback', monitors: ['ph-misses'] },
        { kind: 'canary' },
        { kind: 'inputGate' },
      ]),
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.scenario.guardrails).toEqual([
      {
        kind: 'fallback',
        monitors: ['ph-misses'],
        mode: 'active',
        level: 'alarm',
        cooldown: 7,
        until: 'clear',
      },
      {
        kind: 'canary',
        mode: 'active',
        checks: ['version'],
        tolerance: 0.05,
        maxShare: 0.05,
        goldenRows: 2000,
      },
      {
        kind: 'inputGate',
        mode: 'active',
        action: 'impute',
        serve: 'baseline',
        rangeTolerance: 1,
        requiredBelow: 0.01,
        monitors: [],
        level: 'alarm',
        cooldown: 0,
      },
    ]);
  });
});
