/**
 * The page's Content Security Policy, sent as a header by both hosts (Electron's session and
 * `parascope serve`). Kept identical to the <meta> in src/renderer/index.html: the header covers
 * every response (the dev server's included), the <meta> covers the page however it was loaded.
 * Pure constants: the CLI bundle imports them too.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  // 'self' also matches ws: on the same host and port (CSP 3), which browser mode's /api/run needs.
  "connect-src 'self'",
  // No <base> may re-point the page's relative URLs, no plug-ins, no form posts anywhere
  // (Electron's security checklist; the app has no <base>, <object> or <form action>).
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'none'",
].join('; ');

/**
 * What a printed report may load: nothing but its own inline styles and data: images (the report
 * has no script and no URL of any kind: src/core/export/report-html.ts). Both printers put it in
 * the HTML they print (withPrintCsp), on top of their own guards (no script, no network), so an
 * iframe, image or stylesheet naming file:// or the network cannot reach the PDF.
 */
export const PRINT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** `html` with the print CSP as the first thing in it, so it governs everything after. */
export function withPrintCsp(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${PRINT_CONTENT_SECURITY_POLICY}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head !== null) return `${html.slice(0, head.index + head[0].length)}\n${meta}${html.slice(head.index + head[0].length)}`;
  return `<!DOCTYPE html><html><head>${meta}</head><body>${html}</body></html>`;
}
