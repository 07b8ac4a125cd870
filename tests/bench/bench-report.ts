import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';

/** Figures, their summary statistics and the targets from the issue; a missed target is reported, never thrown. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

export interface Target {
  readonly comparison: '<' | '<=';
  readonly value: number;
  /** Which statistic the target is about. */
  readonly statistic: 'median';
}

export interface Figure extends Summary {
  readonly id: string;
  readonly label: string;
  readonly unit: 'ms' | 'ratio' | 'ms/doc' | 'docs/s';
  readonly target?: Target;
  /** Present when there is a target and something was measured. */
  readonly meetsTarget?: boolean;
  readonly note?: string;
}

/** Nearest-rank percentile of already sorted values. */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? sorted[middle]!
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? 0)) / 2;
  return {
    n: sorted.length,
    median,
    p95: percentile(sorted, 95),
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function figure(
  id: string,
  label: string,
  unit: Figure['unit'],
  samples: readonly number[],
  options: { target?: Target; note?: string } = {},
): Figure {
  const summary = summarize(samples);
  const { target, note } = options;
  const meetsTarget =
    target === undefined || summary.n === 0
      ? undefined
      : target.comparison === '<'
        ? summary.median < target.value
        : summary.median <= target.value;
  return {
    id,
    label,
    unit,
    ...summary,
    ...(target === undefined ? {} : { target, meetsTarget }),
    ...(note === undefined ? {} : { note }),
  };
}

export interface BenchReport {
  readonly machine: MachineFacts;
  readonly fixtures: Readonly<Record<string, string | number>>;
  readonly figures: readonly Figure[];
  readonly notes: readonly string[];
}

export type MachineFacts = Readonly<Record<string, string | number>>;

const loadAverage1m = (): number => Number(loadavg()[0]?.toFixed(2));

/**
 * The machine a report was measured on. Taken when a run begins and finished when it ends: other processes on the
 * machine slow every figure, and the load average at both ends shows how busy it was. `details` (e.g. the Chromium
 * version) go between the fixed facts and the end of the run.
 */
export function recordMachine(quick: boolean): { finish(details?: MachineFacts): MachineFacts } {
  const loadAverage1mAtStart = loadAverage1m();
  return {
    finish: (details = {}) => ({
      cpuModel: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage1mAtStart,
      node: process.version,
      ...details,
      date: new Date().toISOString(),
      loadAverage1mAtEnd: loadAverage1m(),
      mode: quick ? 'quick (BENCH_QUICK=1): sizes shrunk, targets not meaningful' : 'full',
    }),
  };
}

export async function writeReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}

const formatValue = (value: number, unit: Figure['unit']): string =>
  Number.isNaN(value) ? '–' : unit === 'ratio' ? `${value.toFixed(2)}×` : value.toFixed(value < 10 ? 2 : 0);

const formatTarget = (figure: Figure): string =>
  figure.target === undefined
    ? ''
    : `${figure.target.statistic} ${figure.target.comparison} ${formatValue(figure.target.value, figure.unit)}`;

const verdict = (figure: Figure): string => {
  if (figure.n === 0) return 'not measured';
  return figure.meetsTarget === undefined ? '' : figure.meetsTarget ? 'PASS' : 'FAIL';
};

export function formatTable(report: BenchReport): string {
  const header = ['Figure', 'unit', 'n', 'median', 'p95', 'target', 'result'];
  const rows = report.figures.map((figure) => [
    figure.label,
    figure.unit,
    String(figure.n),
    formatValue(figure.median, figure.unit),
    formatValue(figure.p95, figure.unit),
    formatTarget(figure),
    verdict(figure),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => [...row[column]!].length)),
  );
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  const machine = Object.entries(report.machine).map(([key, value]) => `${key}: ${value}`);
  const fixtures = Object.entries(report.fixtures).map(([key, value]) => `${key}: ${value}`);
  return [
    ...machine,
    ...fixtures,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    ...report.notes.map((note) => `* ${note}`),
  ].join('\n');
}
