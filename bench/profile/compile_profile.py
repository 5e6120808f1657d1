#!/usr/bin/env python3
"""What torch.compile runs for timm's efficientnet_b0 at inference (channels-last, two threads): the time per forward,
then torch.profiler's table of 20 forwards (BENCHMARKS.md, 2026-12-03, "What torch.compile does at batch 1"):

    ~/.cache/emn-peer/venv/bin/python bench/profile/compile_profile.py [BATCH]
"""
import sys
import time

import timm
import torch


def main():
    torch.set_num_threads(2)
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    model = timm.create_model("efficientnet_b0").eval().to(memory_format=torch.channels_last)
    x = torch.randn(batch, 3, 224, 224).to(memory_format=torch.channels_last)
    with torch.no_grad():
        compiled = torch.compile(model)
        for _ in range(5):
            compiled(x)
        t = time.perf_counter()
        for _ in range(50):
            compiled(x)
        print("compiled: %.2f ms a forward" % ((time.perf_counter() - t) / 50 * 1e3))
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
            for _ in range(20):
                compiled(x)
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25))


if __name__ == "__main__":
    main()
