/** Errors reach the user as one line: the message of an Error, whitespace folded, length capped. */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 500 ? `${flat.slice(0, 499)}…` : flat;
}
