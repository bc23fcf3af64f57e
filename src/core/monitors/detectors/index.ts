// Every streaming detector driftlab offers, by kind. Adding one is one file plus one entry here.
import type { z } from 'zod';
import type { Rng } from '../../rng.ts';
import type { DetectorDef, StreamDetector } from '../detector.ts';
import { adwin } from './adwin.ts';
import { cusum } from './cusum.ts';
import { ddm } from './ddm.ts';
import { eddm } from './eddm.ts';
import { ewmaChart } from './ewmaChart.ts';
import { hddmA } from './hddmA.ts';
import { hddmW } from './hddmW.ts';
import { kswin } from './kswin.ts';
import { never } from './never.ts';
import { pageHinkley } from './pageHinkley.ts';
import { periodic } from './periodic.ts';
import { random } from './random.ts';

export const DETECTORS = {
  adwin,
  pageHinkley,
  kswin,
  ddm,
  eddm,
  hddmA,
  hddmW,
  cusum,
  ewmaChart,
  never,
  periodic,
  random,
} as const;

export type DetectorKind = keyof typeof DETECTORS;

/** The kinds, in registry order. */
export const detectorKinds = Object.keys(DETECTORS) as DetectorKind[];

export function isDetectorKind(kind: string): kind is DetectorKind {
  return Object.hasOwn(DETECTORS, kind);
}

/** Bad detector configuration: an unknown kind, or parameters its schema rejects. */
export class DetectorConfigError extends Error {
  override name = 'DetectorConfigError';
}

/** What went wrong with one parameter, in one line: `parameter "delta": expected …`. */
function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown parameter${issue.keys.length > 1 ? 's' : ''} ${keys}`;
  }
  const key = issue.path.length > 0 ? String(issue.path[0]) : '';
  const got = key in raw ? `, got ${JSON.stringify(raw[key])}` : '';
  const message = issue.message.replace(/^(Invalid input|Invalid option|Too big|Too small): /, '');
  return `parameter "${key}": ${message}${got}`;
}

/**
 * Validate raw parameters against a kind's schema (River's defaults fill the gaps). Throws a
 * DetectorConfigError naming the kind and the parameter, and listing the known parameters when one is
 * unknown.
 */
export function detectorParams<K extends DetectorKind>(
  kind: K,
  raw: Record<string, unknown> = {},
): z.output<(typeof DETECTORS)[K]['params']> {
  const def = detectorDef(kind);
  const result = def.params.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    let message = `${kind}: ${describeIssue(issue, raw)}`;
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(def.params.shape);
      message += known.length > 0 ? ` (parameters: ${known.join(', ')})` : ' (it takes no parameters)';
    }
    throw new DetectorConfigError(message);
  }
  return result.data as z.output<(typeof DETECTORS)[K]['params']>;
}

/** A fresh detector of `kind`; `rng` is its own named stream (used by kswin, periodic and random). */
export function createDetector(kind: string, rawParams: Record<string, unknown>, rng: Rng): StreamDetector {
  return detectorDef(kind).create(detectorParams(kind as DetectorKind, rawParams), rng);
}

function detectorDef(kind: string): DetectorDef {
  if (!isDetectorKind(kind)) {
    throw new DetectorConfigError(`unknown detector "${kind}" (detectors: ${detectorKinds.join(', ')})`);
  }
  return DETECTORS[kind];
}
