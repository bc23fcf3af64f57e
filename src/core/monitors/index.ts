// The monitor registry: `threshold`, every streaming detector and the data monitors of
// data-monitors.ts (featureDrift, datasetDrift, validation, skew), each as a scenario entry
// `{ kind, id?, input, ...params }`. Adding a detector is one file in detectors/ and one line in
// detectors/index.ts; it becomes a monitor kind, a schema entry and a `driftlab detect` target.
import { z } from 'zod';
import type { Streams } from '../rng.ts';
import { DATA_MONITORS, type DataMonitorDef, isDataMonitorKind } from './data-monitors.ts';
import { DetectorMonitor } from './detector-monitor.ts';
import { createDetector, DETECTORS, isDetectorKind } from './detectors/index.ts';
import { ThresholdMonitor, thresholdParams } from './threshold.ts';
import type { MonitorRuntime } from './types.ts';

const common = {
  id: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'letters, digits, and . : - _')
    .optional()
    .describe('Name in reports; default "<kind>:<input>".'),
  input: z
    .string()
    .describe(
      'What the monitor reads: a per-tick metric of the task (e.g. "observedCtr") or a row stream ("rowErrors").',
    ),
};

const thresholdSchema = thresholdParams
  .extend({ kind: z.literal('threshold'), ...common })
  .describe('A metric against fixed or baseline-relative bounds.');

const detectorSchemas = Object.values(DETECTORS).map((def) =>
  def.params.extend({ kind: z.literal(def.kind), ...common }).describe(def.doc),
);

// Data monitors (featureDrift, datasetDrift, validation, skew) read raw fields, the score or features.
const dataSchemas = Object.values(DATA_MONITORS).map((def) =>
  (def.params as z.ZodObject)
    .extend({ kind: z.literal(def.kind), ...common, input: z.string().describe(def.inputDoc) })
    .describe(def.doc),
);

export const monitorSchema = z
  .discriminatedUnion('kind', [thresholdSchema, ...detectorSchemas, ...dataSchemas] as unknown as [
    typeof thresholdSchema,
  ])
  .describe('A monitor: its kind, its input and its parameters.');

export type MonitorConfig =
  | z.output<typeof thresholdSchema>
  | ({ kind: string; id?: string; input: string } & Record<string, unknown>);

export const MONITOR_KINDS = ['threshold', ...Object.keys(DETECTORS), ...Object.keys(DATA_MONITORS)];

export function monitorId(m: { kind: string; id?: string | undefined; input: string }): string {
  return m.id ?? `${m.kind}:${m.input}`;
}

/** Build the runtime of a validated monitor config. Each monitor draws from its own stream. */
export function createMonitor(config: MonitorConfig, streams: Streams): MonitorRuntime {
  const id = monitorId(config);
  const { kind, input } = config;
  if (kind === 'threshold') return new ThresholdMonitor(id, input, thresholdParams.parse(strip(config)));
  if (isDataMonitorKind(kind)) {
    const data = DATA_MONITORS[kind] as unknown as DataMonitorDef;
    return data.create(id, input, data.params.parse(strip(config)), streams(`monitor.${id}`));
  }
  if (!isDetectorKind(kind)) throw new Error(`unknown monitor kind "${kind}"`);
  return new DetectorMonitor(id, kind, input, createDetector(kind, strip(config), streams(`monitor.${id}`)));
}

function strip(config: MonitorConfig): Record<string, unknown> {
  const { kind: _k, id: _i, input: _in, ...rest } = config as Record<string, unknown>;
  return rest;
}
