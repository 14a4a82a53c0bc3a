// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { TraceFormatError } from '@core/import/errors';
import type { TraceFile } from '@shared/api';
import type { TraceDocument } from './document';
import { createWorkspace } from './workspace';

function file(name: string): TraceFile {
  return { name, bytes: new ArrayBuffer(1) };
}

/** Opens anything but files named bad*, which fail as an importer would. */
async function fakeOpen(f: TraceFile): Promise<TraceDocument> {
  if (f.name.startsWith('bad')) throw new TraceFormatError(`${f.name}: not a trace: expected JSON`);
  return { id: f.name, name: f.name, bytes: f.bytes } as unknown as TraceDocument;
}

describe('workspace', () => {
  it('a file that fails to open leaves what was open, and says why in one line', async () => {
    const ws = createWorkspace(fakeOpen);
    await ws.open(file('a.json'));
    expect(ws.active.value?.name).toBe('a.json');
    expect(await ws.open(file('bad.json'))).toBeUndefined();
    expect(ws.error.value).toBe('bad.json: not a trace: expected JSON');
    expect(ws.active.value?.name).toBe('a.json');
    expect(ws.documents.value.map((d) => d.name)).toEqual(['a.json']);
    await ws.open(file('b.json'));
    expect(ws.error.value).toBeUndefined();
    expect(ws.active.value?.name).toBe('b.json');
  });

  it('closing the active document shows its neighbour', async () => {
    const ws = createWorkspace(fakeOpen);
    for (const n of ['a', 'b', 'c']) await ws.open(file(n));
    ws.activate('b');
    ws.close('b');
    expect(ws.active.value?.name).toBe('c');
    ws.close('c');
    expect(ws.active.value?.name).toBe('a');
    ws.close('a');
    expect(ws.active.value).toBeUndefined();
  });

  it('fail() words any error as one line with its context', () => {
    const ws = createWorkspace(fakeOpen);
    ws.fail(new Error('disk full\nretry'), 'Save failed');
    expect(ws.error.value).toBe('Save failed: disk full retry');
    ws.dismissError();
    expect(ws.error.value).toBeUndefined();
  });
});
