/** File names the page suggests (Save As, exports), made safe for the host. Pure, no Electron import. */
import path from 'node:path';

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
