/**
 * Escaping for strings that come from traces (op, lane, process and phase names, claims, notes):
 * a trace file is untrusted input, and a report that shows it must never let it become markup.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in HTML/SVG text and in attribute values (single- or double-quoted). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Safe inline Markdown (CommonMark/GFM), in paragraphs, list items and table cells. Every character
 * that can open emphasis, code, a link, raw HTML, an entity, strikethrough or a table cell boundary
 * gets a backslash (CommonMark lets any ASCII punctuation be escaped that way); so does a leading
 * character that would make a heading, list or quote block, since text can land at the start of a
 * list item. Line breaks become spaces because a newline would end a table row or a list item.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/\r\n|[\r\n]/g, ' ')
    .replace(/[\\`*_[\]<>|&~]/g, (c) => `\\${c}`)
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}
