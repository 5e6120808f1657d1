#!/usr/bin/env python3
"""SiLU on the steganalysis network's largest activation (16x192x256x256 floats, 805 MB), into a fresh output and into
a reused buffer (`aten::silu.out`): what touching fresh memory costs on this machine (BENCHMARKS.md, 2026-12-03).
Run with the peer's Python, in the environment to compare, e.g.:

    THP_MEM_ALLOC_ENABLE=1 ~/.cache/emn-peer/venv/bin/python bench/profile/fresh_memory.py
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 ~/.cache/emn-peer/venv/bin/python bench/profile/fresh_memory.py
"""
import time

import torch


def main():
    torch.set_num_threads(2)
    x = torch.randn(16, 192, 256, 256)
    buf = torch.empty_like(x)
    for _ in range(6):
        t0 = time.perf_counter()
        y = torch.nn.functional.silu(x)
        del y
        t1 = time.perf_counter()
        torch.ops.aten.silu.out(x, out=buf)
        t2 = time.perf_counter()
        print("fresh output %.1f ms   reused buffer %.1f ms" % ((t1 - t0) * 1e3, (t2 - t1) * 1e3))


if __name__ == "__main__":
    main()
