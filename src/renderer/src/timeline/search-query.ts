/**
 * What the timeline's search box means (issue 13 item 4): text finds op names that contain it,
 * ignoring case; text written as /pattern/flags is a regular expression (JavaScript syntax,
 * case-sensitive unless the `i` flag is given), as in Perfetto's and Chrome DevTools' search. A
 * regex still being typed (`/mat` with no closing slash) already searches for `mat`. The same
 * query filters the op table, so both say the same thing about the same names.
 */

export type SearchQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ok'; readonly text: string; readonly regex: boolean; readonly test: (name: string) => boolean }
  | { readonly kind: 'error'; readonly text: string; readonly message: string };

const FLAGS = /^[dimsuv]*$/;

export function parseQuery(input: string): SearchQuery {
  const text = input.trim();
  if (text === '') return { kind: 'empty' };
  if (text.startsWith('/') && text.length > 1) {
    const close = text.lastIndexOf('/');
    const closed = close > 0 && FLAGS.test(text.slice(close + 1));
    const body = closed ? text.slice(1, close) : text.slice(1);
    const flags = closed ? text.slice(close + 1) : '';
    if (body === '') return { kind: 'empty' };
    try {
      const re = new RegExp(body, flags);
      return { kind: 'ok', text, regex: true, test: (name) => re.test(name) };
    } catch (e) {
      return { kind: 'error', text, message: `not a regular expression: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  const needle = text.toLowerCase();
  return { kind: 'ok', text, regex: false, test: (name) => name.toLowerCase().includes(needle) };
}

/** A regex source that matches exactly `name` (for "search for this op-table row"). */
export function escapeRegex(name: string): string {
  return name.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
