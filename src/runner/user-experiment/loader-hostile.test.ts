/**
 * Experiment files written to hurt (issue 10, items 7 and 10): files that are not regular files
 * (a FIFO would block the reader forever, /dev/zero would grow memory without end), files over
 * the size cap, and YAML alias bombs. Each is refused at once with the loader's one line,
 * `FILE[:LINE]: [field: ]what is wrong`. Plain loader, no GPU.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExperimentFileError, loadExperimentFile, MAX_EXPERIMENT_BYTES } from './loader.js';
import { aliasBombYaml } from './testing/alias-bomb.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal valid experiment whose one wgsl op reads its code from `wgslFile`. */
function withWgslFile(wgslFile: string): string {
  return [
    'schema: parascope.experiment/1',
    'name: hostile',
    'question: q?',
    'devices: [{ id: gpu }]',
    'buffers: [{ id: out, size: 1024 }]',
    'ops:',
    '  - id: k',
    '    kind: wgsl',
    `    file: ${wgslFile}`,
    '    workgroups: [1]',
    '    bindings: [{ binding: 0, buffer: out, access: read_write }]',
    'phases: [{ name: p, ops: [k] }]',
    '',
  ].join('\n');
}

function refusal(file: string): string {
  const t = Date.now();
  try {
    loadExperimentFile(file, path.basename(file));
  } catch (e) {
    expect(e).toBeInstanceOf(ExperimentFileError);
    expect(Date.now() - t).toBeLessThan(2000);
    return (e as Error).message;
  }
  throw new Error(`${file} was accepted`);
}

function fifo(name: string): string {
  const p = path.join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
}

describe('files that are not regular files, or too large', () => {
  it('a FIFO as the experiment file is refused without waiting for a writer', () => {
    expect(refusal(fifo('pipe.yaml'))).toBe('pipe.yaml: cannot read the file: not a regular file (a pipe, socket or device)');
  });

  it('/dev/zero behind an experiment file name is refused, not read', () => {
    const link = path.join(dir, 'zero.yaml');
    symlinkSync('/dev/zero', link);
    expect(refusal(link)).toBe('zero.yaml: cannot read the file: not a regular file (a pipe, socket or device)');
  });

  it('an experiment file over the cap is refused before it is read', () => {
    const big = path.join(dir, 'big.yaml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, MAX_EXPERIMENT_BYTES + 1); // sparse: no disk used
    closeSync(fd);
    expect(refusal(big)).toBe(
      `big.yaml: cannot read the file: ${MAX_EXPERIMENT_BYTES + 1} bytes, more than the ${MAX_EXPERIMENT_BYTES} an experiment file may have`,
    );
  });

  it('a file: WGSL reference to a FIFO or a device is refused at its field', () => {
    fifo('kernel.wgsl');
    const viaFifo = path.join(dir, 'fifo-ref.yaml');
    writeFileSync(viaFifo, withWgslFile('kernel.wgsl'));
    expect(refusal(viaFifo)).toBe("fifo-ref.yaml:9: ops[0].file: cannot read WGSL file 'kernel.wgsl' (not a regular file (a pipe, socket or device))");
    const viaDevice = path.join(dir, 'zero-ref.yaml');
    writeFileSync(viaDevice, withWgslFile('/dev/zero'));
    expect(refusal(viaDevice)).toBe("zero-ref.yaml:9: ops[0].file: cannot read WGSL file '/dev/zero' (not a regular file (a pipe, socket or device))");
  });
});

describe('YAML alias bombs', () => {
  it('nine levels of nine aliases each are refused at the first alias, in bounded memory', () => {
    const file = path.join(dir, 'bomb.yaml');
    writeFileSync(file, aliasBombYaml());
    expect(refusal(file)).toBe(
      'bomb.yaml:5: its aliases (*name) expand to too much: more than 100 expansions, as in a "billion laughs" file; write the values out instead',
    );
  });

  it('an anchor, as a person writes one, still loads', () => {
    const file = path.join(dir, 'aliases.yaml');
    writeFileSync(
      file,
      withWgslFile('k.wgsl').replace(
        'bindings: [{ binding: 0, buffer: out, access: read_write }]',
        'bindings: &b [{ binding: 0, buffer: out, access: read_write }]',
      ),
    );
    writeFileSync(
      path.join(dir, 'k.wgsl'),
      '@group(0) @binding(0) var<storage, read_write> out: array<f32>;\n@compute @workgroup_size(1) fn main() { out[0] = 1.0; }\n',
    );
    expect(loadExperimentFile(file).ops).toHaveLength(1);
  });
});
