#!/usr/bin/env python3
"""Why one convolution took 100 ms instead of 5 in some profiled forwards (BENCHMARKS.md, 2026-12-03 afternoon): the
16->96 expansion at 112x112, batch 16 (a 77 MB output), as our fused inference call, called again and again with each
output released after the next is made. Under bin/emn's inference malloc setting the 77 MB blocks come from glibc's
heap; the heap grows by one block per call for the first few calls (2 MB-aligned blocks do not fit the holes left),
and a call whose output lands in memory the process never touched before costs 60-150 ms here (faults in the guest
and, after free page reporting, in the host); once the heap has all of them, the same call takes 4-5 ms. Each line:
time, kernel time, minor faults, and the output's address (a new address = fresh memory).

    THP_MEM_ALLOC_ENABLE=1 GLIBC_TUNABLES=glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=134217728:\\
    glibc.malloc.trim_threshold=1073741824 ~/.cache/emn-peer/venv/bin/python bench/profile/fresh_heap.py
"""
import resource
import time

import torch


def main():
    torch.set_num_threads(2)
    x = torch.randn(16, 16, 112, 112).to(memory_format=torch.channels_last)
    w = torch.randn(96, 16, 1, 1) * 0.35
    b = torch.zeros(96)
    geometry = ([0, 0], [1, 1], [1, 1], 1)
    packed = torch.ops.mkldnn._reorder_convolution_weight(w, *geometry, list(x.shape))
    seen = set()
    with torch.no_grad():
        y = None
        for _ in range(16):
            r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            y = torch.ops.mkldnn._convolution_pointwise(x, packed, b, *geometry, "swish", [], "")
            t = (time.perf_counter() - t0) * 1e3
            r1 = resource.getrusage(resource.RUSAGE_SELF)
            address = y.data_ptr()
            print("%6.1f ms  kernel %6.1f ms  faults %5d  output at %x%s" % (
                t, (r1.ru_stime - r0.ru_stime) * 1e3, r1.ru_minflt - r0.ru_minflt, address,
                "" if address in seen else "  (new)"))
            seen.add(address)


if __name__ == "__main__":
    main()
