/**
 * A command line as the app's "Profile a program" field holds it, split into argv the way a POSIX
 * shell would split it — whitespace between words, '…' literal, "…" with \" and \\ escapes, \ outside
 * quotes escaping the next character — and never given to a shell. What a shell would do beyond
 * splitting (pipes, redirections, variables, globs) is refused by name rather than passed on as
 * surprising literal arguments. Written here rather than taken from a package: the rules are these
 * few lines, and the refusals are Parascope's own.
 */

/** Characters a shell would act on outside quotes; here they must be quoted to be arguments. */
const SHELL_ONLY = new Set(['|', '&', ';', '<', '>', '`', '$', '*', '?', '(', ')']);

/** The words of `line`; throws one line saying what is wrong (an unclosed quote, a shell operator). */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`the command line has an unclosed ' quote (at character ${i + 1})`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) j++;
        word += line[j];
      }
      if (j >= line.length) throw new Error(`the command line has an unclosed " quote (at character ${i + 1})`);
      inWord = true;
      i = j;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error('the command line ends with a lone \\');
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (SHELL_ONLY.has(c)) {
      throw new Error(
        `the command line is not run by a shell: '${c}' (at character ${i + 1}) must be quoted to be an argument (pipes, redirections, variables and globs are not supported)`,
      );
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** One argument as the command line writes it: as is when plain, else single-quoted. */
export function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_\-.,/:=@+%]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** argv as one command line that splitCommandLine splits back into the same words. */
export function joinCommandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
