/** Dawn instance flags for a profiled program: its own, plus unquantized timestamps. */

/** The program's Dawn flags plus unquantized timestamps (docs/platform-facts.md). */
export function withUnquantizedTimestamps(flags: readonly string[] | undefined): string[] {
  const out = [...(flags ?? [])];
  const i = out.findIndex((f) => f.startsWith('disable-dawn-features='));
  if (i < 0) out.push('disable-dawn-features=timestamp_quantization');
  else if (!out[i]!.split('=')[1]!.split(',').includes('timestamp_quantization')) out[i] = `${out[i]},timestamp_quantization`;
  return out;
}
