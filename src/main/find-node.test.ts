import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNode } from './find-node.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-find-node-'));

/** An executable `node` in a folder of its own that answers `--version` with `version` (or nothing). */
function fakeNode(folder: string, version: string | undefined): string {
  const d = path.join(dir, folder);
  mkdirSync(d, { recursive: true });
  const file = path.join(d, 'node');
  writeFileSync(file, version === undefined ? '#!/bin/sh\n' : `#!/bin/sh\necho ${version}\n`);
  chmodSync(file, 0o755);
  return file;
}
const node = fakeNode('bin', 'v20.20.2');
const old = fakeNode('old', 'v18.19.0');
const mute = fakeNode('mute', undefined);
const plain = path.join(dir, 'not-executable');
writeFileSync(plain, '');
chmodSync(plain, 0o644);

describe.skipIf(process.platform === 'win32')('findNode', () => {
  it('prefers $PARASCOPE_NODE', () => {
    expect(findNode({ PARASCOPE_NODE: node, PATH: '' })).toBe(node);
  });

  it('refuses a $PARASCOPE_NODE that is not an executable file, or too old, in one line', () => {
    expect(() => findNode({ PARASCOPE_NODE: plain, PATH: path.dirname(node) })).toThrow(/^PARASCOPE_NODE=.* is not an executable file$/);
    expect(() => findNode({ PARASCOPE_NODE: dir, PATH: path.dirname(node) })).toThrow(/not an executable file/);
    expect(() => findNode({ PARASCOPE_NODE: old, PATH: path.dirname(node) })).toThrow(/^PARASCOPE_NODE=.* is Node\.js 18\.19\.0, older than 20\.19\.0$/);
  });

  it('takes the Node.js that runs npm before anything on PATH', () => {
    expect(findNode({ npm_node_execpath: node, PATH: path.dirname(old) })).toBe(node);
  });

  it('looks in the usual install places after PATH (a desktop launcher’s PATH may lack them)', () => {
    expect(findNode({ PATH: path.dirname(old) }, 'linux', [path.join(dir, 'none'), path.dirname(node)])).toBe(node);
  });

  it('finds node on PATH, passing over folders without it, an old one and one that is not Node.js', () => {
    expect(findNode({ PATH: [path.join(dir, 'none'), path.dirname(old), path.dirname(mute), path.dirname(node)].join(path.delimiter) })).toBe(node);
  });

  it('says how to fix it when there is none, naming what it passed over', () => {
    expect(() => findNode({ PATH: path.dirname(old) }, 'linux', [])).toThrow(
      /passed over: .*old\/node is Node\.js 18\.19\.0, older than 20\.19\.0.*install Node\.js 20\.19\.0 or later, or set PARASCOPE_NODE/,
    );
  });
});
