#!/bin/bash
# The chapter's exercises at their default sizes on a lent H100/H200 (issue 5 asks for their
# verdicts and figures in docs/benchmarks.md):
#   bash .gpu/on-device.sh bash bench/gpu-exercises.sh
# Writes each trace and its printed summary under $OUT (or ./gpu-out).
set -u
O=${OUT:-gpu-out}; mkdir -p "$O"
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
for e in ${EXERCISES:-ex1-independent-ops ex2-small-ops ex3-cpu-gpu-comm}; do
  echo "== $e" >&2
  timeout 240 node bin/parascope.js record "$e" ${ARGS:-} --out "$O/$e.json.gz" > "$O/$e.txt" 2>&1; echo "rc=$?" >> "$O/$e.txt"
  cat "$O/$e.txt" >&2
done
