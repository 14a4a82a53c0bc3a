/**
 * The known name a typo most likely meant ("seed-paralel" → seed-parallel), for "did you mean …?".
 * Edit distance (Levenshtein, case-insensitive) at most a third of the name, or a known name that
 * starts with what was typed ("ex2" → ex2-small-ops); undefined when nothing is close, or when two
 * names are equally close (a guess between them would mislead).
 */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export function nearestName(typed: string, known: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  if (t === '') return undefined;
  const prefixed = known.filter((k) => k.toLowerCase().startsWith(t));
  if (prefixed.length === 1) return prefixed[0];
  const scored = known.map((k) => ({ k, d: distance(t, k.toLowerCase()) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  if (best === undefined || best.d > Math.max(1, Math.floor(best.k.length / 3))) return undefined;
  return scored[1]?.d === best.d ? undefined : best.k;
}
