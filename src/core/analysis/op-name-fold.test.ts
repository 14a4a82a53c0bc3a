import { describe, expect, it } from 'vitest';
import { foldOpName } from './op-name-fold.js';

describe('foldOpName', () => {
  it('folds numbers that stand on their own: indices, counts, steps, dotted paths', () => {
    expect(foldOpName('read y[48]')).toBe('read y[*]');
    expect(foldOpName('read y[9]')).toBe('read y[*]');
    expect(foldOpName('y[3] N=1024 (gpu1)')).toBe('y[*] N=* (gpu1)');
    expect(foldOpName('ProfilerStep#12')).toBe('ProfilerStep#*');
    expect(foldOpName('layers.31.mlp')).toBe('layers.*.mlp');
    expect(foldOpName('kernel<4, 128>')).toBe('kernel<*, *>');
    expect(foldOpName('x[2][17]')).toBe('x[*][*]');
    expect(foldOpName('step 7')).toBe('step *');
    expect(foldOpName('12')).toBe('*');
    expect(foldOpName('1.5 ms')).toBe('*.* ms');
    expect(foldOpName('aten::op_12')).toBe('aten::op_*');
    expect(foldOpName('triton_poi_fused_add_0')).toBe('triton_poi_fused_add_*');
    expect(foldOpName('Memcpy DtoH 7')).toBe('Memcpy DtoH *');
  });

  it('keeps digits that are part of a word or an identifier', () => {
    expect(foldOpName('conv2d')).toBe('conv2d');
    expect(foldOpName('matmul gpu1')).toBe('matmul gpu1');
    expect(foldOpName('y1[3]')).toBe('y1[*]');
    expect(foldOpName('ampere_sgemm_128x64_nn')).toBe('ampere_sgemm_128x64_nn');
    expect(foldOpName('sm80_xmma_gemm_f16f16')).toBe('sm80_xmma_gemm_f16f16');
    expect(foldOpName('0x7f3a')).toBe('0x7f3a');
    expect(foldOpName('é1 [2]')).toBe('é1 [*]');
    // A run is folded whole or not at all: '12ab' is not '*2ab' nor '1*ab'.
    expect(foldOpName('12ab 34')).toBe('12ab *');
  });

  it('leaves names without numbers alone', () => {
    expect(foldOpName('matmul y = x·x')).toBe('matmul y = x·x');
    expect(foldOpName('')).toBe('');
    expect(foldOpName('a[*]')).toBe('a[*]');
  });
});
