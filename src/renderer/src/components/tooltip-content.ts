/**
 * Chart tooltips as DOM nodes built with textContent. ECharts inserts a formatter's string as
 * HTML, so a string tooltip would have to escape every trace-supplied name; a node built from
 * text cannot become markup at all, whatever the name holds.
 */

/** One tooltip: a bold first line (the name), then plain lines. */
export function tooltipContent(title: string, lines: readonly string[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'ps-tooltip';
  const head = document.createElement('div');
  head.style.fontWeight = '600';
  head.textContent = title;
  root.append(head);
  for (const line of lines) {
    const row = document.createElement('div');
    row.textContent = line;
    root.append(row);
  }
  return root;
}
