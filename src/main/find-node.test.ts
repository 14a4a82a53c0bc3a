import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNode } from './find-node.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parascope-find-node-'));
const bin = path.join(dir, 'bin');
mkdirSync(bin);
const node = path.join(bin, 'node');
writeFileSync(node, '#!/bin/sh\n');
chmodSync(node, 0o755);
const plain = path.join(dir, 'not-executable');
writeFileSync(plain, '');
chmodSync(plain, 0o644);

describe.skipIf(process.platform === 'win32')('findNode', () => {
  it('prefers $PARASCOPE_NODE', () => {
    expect(findNode({ PARASCOPE_NODE: node, PATH: '' })).toBe(node);
  });

  it('refuses a $PARASCOPE_NODE that is not an executable file, in one line', () => {
    expect(() => findNode({ PARASCOPE_NODE: plain, PATH: bin })).toThrow(/^PARASCOPE_NODE=.* is not an executable file$/);
    expect(() => findNode({ PARASCOPE_NODE: dir, PATH: bin })).toThrow(/not an executable file/);
  });

  it('finds node on PATH, skipping folders without it', () => {
    expect(findNode({ PATH: [path.join(dir, 'none'), dir, bin].join(path.delimiter) })).toBe(node);
  });

  it('says how to fix it when there is none', () => {
    expect(() => findNode({ PATH: dir })).toThrow(/install Node\.js .* or set PARASCOPE_NODE/);
    expect(() => findNode({})).toThrow(/PARASCOPE_NODE/);
  });
});
