// `driftlab compare <reference.csv> <current.csv>`: one column of two files through the two-sample
// drift statistics of MONITORS.md (shared spec), each named with its convention, and the test Evidently would
// pick with its verdict, so a threshold read here means what it means in the tool a team runs.
import { parseArgs } from 'node:util';
import { chiSquare } from '../../core/stats/chiSquare.ts';
import { evidentlyDrift } from '../../core/stats/evidentlyDrift.ts';
import { hellinger } from '../../core/stats/hellinger.ts';
import { jensenShannon } from '../../core/stats/jensenShannon.ts';
import { ks } from '../../core/stats/ks.ts';
import { lInfinity } from '../../core/stats/lInfinity.ts';
import { psi } from '../../core/stats/psi.ts';
import { wasserstein } from '../../core/stats/wasserstein.ts';
import {
  type CsvColumn,
  exactArgs,
  isNumericColumn,
  numericCells,
  readCsvColumn,
  UsageError,
} from '../io.ts';
import type { Command } from './types.ts';

const usage = `Usage: driftlab compare <reference.csv> <current.csv> [--column NAME] [--categorical] [--json]

Compare one column of a reference file with the same column of a current file using the two-sample
drift statistics driftlab monitors with, each computed as the tool that defines it does (scipy for
ks, wasserstein and chi-square). The column is numeric when every cell of both files reads as a
finite number, categorical when neither does; a numeric file against one with a non-numeric cell is
an error naming that cell (pass --categorical to compare the cells as labels).

Numeric:      ks (two-sided, scipy's exact p-value up to 10,000 rows per file, asymptotic beyond),
              wasserstein (and Evidently's normalised variant), jensen-shannon (base 2, 10 equal-width
              bins over both files), psi (10 bins at the reference deciles, and 10 equal-width bins
              over the reference range), hellinger (the jensen-shannon bins)
Categorical:  chi-square (2 x K contingency table; Yates' correction only for 2 categories, as
              scipy), l-infinity (largest change in a category's share), jensen-shannon and psi
              over the categories; empty cells are skipped as missing
Both:         the test Evidently picks for the column and its verdict at Evidently's threshold,
              computed Evidently's way (its chi-square is goodness-of-fit against the reference
              shares, so a category the reference never had gives p = 0; its jensen-shannon uses
              natural logarithms)

Options:
  --column NAME   the column to compare, in both files (default: the first column of each)
  --categorical   compare the cells as category labels even when they read as numbers
  --json          print one JSON object: {"kind", "column", "n": {"reference", "current"},
                  "missing", one entry per statistic with its value(s) and convention, "evidently":
                  {"test", "value", "drift", "threshold"}}

Examples:
  driftlab compare train.csv today.csv --column age
  driftlab compare train.csv today.csv --column country --json
`;

/** 4 significant digits, exponent notation for small magnitudes. */
function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0 || !Number.isFinite(x)) return String(x);
  if (Math.abs(x) < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '))
    .join('\n');
}

const verdict = (drift: boolean) => (drift ? 'drift' : 'no drift');
const pVerdict = (p: number) => verdict(p < 0.05);
const dVerdict = (d: number) => verdict(d >= 0.1);
const psiVerdict = (v: number) => (v >= 0.25 ? 'alarm' : v >= 0.1 ? 'warning' : 'stable');

/** What one kind of comparison found: the --json entries and the rows of the printed table. */
interface Comparison {
  kind: 'numeric' | 'categorical';
  n: { reference: number; current: number };
  missing: { reference: number; current: number };
  /** One --json entry per statistic, in the printed order. */
  statistics: Record<string, unknown>;
  /** The table's rows under its header. */
  rows: string[][];
  evidently: ReturnType<typeof evidentlyDrift>;
}

