// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isProxy, reactive, shallowRef } from 'vue';
import { baseName, openDocument, traceEnd } from './document';
import { fixtureFile } from '../testing/test-files';

function file(): ArrayBuffer {
  return fixtureFile('flows.json').bytes;
}

describe('openDocument', () => {
  it('keeps the original bytes and never lets Vue proxy the trace', async () => {
    const bytes = file();
    const doc = await openDocument({ name: 'flows.json', path: '/t/flows.json', bytes });
    expect(doc.bytes).toBe(bytes);
    expect(doc.path).toBe('/t/flows.json');
    expect(doc.trace.ops.length).toBeGreaterThan(0);
    // Put into reactive state, the document and what it holds come back as themselves, not proxies.
    const state = reactive({ docs: [doc] });
    expect(isProxy(state.docs[0]!.trace)).toBe(false);
    expect(state.docs[0]).toBe(doc);
    expect(shallowRef(doc).value.stats).toBe(doc.stats);
  });

  it('gives every open its own id', async () => {
    const a = await openDocument({ name: 'a.json', bytes: file() });
    const b = await openDocument({ name: 'a.json', bytes: file() });
    expect(a.id).not.toBe(b.id);
    expect('path' in a).toBe(false);
  });
});

describe('baseName', () => {
  it('drops trace extensions', () => {
    expect(baseName('run.json.gz')).toBe('run');
    expect(baseName('run.json')).toBe('run');
    expect(baseName('run.trace.gz')).toBe('run');
    expect(baseName('my.run')).toBe('my.run');
    expect(baseName('.json')).toBe('trace');
  });
});

describe('traceEnd', () => {
  it('is the latest end of an op or a phase', async () => {
    const doc = await openDocument({ name: 'flows.json', bytes: file() });
    const end = Math.max(...doc.trace.ops.map((o) => o.start + o.dur));
    expect(traceEnd(doc.trace)).toBe(end);
    expect(traceEnd({ ...doc.trace, phases: [{ name: 'p', start: 0 as never, end: (end + 5) as never }] })).toBe(end + 5);
  });
});
