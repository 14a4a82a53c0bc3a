import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExperimentFiles, recordingStem } from './experiment-files.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../resources/experiments');

const KERNEL = `schema: parascope.experiment/1
name: Kernel from a file
question: Does it run?
devices: [{ id: gpu }]
buffers: [{ id: out, size: 1024 }]
ops:
  - { id: k, kind: wgsl, file: kernel.wgsl, workgroups: [1], bindings: [{ binding: 0, buffer: out, access: read_write }] }
phases: [{ name: once, ops: [k] }]
`;
const WGSL = '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(1) fn main() { out[0] = 1.0; }\n';

function folder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parascope-expfiles-'));
  writeFileSync(path.join(dir, 'kernel.yaml'), KERNEL);
  writeFileSync(path.join(dir, 'kernel.wgsl'), WGSL);
  return dir;
}

describe('ExperimentFiles', () => {
  it('lists and describes every bundled example, each valid', async () => {
    const problems: string[] = [];
    const examples = await new ExperimentFiles(EXAMPLES).examples((m) => problems.push(m));
    expect(problems).toEqual([]);
    expect(examples.map((e) => e.source.name)).toEqual(
      readdirSync(EXAMPLES)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort(),
    );
    for (const e of examples) {
      expect(e.example).toBe(true);
      expect(e.question).toMatch(/\?$/);
      expect(e.ops).toBeGreaterThan(0);
      expect(e.phases.length).toBeGreaterThan(0);
    }
  });

  it('runs a picked file by path, with its WGSL file beside it; a file not picked is refused', async () => {
    const dir = folder();
    const files = new ExperimentFiles(path.join(dir, 'no-examples'));
    const file = path.join(dir, 'kernel.yaml');
    await expect(files.resolve({ name: 'kernel.yaml', path: file })).rejects.toThrow(`${file}: not an example experiment file or one picked in the app`);
    const info = files.describePicked(file);
    expect(info).toMatchObject({
      source: { name: 'kernel.yaml', path: file },
      title: 'Kernel from a file',
      devices: 1,
      ops: 1,
      phases: ['once'],
      example: false,
    });
    const spec = await files.resolve(info.source);
    expect(spec.ops[0]).toMatchObject({ kind: 'wgsl', code: WGSL });
    // Picking one file does not open its folder.
    await expect(files.resolve({ name: 'kernel.wgsl', path: path.join(dir, 'kernel.wgsl') })).rejects.toThrow(/not an example/);
  });

  it('refuses a link inside the examples that points out of them', async () => {
    const dir = folder();
    mkdirSync(path.join(dir, 'examples'));
    symlinkSync(path.join(dir, 'kernel.yaml'), path.join(dir, 'examples', 'link.yaml'));
    const files = new ExperimentFiles(path.join(dir, 'examples'));
    await expect(files.resolve({ name: 'link.yaml', path: path.join(dir, 'examples', 'link.yaml') })).rejects.toThrow(/links outside/);
  });

  it('parses text the page read, but never reads files the text names', async () => {
    const files = new ExperimentFiles(EXAMPLES);
    const inline = KERNEL.replace('file: kernel.wgsl', 'code: "@compute @workgroup_size(1) fn main() {}"');
    expect(files.describeText('mine.yml', inline)).toMatchObject({ source: { name: 'mine.yml', text: inline }, example: false });
    expect(() => files.describeText('mine.yml', KERNEL)).toThrow(
      /^mine\.yml:7: ops\[0\]\.file: cannot read WGSL file 'kernel\.wgsl' \(the experiment file was read by the browser/,
    );
    await expect(files.resolve({ name: 'mine.yml', text: KERNEL })).rejects.toThrow(/read by the browser/);
    expect(() => files.describeText('../../etc/x.yaml', inline).source.name).not.toThrow();
    expect(files.describeText('../../etc/x.yaml', inline).source.name).toBe('x.yaml');
    expect(() => files.describeText('mine.txt', inline)).toThrow(/named \.yaml, \.yml or \.json/);
    expect(() => files.describeText('mine.yaml', 42)).toThrow(/text is missing/);
    await expect(files.resolve(null)).rejects.toThrow(/by path or given as text/);
  });
});

describe('recordingStem', () => {
  it('is file-<base name> in characters safe for a file name', () => {
    expect(recordingStem('custom-kernel.yaml')).toBe('file-custom-kernel');
    expect(recordingStem('My Experiment (v2).JSON')).toBe('file-My-Experiment-v2');
    expect(recordingStem('../../evil.yml')).toBe('file-evil');
    expect(recordingStem('...yaml')).toBe('file-experiment');
  });
});