function numericComparison(ref: CsvColumn, cur: CsvColumn): Comparison {
  // One of the two reads as numbers: a cell of the other that does not is the error.
  const hint = (other: CsvColumn) =>
    ` (${other.path} is numeric; pass --categorical to compare the cells as labels)`;
  const a = numericCells(ref, hint(cur));
  const b = numericCells(cur, hint(ref));
  const k = ks(a, b);
  const w = wasserstein(a, b);
  const js = jensenShannon(a, b);
  const psiQuantile = psi(a, b);
  const psiUniform = psi(a, b, { binning: 'uniform' });
  const h = hellinger(a, b);
  return {
    kind: 'numeric',
    n: { reference: a.length, current: b.length },
    missing: { reference: 0, current: 0 },
    statistics: {
      ks: { statistic: k.statistic, pvalue: k.pvalue, method: k.method, alternative: 'two-sided' },
      wasserstein: w,
      jensenShannon: js,
      psi: { quantile: psiQuantile, uniform: psiUniform },
      hellinger: h,
    },
    rows: [
      [
        'ks',
        fmt(k.statistic),
        `p = ${fmt(k.pvalue)}: ${pVerdict(k.pvalue)}`,
        `two-sided, ${k.method} p-value (scipy)`,
      ],
      ['wasserstein', fmt(w.value), '', 'scipy wasserstein_distance'],
      [
        '  normalised',
        fmt(w.normalized),
        dVerdict(w.normalized),
        `÷ max(std_ref, 0.001), std_ref = ${fmt(w.referenceStd)} (ddof 0)`,
      ],
      [
        'jensen-shannon',
        fmt(js.value),
        dVerdict(js.value),
        `distance, base 2, ${js.bins} equal-width bins over both`,
      ],
      [
        'psi',
        fmt(psiQuantile.value),
        psiVerdict(psiQuantile.value),
        `${psiQuantile.bins} bins at reference deciles`,
      ],
      [
        '  equal-width',
        fmt(psiUniform.value),
        psiVerdict(psiUniform.value),
        `${psiUniform.bins} equal-width bins over the reference range`,
      ],
      ['hellinger', fmt(h.value), dVerdict(h.value), 'the jensen-shannon bins'],
    ],
    evidently: evidentlyDrift(a, b),
  };
}

/** The non-empty cells of a column: its labels (empty cells are missing values). */
function labels(col: CsvColumn): string[] {
  const kept = col.cells.filter((c) => c !== '');
  if (kept.length === 0) throw new UsageError(`${col.path}: column "${col.name}" has only empty cells`);
  return kept;
}

function categoricalComparison(ref: CsvColumn, cur: CsvColumn): Comparison {
  const a = labels(ref);
  const b = labels(cur);
  const chi = chiSquare(a, b);
  const linf = lInfinity(a, b);
  const js = jensenShannon(a, b);
  const p = psi(a, b);
  return {
    kind: 'categorical',
    n: { reference: a.length, current: b.length },
    missing: { reference: ref.cells.length - a.length, current: cur.cells.length - b.length },
    statistics: { chiSquare: chi, lInfinity: linf, jensenShannon: js, psi: p },
    rows: [
      [
        'chi-square',
        fmt(chi.statistic),
        `p = ${fmt(chi.pvalue)}: ${pVerdict(chi.pvalue)}`,
        `2 x ${chi.categories} table, dof ${chi.dof}${chi.correction ? ", Yates' correction" : ''} (scipy)`,
      ],
      [
        'l-infinity',
        fmt(linf.value),
        dVerdict(linf.value),
        `largest change in a share, at "${linf.category}"`,
      ],
      ['jensen-shannon', fmt(js.value), dVerdict(js.value), `distance, base 2, over ${js.bins} categories`],
      ['psi', fmt(p.value), psiVerdict(p.value), `over ${p.bins} categories, 0 shares → 1e-4`],
    ],
    evidently: evidentlyDrift(a, b),
  };
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare a column of two CSV files with two-sample drift statistics',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        column: { type: 'string' },
        categorical: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const [refPath, curPath] = exactArgs('compare', ['<reference.csv>', '<current.csv>'], positionals);
    const ref = readCsvColumn(refPath, values.column);
    const cur = readCsvColumn(curPath, values.column);
    const categorical = values.categorical === true || (!isNumericColumn(ref) && !isNumericColumn(cur));
    const c = categorical ? categoricalComparison(ref, cur) : numericComparison(ref, cur);
    const column = { reference: ref.name, current: cur.name };
    if (values.json) {
      const { kind, n, missing, statistics, evidently } = c;
      io.out(`${JSON.stringify({ kind, column, n, missing, ...statistics, evidently })}\n`);
      return 0;
    }
    const skipped = c.missing.reference + c.missing.current;
    const found = `${c.kind}, ${c.n.reference} vs ${c.n.current} values${skipped > 0 ? ` (${skipped} empty cells skipped)` : ''}`;
    io.out(
      [
        `${refPath} (column "${column.reference}") vs ${curPath} (column "${column.current}"): ${found}`,
        '',
        table([['statistic', 'value', 'usual reading', 'convention'], ...c.rows]),
        '',
        evidentlyLine(c.evidently),
        '',
      ].join('\n'),
    );
    return 0;
  },
};

function evidentlyLine(e: ReturnType<typeof evidentlyDrift>): string {
  const isP = e.test === 'ks' || e.test === 'chisquare' || e.test === 'z';
  const rule = isP
    ? `p-value ${fmt(e.value)} ${e.drift ? '<' : '>='} ${e.threshold}`
    : `${fmt(e.value)} ${e.drift ? '>=' : '<'} ${e.threshold}`;
  return `Evidently's automatic test: ${e.test}, ${rule}: ${verdict(e.drift)}`;
}
