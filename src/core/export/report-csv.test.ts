import { describe, expect, it } from 'vitest';
import type { OpRow, Stats } from '../analysis/stats-types.js';
import { EVIL_CSV, EVIL_MD, EVIL_SCRIPT, fixtureStats } from '../testing/report-fixture.js';
import { csvNumber, renderCsv } from './report-csv.js';

/** A strict RFC 4180 parser, independent of the writer: fields, quotes, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

function withOps(ops: OpRow[]): Stats {
  return { ...fixtureStats(), ops };
}

function row(name: string, over: Partial<OpRow> = {}): OpRow {
  return { name, kind: 'compute', count: 1, totalMs: 1, pctOfTotal: 100, avgMs: 1, medMs: 1, minMs: 1, maxMs: 1, stdDevMs: 0, ...over };
}

describe('renderCsv', () => {
  it('writes the header and one row per op, RFC 4180 with CRLF', () => {
    const stats = fixtureStats();
    const rows = parseCsv(renderCsv(stats));
    expect(rows[0]).toEqual(['name', 'kind', 'count', 'totalMs', 'pctOfTotal', 'avgMs', 'medMs', 'minMs', 'maxMs', 'stdDevMs']);
    expect(rows).toHaveLength(stats.ops.length + 1);
    for (const r of rows) expect(r).toHaveLength(10);
  });

  it('round-trips names with commas, quotes and line breaks', () => {
    const names = [EVIL_CSV, EVIL_MD, EVIL_SCRIPT, 'a,b', 'say "hi"', 'line1\r\nline2', 'plain'];
    const rows = parseCsv(renderCsv(withOps(names.map((n) => row(n)))));
    expect(rows.slice(1).map((r) => r[0])).toEqual(names);
  });

  it('defuses spreadsheet formulas in text cells with a leading apostrophe, inside quotes', () => {
    const names = ['=SUM(A1:A9)', '+1', '-2+3', '@cmd', '\tx'];
    const text = renderCsv(withOps(names.map((n) => row(n))));
    expect(text).toContain(`"'=SUM(A1:A9)"`);
    const rows = parseCsv(text);
    expect(rows.slice(1).map((r) => r[0])).toEqual(names.map((n) => `'${n}`));
  });

  it('prints numbers with up to 6 decimals and no exponent; negative numbers are not defused', () => {
    expect(csvNumber(0.1 + 0.2)).toBe('0.3');
    expect(csvNumber(123.4567891)).toBe('123.456789');
    expect(csvNumber(0.00001)).toBe('0.00001');
    expect(csvNumber(1e-7)).toBe('0');
    expect(csvNumber(-0.5)).toBe('-0.5');
    expect(csvNumber(-1e-9)).toBe('0');
    expect(csvNumber(42)).toBe('42');
    expect(csvNumber(12_345_678.25)).toBe('12345678.25');
    const rows = parseCsv(renderCsv(withOps([row('x', { totalMs: 0.0123456789, minMs: -0.5 })])));
    expect(rows[1]).toEqual(['x', 'compute', '1', '0.012346', '100', '1', '1', '-0.5', '1', '0']);
  });

  it('writes only the header when there are no ops', () => {
    expect(renderCsv(withOps([]))).toBe('name,kind,count,totalMs,pctOfTotal,avgMs,medMs,minMs,maxMs,stdDevMs\r\n');
  });
});
