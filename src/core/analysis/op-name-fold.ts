/**
 * Folding op names into patterns (issue 13 item 7): a recording names its ops `read y[0]` …
 * `read y[49]`, a model `layers.0.mlp` … `layers.31.mlp`, and an op table by exact name gives one
 * row of count 2 per index. The op table's folded rows group names that differ only in numbers.
 *
 * The rule: every maximal run of ASCII digits that stands as a number of its own — neither the
 * character before it nor the one after it is a letter or a digit — becomes `*`. So `read y[48]`
 * → `read y[*]`, `y[3] N=1024 (gpu1)` → `y[*] N=* (gpu1)`, `ProfilerStep#12` → `ProfilerStep#*`,
 * `layers.3.mlp` → `layers.*.mlp`, `kernel<4, 128>` → `kernel<*, *>`, `aten::op_12` →
 * `aten::op_*`, `triton_poi_fused_add_0` → `triton_poi_fused_add_*` (`_` separates, as `.` and
 * space do), while digits that are part of a word stay: `conv2d`, `gpu1`, `fp16`, `y1[3]` →
 * `y1[*]`, `sm80_xmma`, `sgemm_128x64_nn` (a version or a tile size names a different kernel, not
 * an index). Letters are Unicode letters. A name that already holds a `*` keeps it, so `a[*]` and
 * `a[1]` share a row; nothing else is changed, and names that fold alike share a row.
 */

const NUMBER_TOKEN = /(?<![\p{L}\p{N}])[0-9]+(?![\p{L}\p{N}])/gu;

export const FOLD_MARK = '*';

export function foldOpName(name: string): string {
  return name.replace(NUMBER_TOKEN, FOLD_MARK);
}
