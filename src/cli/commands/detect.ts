// `driftlab detect <detector> <file.csv>`: replay one CSV column through a streaming detector and
// report where it signalled, as River reports it (0-based index of the value after whose update the
// flag was true).
import { parseArgs } from 'node:util';
import {
  createDetector,
  DETECTORS,
  DetectorConfigError,
  type DetectorKind,
  detectorKinds,
  detectorParams,
  isDetectorKind,
} from '../../core/monitors/detectors/index.ts';
import { stream } from '../../core/rng.ts';
import { cellPlace, exactArgs, numericCells, plural, readCsvColumn, UsageError } from '../io.ts';
import type { Command } from './types.ts';

const width = Math.max(...detectorKinds.map((k) => k.length));

const usage = `Usage: driftlab detect <detector> <file.csv> [--column NAME] [--param key=value ...] [--seed N] [--json]

Replay one column of a CSV file through a streaming drift detector, one value per update, and print
the 0-based indices of the data rows (header and blank lines not counted) after whose update the
detector signalled a drift or a warning. After a drift the detector starts afresh, as in River.

Options:
  --column NAME      the column to replay (default: the first)
  --param key=value  a detector parameter, repeatable; numbers and true/false are parsed, anything
                     else is text; unset parameters keep River's defaults
  --seed N           seed of the detector's random stream "monitor.<detector>" (default 0; used by
                     kswin, periodic and random)
  --json             print {"detector", "params" (all, defaults filled in), "n", "drifts",
                     "warnings"} on one line; "warnings" is null for detectors without a warning zone

Detectors (input, parameters with their defaults):
${detectorKinds
  .map((kind) => {
    const def = DETECTORS[kind];
    const params = Object.entries(detectorParams(kind))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    return `  ${kind.padEnd(width)}  ${def.input === 'binary' ? '0/1 errors' : 'numbers'}; ${params || '(none)'}`;
  })
  .join('\n')}

Examples:
  driftlab detect adwin latency.csv --column p95
  driftlab detect ddm errors.csv --param warmStart=100 --json
  driftlab detect kswin scores.csv --param alpha=0.001 --param windowSize=200 --seed 7
`;

/** A --param value: a number when it reads as one, true/false, else the text itself. */
export function parseParamValue(text: string): number | boolean | string {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return text;
}

function parseParams(kind: DetectorKind, pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`detect: --param ${JSON.stringify(pair)}: expected key=value`);
    const key = pair.slice(0, eq).trim();
    if (Object.hasOwn(out, key)) throw new UsageError(`detect: --param ${key} is given twice`);
    out[key] = parseParamValue(pair.slice(eq + 1));
  }
  try {
    return detectorParams(kind, out) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof DetectorConfigError) throw new UsageError(`detect: ${error.message}`);
    throw error;
  }
}

/** 1007, 1008, 1009, 1012 → "1007–1009, 1012". */
function ranges(indices: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j === i ? `${indices[i]}` : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export const detectCommand: Command = {
  name: 'detect',
  summary: 'replay a CSV column through a drift detector and print where it fires',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        column: { type: 'string' },
        param: { type: 'string', multiple: true },
        seed: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const [kind, path] = exactArgs('detect', ['<detector>', '<file.csv>'], positionals);
    if (!isDetectorKind(kind)) {
      throw new UsageError(`detect: unknown detector "${kind}" (detectors: ${detectorKinds.join(', ')})`);
    }
    const params = parseParams(kind, values.param ?? []);
    let seed = 0;
    if (values.seed !== undefined) {
      seed = Number(values.seed);
      if (values.seed.trim() === '' || !Number.isSafeInteger(seed)) {
        throw new UsageError(`detect: --seed: expected an integer, got ${JSON.stringify(values.seed)}`);
      }
    }

    const column = readCsvColumn(path, values.column);
    const xs = numericCells(column);
    const def = DETECTORS[kind];
    if (def.input === 'binary') {
      for (let i = 0; i < xs.length; i++) {
        if (xs[i] !== 0 && xs[i] !== 1) {
          throw new UsageError(`${cellPlace(column, i)}: ${kind} expects 0/1 errors, got ${column.cells[i]}`);
        }
      }
    }

    const detector = createDetector(kind, params, stream(seed, `monitor.${kind}`));
    const drifts: number[] = [];
    const warnings: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      detector.update(xs[i]!);
      if (detector.driftDetected) drifts.push(i);
      if (detector.warningDetected) warnings.push(i);
    }

    if (values.json) {
      const out = {
        detector: kind,
        params,
        n: xs.length,
        drifts,
        warnings: def.hasWarning ? warnings : null,
      };
      io.out(`${JSON.stringify(out)}\n`);
      return 0;
    }
    const shown = Object.entries(params)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(' ');
    const lines = [
      `${kind}${shown ? ` (${shown})` : ''} on ${path}, column "${column.name}", ${plural(xs.length, 'value')}`,
      `${plural(drifts.length, 'drift')}${drifts.length > 0 ? ` at ${ranges(drifts)}` : ''}`,
      def.hasWarning
        ? `${plural(warnings.length, 'warning')}${warnings.length > 0 ? ` at ${ranges(warnings)}` : ''}`
        : 'no warning zone',
    ];
    io.out(`${lines.join('\n')}\n`);
    return 0;
  },
};
