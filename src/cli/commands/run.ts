import { readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type ModelFactory, type RunResult, run } from '../../core/engine/run.ts';
import { resultCsv } from '../../core/engine/run-log.ts';
import { type ComparisonResult, comparisonCsv, comparisonResult } from '../../core/evaluate/compare.ts';
import { resolveVariant, type VariantKind, withoutGuardrails } from '../../core/evaluate/variant.ts';
import type { MlpModelConfig } from '../../core/model/config.ts';
import type { Scenario } from '../../core/scenario/schema.ts';
import { MAX_SCENARIO_BYTES, parseScenario } from '../../core/scenario/validate.ts';
import { type Io, intOption, readTextFile, UsageError, writeFilesAtomically } from '../io.ts';
import { progressBar } from '../progress.ts';
import { comparisonSummary, summary } from '../report.ts';
import { DEFAULT_SCENARIO, loadScenario, ScenarioError, withOverrides } from '../scenario-file.ts';
import type { Command } from './types.ts';

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
).version;

/** Model kinds built outside the core; tfjs loads only when a scenario asks for it. */
export const HOST_MODELS: Record<string, ModelFactory> = {
  mlp: async (config, layout, seed) => {
    const { ensureWasmBackend } = await import('../../models-tfjs/backend.ts');
    const { createMlp } = await import('../../models-tfjs/mlp.ts');
    await ensureWasmBackend();
    return createMlp(config as MlpModelConfig, layout, seed);
  },
};

export const runCommand: Command = {
  name: 'run',
  summary:
    'run a scenario (default: the default scenario), or compare it with a variant (--vs); write run.json and metrics.csv',
  usage: `Usage: driftlab run [scenario.json] [--seed N] [--ticks N] [--out DIR] [--quiet]
       driftlab run [scenario.json] --vs <variant.json | --no-guardrails> [options]

Runs the scenario headless, prints true vs observed quality around each incident and the catch
matrix (incidents x monitors: detection delay, or missed), and writes DIR/run.json (scenario, seed,
version, incidents, alarms, evaluation, the run log) and DIR/metrics.csv (one row per tick).
A run is a pure function of (scenario, seed): the same inputs give a byte-identical run.json.

  scenario.json   a scenario file (default: scenarios/recommender-trend-shift.json)
  --seed N        override the scenario's seed
  --ticks N       override the scenario's length
  --out DIR       where to write (default: out/<scenario id>-seed<seed>, with --vs
                  out/<scenario id>-seed<seed>-vs-<variant name>); written atomically
  --quiet         no summary
  --vs VARIANT    an exact counterfactual: run the scenario (the base) and the variant on the same
                  seed, one after the other. Every random draw of the world has its own stream, so
                  both runs face the same users, arrivals and shocks until a decision differs.
                  VARIANT is one of
                    variant.json      a full scenario (it has all of id, title and task), or else a
                                      JSON merge patch (RFC 7386) applied to the base, e.g.
                                      {"model": {"exploration": 0.1}}; "$patch": true or false at its
                                      top level says which explicitly. Either way the variant runs
                                      with the base's seed and length (after --seed and --ticks).
                    --no-guardrails   the base with "guardrails": []
                  Prints the differences (variant - base), the regret per headline metric (sum over
                  ticks of how much worse the variant did; negative: it did better), the time to
                  recover from each incident in each run, and the value lost outside incidents (the
                  cost of acting on false alarms). run.json holds
                  {format: "driftlab.comparison/1", base, variant, comparison}; metrics.csv has
                  base.<metric>, variant.<metric> and diff.<metric> columns.

Examples: driftlab run scenarios/recommender-trend-shift.json --seed 7 --out out/seed7
          driftlab run scenarios/recommender-trend-shift.json --vs exploration.json
`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: vsArgs(args),
      allowPositionals: true,
      options: {
        seed: { type: 'string' },
        ticks: { type: 'string' },
        out: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        vs: { type: 'string' },
      },
    });
    if (positionals.length > 1)
      throw new UsageError(
        `run takes one scenario file, got ${positionals.length}: ${positionals.join(' ')}`,
      );
    const file = positionals[0] ?? DEFAULT_SCENARIO;
    const seed = intOption('seed', values.seed, 0, 2 ** 32 - 1);
    const ticks = intOption('ticks', values.ticks, 1, 100_000);
    const scenario = withOverrides(file, loadScenario(file), { seed, ticks });
    const variant = values.vs === undefined ? undefined : loadVariant(values.vs, scenario);
    const name = `${scenario.id}-seed${scenario.seed}${variant ? `-vs-${variant.name}` : ''}`;
    const out = resolve(values.out ?? join('out', name));
    const output = variant ? await compare(scenario, variant, io) : await single(scenario, io);
    writeFilesAtomically(out, {
      'run.json': `${JSON.stringify(output.result)}\n`,
      'metrics.csv': output.csv,
    });
    if (!values.quiet) {
      io.out(output.summary());
      io.out(`\nWrote ${join(out, 'run.json')} and ${join(out, 'metrics.csv')}\n`);
    }
    return 0;
  },
};

