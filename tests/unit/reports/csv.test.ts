import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/domain/reports/csv';

describe('CSV for Excel and WPS', () => {
  it('starts with a UTF-8 byte-order mark and ends every row with CRLF', () => {
    const text = toCsv([
      ['事项', '办件量'],
      ['就业失业登记', 12],
    ]);
    expect(text).toBe('\uFEFF事项,办件量\r\n就业失业登记,12\r\n');
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, doubling inner quotes', () => {
    expect(csvCell('王,小明')).toBe('"王,小明"');
    expect(csvCell('他说"很好"')).toBe('"他说""很好"""');
    expect(csvCell('第一行\n第二行')).toBe('"第一行\n第二行"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=cmd')).toBe("'\t=cmd");
    // Guarded first, then quoted: the apostrophe sits inside the quotes.
    expect(csvCell('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes numbers as numbers and leaves empty cells empty', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.625)).toBe('0.625');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(toCsv([[null, 1, undefined]])).toBe('\uFEFF,1,\r\n');
  });
});
