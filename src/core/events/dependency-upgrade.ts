// dependency.upgrade: from `at`, the serving side runs a new release of the preprocessing "library"
// (a base version of pipeline/versions.ts, whose doc says what changed and how it bites). The model is
// untouched and nothing errors: its inputs silently change. Behaviours (`to`):
//   "v2-hashseed"   the hashing seed changed: hashed categoricals and crosses land in other buckets;
//   "v2-ddof1"      the sd uses n - 1: standardised values shrink by sqrt((n-1)/n) (harmless at
//                   thousands of training rows: a control);
//   "v2-fillzero"   missing numerics are filled with 0 instead of the training mean (bites with nulls);
//   "v2-round1"     numeric values are rounded to one decimal before scaling;
//   "v2-firstseen"  the one-hot vocabulary follows first appearance instead of sorted order.
// `side: "both"` upgrades training too: the next refit learns on the new features and the skew
// heals (an upgrade rolled out everywhere at once), though the model serves stale weights until then.
// The upgrade lasts to the end of the run; rolling back is a guardrail's action.
import { z } from 'zod';
import {
  TRANSFORM_VERSION_NAMES,
  TRANSFORM_VERSIONS,
  versionDifferences,
  withBase,
} from '../pipeline/versions.ts';
import { int, oneOf } from '../scenario/zod-helpers.ts';
import { quote } from './common.ts';
import { ANY_TASK } from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('dependency.upgrade'),
    at: int(0, 'Tick at which serving runs the new version.', { min: 0 }),
    to: oneOf(
      TRANSFORM_VERSION_NAMES,
      'v2-hashseed',
      `The library version serving moves to: ${quote(TRANSFORM_VERSION_NAMES)} (see their docs).`,
    ),
    side: oneOf(
      ['serving', 'both'] as const,
      'serving',
      'Which side upgrades: serving only (train/serve skew until a rollback), or both (the next refit adapts).',
    ),
  })
  .describe('The serving pipeline upgrades its preprocessing library; its behaviour silently changes.');

export const dependencyUpgrade: EventDef<typeof schema> = {
  kind: 'dependency.upgrade',
  doc: 'From `at` serving runs another version of the preprocessing library (hash seed, sd denominator, fill value, rounding or category order changed); the model is untouched.',
  cause: 'dependency',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    const { serving, categorical, crosses } = scenario.pipeline;
    const diff = versionDifferences(serving, e.to);
    if (diff.length === 0) {
      return [
        {
          path: ['to'],
          message: `expected a version that differs from pipeline.serving "${serving}", got "${e.to}"`,
        },
      ];
    }
    const hashes = categorical === 'hash' || crosses;
    const bites = diff.some(
      (k) => !(k === 'hashSeed' && !hashes) && !(k === 'categoryOrder' && categorical !== 'onehot'),
    );
    if (bites) return [];
    return [
      {
        path: ['to'],
        message: `"${e.to}" changes only ${diff.join(', ')}, which this pipeline does not use (pipeline.categorical "${categorical}", crosses ${crosses}): the upgrade would change nothing`,
      },
    ];
  },
  incident(e, scenario) {
    return {
      start: e.at,
      end: scenario.ticks - 1,
      affects: ['serving transform', ...versionDifferences(scenario.pipeline.serving, e.to)],
      label: `serving upgrades to ${e.to}${e.side === 'both' ? ' (training too)' : ''}: ${TRANSFORM_VERSIONS[e.to].doc.split(':')[0]}`,
    };
  },
  apply(e, _world, t, engine) {
    if (t !== e.at) return;
    // Keep any skew modifiers the side's feature code has: only the library underneath changes.
    engine.setServingVersion(withBase(engine.servingVersion, e.to));
    if (e.side === 'both') engine.setTrainingVersion(withBase(engine.trainingVersion, e.to));
  },
};
