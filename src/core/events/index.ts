// The event registry: every kind a scenario's timeline may use.
import { dependencyUpgrade } from './dependency-upgrade.ts';
import { faultNewCategories } from './fault-new-categories.ts';
import { faultNulls } from './fault-nulls.ts';
import { faultOutliers } from './fault-outliers.ts';
import { faultRenameField } from './fault-rename-field.ts';
import { faultStaleFeature } from './fault-stale-feature.ts';
import { faultTypeChange } from './fault-type-change.ts';
import { faultUnitChange } from './fault-unit-change.ts';
import { faultVolume } from './fault-volume.ts';
import { preferenceDrift } from './preference-drift.ts';
import { preferenceSeasonal } from './preference-seasonal.ts';
import { preferenceShift } from './preference-shift.ts';
import { preferenceTrend } from './preference-trend.ts';
import { shockBaseRate } from './shock-base-rate.ts';
import { shockCompetitor } from './shock-competitor.ts';
import { shockNewFraudPattern } from './shock-new-fraud-pattern.ts';
import { shockRegulation } from './shock-regulation.ts';
import { skewTransform } from './skew-transform.ts';
import type { EventDef } from './types.ts';

export const EVENTS = {
  'preference.shift': preferenceShift,
  'preference.trend': preferenceTrend,
  'preference.seasonal': preferenceSeasonal,
  'preference.drift': preferenceDrift,
  'fault.renameField': faultRenameField,
  'fault.typeChange': faultTypeChange,
  'fault.unitChange': faultUnitChange,
  'fault.nulls': faultNulls,
  'fault.outliers': faultOutliers,
  'fault.newCategories': faultNewCategories,
  'fault.staleFeature': faultStaleFeature,
  'fault.volume': faultVolume,
  'skew.transform': skewTransform,
  'dependency.upgrade': dependencyUpgrade,
  'shock.newFraudPattern': shockNewFraudPattern,
  'shock.baseRate': shockBaseRate,
  'shock.competitor': shockCompetitor,
  'shock.regulation': shockRegulation,
} as const satisfies Record<string, EventDef>;

export type EventKind = keyof typeof EVENTS;

type EventSchema = (typeof EVENTS)[EventKind]['schema'];

/** The registry's parameter schemas, in its order (the scenario schema's union of event kinds). */
export const EVENT_SCHEMAS = Object.values(EVENTS).map((def) => def.schema) as [
  EventSchema,
  ...EventSchema[],
];

export function eventDef(kind: string): EventDef {
  const def = (EVENTS as Record<string, EventDef>)[kind];
  if (!def) throw new Error(`unknown event kind "${kind}"`);
  return def;
}
