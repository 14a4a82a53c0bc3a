/** `parascope report --format json`: the Stats object (schema parascope.stats/1) as it is. */
import type { Stats } from '../analysis/stats-types.js';

export function renderJson(stats: Stats): string {
  return `${JSON.stringify(stats, undefined, 2)}\n`;
}
