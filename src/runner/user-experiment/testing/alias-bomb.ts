/** Test input: a "billion laughs" experiment file — nine levels of nine YAML aliases each; its first alias is on line 5. */
export function aliasBombYaml(): string {
  const lines = ['schema: parascope.experiment/1', 'name: bomb', 'question: q?', 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const [name, prev] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}
