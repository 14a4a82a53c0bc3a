import { describe, expect, it } from 'vitest';
import { withUnquantizedTimestamps } from './dawn-flags.js';

describe('withUnquantizedTimestamps', () => {
  it('adds the flag, or joins the program’s own disable list, once', () => {
    expect(withUnquantizedTimestamps(undefined)).toEqual(['disable-dawn-features=timestamp_quantization']);
    expect(withUnquantizedTimestamps(['adapter=llvmpipe'])).toEqual(['adapter=llvmpipe', 'disable-dawn-features=timestamp_quantization']);
    expect(withUnquantizedTimestamps(['disable-dawn-features=foo'])).toEqual(['disable-dawn-features=foo,timestamp_quantization']);
    expect(withUnquantizedTimestamps(['disable-dawn-features=timestamp_quantization'])).toEqual(['disable-dawn-features=timestamp_quantization']);
  });
});
