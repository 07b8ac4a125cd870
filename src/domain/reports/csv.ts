/**
 * CSV as Excel and WPS open it with Chinese text intact: UTF-8 with a byte-order mark (without it both read the file
 * as GBK), CRLF line ends, RFC 4180 quoting. Text that a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return that hides one) is prefixed with an apostrophe, so a citizen's name or a comment can
 * never become a formula on a clerk's computer (CSV injection). Numbers are written as numbers.
 */

export type CsvCell = string | number | null | undefined;

const BYTE_ORDER_MARK = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** The whole file: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BYTE_ORDER_MARK + rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
