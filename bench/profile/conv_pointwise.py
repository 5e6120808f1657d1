#!/usr/bin/env python3
"""One convolution at a time in PyTorch (two threads, channels-last input): plain `conv2d`, `conv2d` + SiLU, and
oneDNN's pointwise call (`mkldnn::_convolution_pointwise`, what our Fusion.convActivation/convNorm run) with the
weight prepacked or plain, with and without SiLU. The shapes are efficientnet_b0's at batch 1 and 16, including the
squeeze-excitation's 1x1 maps (where `linear` is also timed). BENCHMARKS.md, 2026-12-03:

    ~/.cache/emn-peer/venv/bin/python bench/profile/conv_pointwise.py
"""
import time

import torch
import torch.nn.functional as F


def median_us(f, n):
    for _ in range(3):
        f()
    ts = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            f()
        ts.append((time.perf_counter() - t) / n * 1e6)
    return sorted(ts)[2]


# input shape, weight shape, stride, padding, groups
CASES = [
    ((1, 1152, 7, 7), (320, 1152, 1, 1), 1, 0, 1), ((1, 672, 14, 14), (112, 672, 1, 1), 1, 0, 1),
    ((1, 144, 56, 56), (24, 144, 1, 1), 1, 0, 1), ((1, 96, 56, 56), (24, 96, 1, 1), 1, 0, 1),
    ((1, 1152, 1, 1), (48, 1152, 1, 1), 1, 0, 1), ((1, 48, 1, 1), (1152, 48, 1, 1), 1, 0, 1),
    ((16, 672, 14, 14), (112, 672, 1, 1), 1, 0, 1), ((16, 1152, 1, 1), (48, 1152, 1, 1), 1, 0, 1),
    ((16, 48, 1, 1), (1152, 48, 1, 1), 1, 0, 1), ((16, 16, 112, 112), (96, 16, 1, 1), 1, 0, 1),
    ((16, 24, 56, 56), (144, 24, 1, 1), 1, 0, 1), ((16, 96, 112, 112), (96, 1, 3, 3), 2, 1, 96),
]


def main():
    torch.set_num_threads(2)
    for xs, ws, st, pad, g in CASES:
        x = torch.randn(xs).to(memory_format=torch.channels_last)
        w = torch.randn(ws)
        b = torch.randn(ws[0])
        n = 300 if xs[0] == 1 else 20
        geo = ([pad, pad], [st, st], [1, 1], g)
        with torch.no_grad():
            packed = torch.ops.mkldnn._reorder_convolution_weight(w, *geo, None)
            pw = lambda wt, attr: torch.ops.mkldnn._convolution_pointwise(x, wt, b, *geo, attr, [], "")
            r = {
                "conv2d": median_us(lambda: F.conv2d(x, w, b, st, pad, 1, g), n),
                "conv2d+silu": median_us(lambda: F.silu(F.conv2d(x, w, b, st, pad, 1, g)), n),
                "pointwise none packed": median_us(lambda: pw(packed, "none"), n),
                "pointwise none plain": median_us(lambda: pw(w, "none"), n),
                "pointwise swish packed": median_us(lambda: pw(packed, "swish"), n),
            }
            if xs[2] == 1:
                x2, w2 = x.reshape(xs[0], xs[1]), w.reshape(ws[0], ws[1])
                r["linear"] = median_us(lambda: F.linear(x2, w2, b), n)
        print(xs, ws, "  ".join("%s %.1f" % kv for kv in r.items()), "µs")


if __name__ == "__main__":
    main()
