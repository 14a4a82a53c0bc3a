import { describe, expect, it } from 'vitest';
import { commandLineFile } from './command-line.js';

describe('commandLineFile', () => {
  it('takes the first argument after the app path, resolved against the folder the user was in', () => {
    expect(commandLineFile(['/x/electron', '.', 'trace.json'], false, '/home/u')).toBe('/home/u/trace.json');
    expect(commandLineFile(['/x/electron', '/app', '/data/t.json.gz'], false, '/home/u')).toBe('/data/t.json.gz');
    expect(commandLineFile(['/Applications/Parascope', 'trace.json'], true, '/tmp')).toBe('/tmp/trace.json');
  });

  it('skips Chromium switches and finds nothing when no file is named', () => {
    expect(commandLineFile(['/x/electron', '.', '--no-sandbox', 't.json'], false, '/w')).toBe('/w/t.json');
    expect(commandLineFile(['/x/electron', '.'], false, '/w')).toBeUndefined();
    expect(commandLineFile(['/x/electron', '.', '--no-sandbox'], false, '/w')).toBeUndefined();
    expect(commandLineFile(['/Applications/Parascope'], true, '/w')).toBeUndefined();
  });
});