const NO_GUARDRAILS = '--no-guardrails';

/** `--vs --no-guardrails` as one option (parseArgs refuses a value that looks like an option). */
function vsArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--vs' && args[i + 1] === NO_GUARDRAILS) {
      out.push(`--vs=${NO_GUARDRAILS}`);
      i++;
    } else if (args[i] === NO_GUARDRAILS) {
      throw new UsageError(
        `${NO_GUARDRAILS} goes with --vs: driftlab run <scenario.json> --vs ${NO_GUARDRAILS}`,
      );
    } else out.push(args[i]!);
  }
  return out;
}

/** The variant of a comparison: --no-guardrails, or a file (full scenario or merge patch), validated. */
function loadVariant(vs: string, base: Scenario): Variant {
  if (vs === NO_GUARDRAILS) {
    return {
      scenario: withoutGuardrails(base),
      name: 'no-guardrails',
      label: 'the base without guardrails',
      replaced: [],
    };
  }
  const text = readTextFile(vs, 'variant file', MAX_SCENARIO_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The scenario parser words JSON errors with a line and a column.
    const parsed = parseScenario(text);
    throw new ScenarioError(vs, parsed.ok ? ['(file): not valid JSON'] : parsed.errors);
  }
  const v = resolveVariant(base, json);
  const what = (kind: VariantKind | null) => (kind === 'patch' ? 'merge patch on the base' : 'full scenario');
  if (!v.ok) throw new ScenarioError(v.kind === null ? vs : `${vs} (${what(v.kind)})`, v.errors);
  const name = basename(vs, extname(vs)).replace(/[^\w.-]+/g, '-') || 'variant';
  return { scenario: v.scenario, name, label: `${basename(vs)} (${what(v.kind)})`, replaced: v.replaced };
}

interface Variant {
  scenario: Scenario;
  /** For the default output folder. */
  name: string;
  /** For the summary. */
  label: string;
  /** Fields of the variant file replaced by the base's. */
  replaced: readonly string[];
}

async function timedRun(
  scenario: Scenario,
  io: Io,
  label: string,
): Promise<{ result: RunResult; seconds: number }> {
  const bar = progressBar(io, scenario.ticks, label);
  const started = performance.now();
  const result = await run(scenario, {
    models: HOST_MODELS,
    version: VERSION,
    onTick: (t) => bar.tick(t + 1),
  });
  bar.end();
  return { result, seconds: (performance.now() - started) / 1000 };
}

/** What `driftlab run` writes and prints: run.json's object, metrics.csv, and the summary. */
interface Output {
  result: RunResult | ComparisonResult;
  csv: string;
  /** Made only when it is printed (not with --quiet). */
  summary(): string;
}

async function single(scenario: Scenario, io: Io): Promise<Output> {
  const { result, seconds } = await timedRun(scenario, io, 'running');
  return { result, csv: metricsCsv(result), summary: () => summary(result, seconds) };
}

/** `--vs`: the base, then the variant, in this process; both runs and their comparison in one run.json. */
async function compare(scenario: Scenario, variant: Variant, io: Io): Promise<Output> {
  const base = await timedRun(scenario, io, 'base');
  const other = await timedRun(variant.scenario, io, 'variant');
  const started = performance.now();
  const result = comparisonResult(base.result, other.result);
  const compareSeconds = (performance.now() - started) / 1000;
  return {
    result,
    csv: comparisonCsv(result),
    summary: () =>
      comparisonSummary(result, {
        variant: variant.label,
        replaced: variant.replaced,
        seconds: { base: base.seconds, variant: other.seconds, compare: compareSeconds },
      }),
  };
}

/** metrics.csv from a result: tick, every metric, each monitor's statistic and state. */
export const metricsCsv = resultCsv;
