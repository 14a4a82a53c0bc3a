import { describe, expect, it } from 'vitest';
import { fixtureStats } from '../testing/report-fixture.js';
import { renderJson } from './report-json.js';

describe('renderJson', () => {
  it('is the Stats object, pretty-printed, newline at the end', () => {
    const stats = fixtureStats();
    const text = renderJson(stats);
    expect(JSON.parse(text)).toEqual(stats);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schema": "parascope.stats/1",\n')).toBe(true);
  });
});
