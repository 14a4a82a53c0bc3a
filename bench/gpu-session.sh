#!/bin/bash
# The whole GPU check of issue 2 in one run on a lent H100/H200 (docs/benchmarks.md says how):
#   bash .gpu/on-device.sh bash bench/gpu-session.sh
# Writes every figure as JSON lines, and the sample recordings, under $OUT (or ./gpu-out).
# Sizes can be lowered for a dry run on lavapipe: N_BIG=256 N_MID=128 REPS=5 bash bench/gpu-session.sh
set -u
O=${OUT:-gpu-out}; mkdir -p "$O"
N_BIG=${N_BIG:-4000}; N_MID=${N_MID:-1024}; REPS=${REPS:-50}
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
step() { echo "== $*" >&2; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader > "$O/gpu.txt" 2>&1 || echo none > "$O/gpu.txt"
# ONLY=record skips the benchmarks and only records the sample traces.
if [ "${ONLY:-}" != record ]; then
step devices;   timeout 60 node bin/parascope.js devices --json > "$O/devices.json"; cat "$O/devices.json" >&2
step cublas;    { timeout 90 python3 bench/cublas-reference.py "$N_BIG" 20; timeout 60 python3 bench/cublas-reference.py "$N_MID" 50; } > "$O/cublas.jsonl" 2>"$O/cublas.err"; cat "$O/cublas.jsonl" >&2
step matmul;    timeout 120 node dist/bench/matmul-tflops.js --size "$N_BIG" --reps 20 2>/dev/null | tee "$O/matmul.jsonl" >&2
step matmul-norobust; PARASCOPE_DAWN_FLAGS=enable-dawn-features=allow_unsafe_apis,disable_robustness timeout 120 node dist/bench/matmul-tflops.js --size "$N_BIG" --reps 20 2>/dev/null | tee -a "$O/matmul.jsonl" >&2
step matmul-mid; timeout 60 node dist/bench/matmul-tflops.js --size "$N_MID" --reps 50 2>/dev/null | tee -a "$O/matmul.jsonl" >&2
step overhead;  { timeout 120 node dist/bench/recorder-overhead.js --size "$N_MID" --reps 200 --trials 11; timeout 120 node dist/bench/recorder-overhead.js --size "$N_BIG" --reps "$REPS" --trials 5; } 2>/dev/null | tee "$O/overhead.jsonl" >&2
fi
# Record the chapter's experiments with the fastest correct kernel at N_BIG (the default kernel
# when the benchmarks were skipped).
best=$([ -f "$O/matmul.jsonl" ] && node -e 'const l=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").map(JSON.parse).filter(r=>r.n==process.argv[2]&&r.correct&&!r.dawnFlags);l.sort((a,b)=>b.tflops-a.tflops);console.log(l[0]?l[0].variant:"")' "$O/matmul.jsonl" "$N_BIG" 2>/dev/null)
step "record with kernel '${best:-default}'"
export PARASCOPE_MATMUL_VARIANT=$best
timeout 180 node bin/parascope.js record seed-parallel --size "$N_BIG" --reps "$REPS" --out "$O/seed-parallel.json.gz" > "$O/seed-parallel.txt" 2>&1; echo "rc=$?" >> "$O/seed-parallel.txt"
timeout 300 node bin/parascope.js record seed-compute-copy --size "$N_BIG" --reps "$REPS" --out "$O/seed-compute-copy.json.gz" > "$O/seed-compute-copy.txt" 2>&1; echo "rc=$?" >> "$O/seed-compute-copy.txt"
timeout 60 node bin/parascope.js record seed-parallel --size "$N_MID" --reps "$REPS" --out "$O/seed-parallel-1024.json.gz" > "$O/seed-parallel-1024.txt" 2>&1; echo "rc=$?" >> "$O/seed-parallel-1024.txt"
cat "$O"/seed-*.txt >&2
ls -la "$O" >&2
