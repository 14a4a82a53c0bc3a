/**
 * The page's Content Security Policy, sent as a header by both hosts (Electron's session and
 * `parascope serve`). Kept identical to the <meta> in src/renderer/index.html: the header covers
 * every response (the dev server's included), the <meta> covers the page however it was loaded.
 * Pure constant: the CLI bundle imports it too.
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
