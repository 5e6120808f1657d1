#!/usr/bin/python3
"""Writes the TorchScript activation modules that core ships as resources (org/efficientmixnet/nn/ops).

DJL 0.35.1's JNI has no SiLU, Mish or hard-swish op; composing them from sigmoid/tanh/softplus/clip keeps one
or two extra activation-sized tensors alive for the backward pass and costs several times the native op.
Nor can it choose a tensor's memory format (channels-last makes libtorch's CPU convolutions much faster).
libtorch has all of these, and DJL can run a TorchScript module, so each op is a one-line scripted
function with no parameters (it runs on whatever device its input is on). Run by hand with a torch
≥ 1.13 (Debian's python3-torch, or the benchmark peer's venv) and commit the outputs (about 1-2 KB each):
    python3 core/src/main/python/make_script_ops.py core/src/main/resources/org/efficientmixnet/nn/ops [NAME.pt ...]
Files saved by torch 1.13 and by 2.13 load in the libtorch 2.7.1 that DJL uses (the committed channels_last.pt,
conv_pointwise.pt and conv_weight_pack.pt were written by 2.13, the others by 1.13; core's tests run every one of them).
conv_pointwise.pt and conv_weight_pack.pt call mkldnn::_convolution_pointwise and mkldnn::_reorder_convolution_weight,
whose schemas are the same in libtorch 2.7.1 and torch 2.13.
"""
import os
import sys
from typing import List

import torch


class Silu(torch.nn.Module):
    def forward(self, x):
        return torch._C._nn.silu(x)


class Mish(torch.nn.Module):
    def forward(self, x):
        return torch._C._nn.mish(x)


class HardSwish(torch.nn.Module):
    def forward(self, x):
        return torch._C._nn.hardswish(x)


class HardSigmoid(torch.nn.Module):
    def forward(self, x):
        return torch._C._nn.hardsigmoid(x)


class ChannelsLast(torch.nn.Module):
    """The same tensor with NHWC strides (a copy unless it already has them).

    `to`, not `contiguous`: a one-channel (grayscale) tensor counts as contiguous in both formats, so
    `contiguous` returns it with its NCHW strides, and libtorch's convolutions then pick NCHW for the whole
    network; `to` gives it NHWC strides, and every convolution after it computes channels-last."""

    def forward(self, x):
        return x.to(memory_format=torch.channels_last)


class SpatialMean(torch.nn.Module):
    """Mean over H and W of (N, C, H, W), kept as (N, C, 1, 1): no reshape, which would copy an NHWC tensor."""

    def forward(self, x):
        return torch.mean(x, [2, 3], keepdim=True)


class ConvPointwise(torch.nn.Module):
    """Convolution with bias, then SiLU or nothing, as one oneDNN primitive (inference only: the op has no
    backward), taking its weight prepacked by conv_weight_pack.pt.

    What torch.compile does on the CPU with frozen weights: the activation is applied while the convolution's
    output is still in cache, instead of a second pass over an activation-sized tensor, and the weight is not
    reordered on every call. `geometry` is (pad_h, pad_w, stride_h, stride_w, groups, activation) as int64,
    activation 0 none and 1 SiLU, since a module run from DJL takes tensors only."""

    def forward(self, x, w, b, geometry):
        g: List[int] = geometry.tolist()
        attr = "swish" if g[5] == 1 else "none"
        return torch.ops.mkldnn._convolution_pointwise(x, w, b, [g[0], g[1]], [g[2], g[3]], [1, 1], g[4], attr, [], "")


class ConvWeightPack(torch.nn.Module):
    """A convolution's weight reordered once into oneDNN's own layout for conv_pointwise.pt (inference weights do not
    change), as torch.compile prepacks them; without it every call reorders the weight again. Same `geometry`.
    `input_size` is the input's (N, C, H, W) as int64, or empty: with it oneDNN picks the layout of the primitive
    that runs on a channels-last input of that size (as inductor's freezing passes it); without it, a layout for
    NCHW input, which the channels-last call then reorders on every call (EfficientNet-B0 at batch 16: 53 weight
    reorders a forward)."""

    def forward(self, w, geometry, input_size):
        g: List[int] = geometry.tolist()
        s: List[int] = input_size.tolist()
        if len(s) == 0:
            return torch.ops.mkldnn._reorder_convolution_weight(w, [g[0], g[1]], [g[2], g[3]], [1, 1], g[4], None)
        return torch.ops.mkldnn._reorder_convolution_weight(w, [g[0], g[1]], [g[2], g[3]], [1, 1], g[4], s)


MODULES = {
    "silu.pt": Silu(),
    "mish.pt": Mish(),
    "hard_swish.pt": HardSwish(),
    "hard_sigmoid.pt": HardSigmoid(),
    "channels_last.pt": ChannelsLast(),
    "spatial_mean.pt": SpatialMean(),
    "conv_pointwise.pt": ConvPointwise(),
    "conv_weight_pack.pt": ConvWeightPack(),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    only = sys.argv[2:]  # file names to write (default: all)
    os.makedirs(out, exist_ok=True)
    for name, module in MODULES.items():
        if only and name not in only:
            continue
        scripted = torch.jit.script(module.eval())
        path = os.path.join(out, name)
        scripted.save(path)
        print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
