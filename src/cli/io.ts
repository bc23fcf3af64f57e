// What every command shares: the one-line error for bad input (exit code 2), checks of arguments and
// options, CSV columns with line numbers in their errors, and writing outputs so that nothing
// half-written is ever left behind.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { megabytes } from '../core/scenario/validate.ts';

/** Bad input: the CLI prints `driftlab: <message>` on one line and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where a command writes: stdout, stderr and whether stderr is a terminal (for progress bars). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  isTty: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};

/** `1 argument`, `2 arguments`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The positional arguments when there are exactly as many as `names`, else a UsageError listing them. */
export function exactArgs<const N extends readonly string[]>(
  command: string,
  names: N,
  args: readonly string[],
): { [K in keyof N]: string } {
  if (args.length !== names.length) {
    throw new UsageError(
      `${command}: expected ${names.join(' ')}, got ${plural(args.length, 'argument')} (driftlab ${command} --help)`,
    );
  }
  return args as unknown as { [K in keyof N]: string };
}

/** An integer option from `min` to `max`, undefined when it is not given, or a UsageError naming it. */
export function intOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

const MAX_INPUT_BYTES = 200 * 1024 * 1024;

/** Read a text file, with the errors a user can act on. */
export function readTextFile(path: string, what = 'file', maxBytes = MAX_INPUT_BYTES): string {
  if (!existsSync(path)) throw new UsageError(`${path}: no such ${what}`);
  const st = statSync(path);
  if (st.isDirectory()) throw new UsageError(`${path}: is a directory, expected a ${what}`);
  if (st.size > maxBytes) {
    throw new UsageError(
      `${path}: ${what} is ${megabytes(st.size)} MB, more than the ${megabytes(maxBytes)} MB limit`,
    );
  }
  return readFileSync(path, 'utf8');
}

export interface CsvColumn {
  /** The file it was read from. */
  path: string;
  /** The column's header name. */
  name: string;
  /** Raw cell text, one per data row. */
  cells: string[];
  /** 1-based line number in the file of each cell, for error messages. */
  lines: number[];
}

/** Split one CSV line (RFC 4180 quotes: "a,b" and "" inside quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * One column of a CSV file with a header line. `column` picks it by name (default: the first).
 * Blank lines are skipped; a row with too few cells is an error naming its line.
 */
export function readCsvColumn(path: string, column?: string): CsvColumn {
  const text = readTextFile(path, 'CSV file');
  const rows = text.split(/\r?\n/);
  const headerAt = rows.findIndex((r) => r.trim() !== '');
  if (headerAt < 0) throw new UsageError(`${path}: empty file, expected a header line and at least one row`);
  const header = splitCsvLine(rows[headerAt]!).map((h) => h.trim());
  const index = column === undefined ? 0 : header.indexOf(column);
  if (index < 0) {
    throw new UsageError(`${path}: no column "${column}" (the header has: ${header.join(', ')})`);
  }
  const cells: string[] = [];
  const lines: number[] = [];
  for (let i = headerAt + 1; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.trim() === '') continue;
    const parts = splitCsvLine(row);
    if (parts.length <= index) {
      throw new UsageError(`${path} line ${i + 1}: expected ${header.length} cells, got ${parts.length}`);
    }
    cells.push(parts[index]!.trim());
    lines.push(i + 1);
  }
  if (cells.length === 0) throw new UsageError(`${path}: no data rows after the header`);
  return { path, name: header[index]!, cells, lines };
}

/** Where cell `i` of a column is, to start an error message: `<file> line <n>: column "<name>"`. */
export function cellPlace(col: CsvColumn, i: number): string {
  return `${col.path} line ${col.lines[i]}: column "${col.name}"`;
}

/** A cell as a finite number, or NaN when it is not one (an empty cell is not 0). */
function cellNumber(cell: string): number {
  return cell === '' ? Number.NaN : Number(cell);
}

/** Whether every cell of the column reads as a finite number. */
export function isNumericColumn(col: CsvColumn): boolean {
  return col.cells.every((cell) => Number.isFinite(cellNumber(cell)));
}

/**
 * The column's cells as numbers; a cell that is not a finite number is an error naming its line,
 * with `hint` at its end.
 */
export function numericCells(col: CsvColumn, hint = ''): Float64Array {
  const out = new Float64Array(col.cells.length);
  for (let i = 0; i < col.cells.length; i++) {
    const v = cellNumber(col.cells[i]!);
    if (!Number.isFinite(v)) {
      throw new UsageError(
        `${cellPlace(col, i)}: expected a number, got ${JSON.stringify(col.cells[i])}${hint}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * Write a set of files into `dir` atomically: everything goes to a sibling temporary folder first and
 * is moved into place only when all of it is written, so a failure leaves `dir` as it was.
 */
export function writeFilesAtomically(dir: string, files: Record<string, string>): void {
  const parent = dirname(dir);
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  try {
    mkdirSync(parent, { recursive: true });
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
      mkdirSync(dir, { recursive: true });
      for (const name of Object.keys(files)) renameSync(join(tmp, name), join(dir, name));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (error) {
    // A path that cannot be written (under a file, no permission, disk full): one line, not a trace.
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    throw new UsageError(`${dir}: cannot write here (${(error as Error).message})`);
  }
}
