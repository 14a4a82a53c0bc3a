import { describe, expect, it } from 'vitest';
import { FRESH, Scratch } from './scratch.js';

describe('Scratch', () => {
  it('carves arrays one after another at 8-byte boundaries', () => {
    const s = new Scratch(64);
    expect(s.capacity).toBe(64);
    const a = s.u8(3); // bytes 0..3, the next array at 8
    const b = s.f64(2); // bytes 8..24
    const c = s.u32(3); // bytes 24..36, the next at 40
    expect([a.byteOffset, b.byteOffset, c.byteOffset]).toEqual([0, 8, 24]);
    expect([a.length, b.length, c.length]).toEqual([3, 2, 3]);
    expect(a.buffer).toBe(b.buffer);
    expect(s.used).toBe(40);
  });

  it('gives back what was handed out after a mark, and zeroes it when handing it out again', () => {
    const s = new Scratch(64);
    const kept = s.i32(2);
    kept.set([7, -7]);
    const m = s.mark();
    expect(m).toBe(8);
    s.f64(3).fill(1.5); // bytes 8..32
    s.release(m);
    expect(s.used).toBe(8);
    const again = s.u32(4); // bytes 8..24: written before, zero now
    expect(again.byteOffset).toBe(8);
    expect([...again]).toEqual([0, 0, 0, 0]);
    const beyond = s.u8(16); // bytes 24..40: 24..32 were written, 32..40 never
    expect([...beyond]).toEqual(new Array(16).fill(0));
    expect([...kept]).toEqual([7, -7]); // below the mark: untouched
  });

  it('makes arrays fresh once the buffer is full, still zeroed and of the asked length', () => {
    const s = new Scratch(16);
    const inside = s.f64(2); // exactly fills it
    const outside = s.f64(1);
    expect(inside.buffer.byteLength).toBe(16);
    expect(outside.buffer).not.toBe(inside.buffer);
    expect([...outside]).toEqual([0]);
    expect(s.used).toBe(16);
  });

  it('with no bytes at all hands out fresh arrays', () => {
    const s = new Scratch(0);
    expect(s.capacity).toBe(0);
    const a = s.u32(5);
    expect(a.length).toBe(5);
    expect(a.byteOffset).toBe(0);
    expect(s.mark()).toBe(0);
  });

  it('refuses a release above the top (a mark from after a release)', () => {
    const s = new Scratch(64);
    s.u8(8);
    const late = s.mark(); // 8
    s.release(0);
    expect(() => s.release(late)).toThrow(RangeError);
  });
});

describe('FRESH', () => {
  it('allocates each array anew; mark and release do nothing', () => {
    const a = FRESH.f64(2);
    const m = FRESH.mark();
    const b = FRESH.f64(2);
    FRESH.release(m);
    expect(a.buffer).not.toBe(b.buffer);
    expect(b.length).toBe(2);
  });
});
