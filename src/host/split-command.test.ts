import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinCommandLine, splitCommandLine } from './split-command.js';

describe('splitCommandLine', () => {
  it('splits on whitespace and honours quotes and backslashes as a shell does', () => {
    expect(splitCommandLine('  node app.mjs --size 512  ')).toEqual(['node', 'app.mjs', '--size', '512']);
    expect(splitCommandLine(`node 'my app.mjs' "a \\"b\\" c" d\\ e ''`)).toEqual(['node', 'my app.mjs', 'a "b" c', 'd e', '']);
    expect(splitCommandLine(`node x'y'"z"`)).toEqual(['node', 'xyz']);
    expect(splitCommandLine(`node "a\\nb"`)).toEqual(['node', 'a\\nb']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it('says what is wrong in one line: an unclosed quote, a lone backslash, a shell operator', () => {
    expect(() => splitCommandLine(`node 'app.mjs`)).toThrow("the command line has an unclosed ' quote (at character 6)");
    expect(() => splitCommandLine('node "app.mjs')).toThrow('the command line has an unclosed " quote (at character 6)');
    expect(() => splitCommandLine('node app.mjs \\')).toThrow('the command line ends with a lone \\');
    expect(() => splitCommandLine('node app.mjs | tee log')).toThrow(/not run by a shell: '\|' \(at character 14\) must be quoted/);
    expect(() => splitCommandLine('node app.mjs > out')).toThrow(/'>'/);
    expect(() => splitCommandLine('node $HOME/app.mjs')).toThrow(/'\$'/);
    expect(splitCommandLine(`node app.mjs '|' "\\$x"`)).toEqual(['node', 'app.mjs', '|', '\\$x']);
  });

  it('splits what joinCommandLine joined back into the same words, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 6 }), (argv) => {
        expect(splitCommandLine(joinCommandLine(argv))).toEqual(argv);
      }),
    );
  });
});
