/** File names the page suggests (Save As, exports), made safe for the host. Node only, no Electron import. */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/** A saved export's name when the page suggests nothing usable. */
export const EXPORT_FALLBACK_NAME = 'parascope-export';
/** A saved PDF report's name when the page suggests nothing usable. */
export const PDF_FALLBACK_NAME = 'parascope-report.pdf';

/**
 * A name the page suggested, as a bare file name: never a path that could point elsewhere, never
 * hidden, no control characters. `fallback` when nothing usable is left.
 */
export function safeFileName(name: unknown, fallback: string): string {
  const base =
    typeof name === 'string'
      ? path.posix
          .basename(name.replace(/\\/g, '/'))
          // Control characters are exactly what a file name must not carry.
          // eslint-disable-next-line no-control-regex
          .replace(/[\u0000-\u001f\u007f]/g, '')
          .trim()
      : '';
  return base === '' || base.startsWith('.') ? fallback : base;
}

/** `name` with `ext` appended unless it already ends with it (case-insensitive). */
export function withExtension(name: string, ext: string): string {
  return name.toLowerCase().endsWith(ext.toLowerCase()) ? name : `${name}${ext}`;
}

/** The name to save a PDF report under, from what the page suggested. */
export function pdfFileName(suggested: unknown): string {
  return withExtension(safeFileName(suggested, PDF_FALLBACK_NAME), '.pdf');
}

/** `name` in `dir`, or "base (2).ext" and so on when taken: a save never replaces an earlier one. */
export function freeFileIn(dir: string, name: string): string {
  const dot = name.indexOf('.', 1);
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot);
  let file = path.join(dir, name);
  for (let i = 2; existsSync(file); i++) file = path.join(dir, `${base} (${i})${ext}`);
  return file;
}

/** Saves into `dir` (made when missing) under a free name: browser mode's save folder, with no dialog. */
export function saveInto(dir: string): (name: string) => Promise<string> {
  return async (name) => {
    await fs.mkdir(dir, { recursive: true });
    return freeFileIn(dir, name);
  };
}
