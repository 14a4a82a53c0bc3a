"""cuBLAS f32 reference for bench/matmul-tflops.ts: the chapter's x.mm(x) in PyTorch, TF32 off.

    python3 bench/cublas-reference.py [N] [reps]
Prints one JSON line: median ms per product (CUDA events) and TFLOP/s.
"""
import json, sys
import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
x = torch.rand((n, n), device="cuda", dtype=torch.float32)
for _ in range(3):
    x.mm(x)
torch.cuda.synchronize()
times = []
for _ in range(reps):
    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    a.record(); x.mm(x); b.record()
    torch.cuda.synchronize()
    times.append(a.elapsed_time(b))
times.sort()
ms = times[len(times) // 2]
print(json.dumps({"bench": "cublas", "gpu": torch.cuda.get_device_name(), "n": n, "reps": reps,
                  "medianMs": round(ms, 4), "tflops": round(2 * n ** 3 / (ms / 1e3) / 1e12, 2), "torch": torch.__version__}))
