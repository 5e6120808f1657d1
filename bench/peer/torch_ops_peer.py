#!/usr/bin/python3
"""The PyTorch side of `emn bench --ops`: the operations EfficientNet-B0's forward is made of, timed one by one
at the shapes OpBenchmark names, channels-last, under torch.inference_mode() as torch_peer.py's inference (with
--training: forward and backward of the output's sum, input and weights requiring gradients); prints one JSON line {"torch": version, "ops": {name: median microseconds}}. With --fused it also times each convolution
followed by SiLU as the one oneDNN call torch.compile's CPU backend emits for it
(torch.ops.mkldnn._convolution_pointwise with the "swish" post-op), where this torch has that op.

    python bench/peer/torch_ops_peer.py --ops '[{"name":…,"kind":"conv",…}]' [--batch 1] [--runs 200] [--threads 2] [--fused | --training]
"""
import argparse
import json
import statistics
import time

import torch


def median_us(f, runs):
    for _ in range(max(10, runs // 10)):
        f()
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts) * 1e6


def cl(t):
    return t.to(memory_format=torch.channels_last)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ops", required=True)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--fused", action="store_true")
    p.add_argument("--training", action="store_true",
                   help="time forward + backward of the output's sum, input and weights requiring gradients")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    out = {}
    fused_op = getattr(torch.ops.mkldnn, "_convolution_pointwise", None) if a.fused else None
    mode = torch.enable_grad() if a.training else getattr(torch, "inference_mode", torch.no_grad)()
    with mode:
        for op in json.loads(a.ops):
            n, kind, s = a.batch, op["kind"], op["size"]
            x = cl(torch.randn(n, op["cin"], s, s))
            leaves = [x]
            if kind == "conv":
                k, st, g = op["kernel"], op["stride"], op["groups"]
                w = cl(torch.randn(op["cout"], op["cin"] // g, k, k) * 0.1)
                b = torch.randn(op["cout"])
                leaves += [w, b]
                pad = k // 2
                f = lambda: torch.nn.functional.conv2d(x, w, b, st, pad, 1, g)
                if fused_op is not None and not a.training:
                    out[op["name"] + "+silu fused"] = median_us(
                        lambda: fused_op(x, w, b, [pad, pad], [st, st], [1, 1], g, "swish", [], None), a.runs)
            elif kind == "bn":
                mean, var = torch.zeros(op["cin"]), torch.ones(op["cin"])
                gamma, beta = torch.ones(op["cin"]), torch.zeros(op["cin"])
                leaves += [gamma, beta]
                f = lambda: torch.nn.functional.batch_norm(x, mean, var, gamma, beta, a.training, 0.1, 1e-5)
            elif kind == "silu":
                f = lambda: torch.nn.functional.silu(x)
            elif kind == "mean":
                f = lambda: x.mean((2, 3), keepdim=True)
            elif kind == "mul":
                y = torch.randn(n, op["cin"], 1, 1)
                leaves.append(y)
                f = lambda: x * y
            elif kind == "add":
                y = cl(torch.randn(n, op["cin"], s, s))
                leaves.append(y)
                f = lambda: x + y
            else:
                raise SystemExit("unknown operation kind " + kind)
            if a.training:
                for t in leaves:
                    t.requires_grad_(True)
                out[op["name"]] = median_us(lambda: f().sum().backward(), a.runs)
            else:
                out[op["name"]] = median_us(f, a.runs)
    print(json.dumps({"torch": torch.__version__, "ops": out}))


if __name__ == "__main__":
    main()
