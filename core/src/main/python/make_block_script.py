#!/usr/bin/python3
"""Writes residual_branch.pt, the TorchScript module that runs a whole residual block in one call
(core resource org/efficientmixnet/nn/ops, used by nn.ScriptedBlock).

Through DJL every operator is one JNI call plus NDArray bookkeeping (~30 µs measured at batch 1); an inverted
residual is ~15 of them. This module takes the block's input, its step program (int64), the batch norms' momentum
and epsilon (float64) and every weight, bias and batch-norm buffer as tensor arguments, and runs the same libtorch
ops in the TorchScript interpreter. It has no parameters of its own: the weights are the caller's tensors, so
autograd records through it into them and F.batch_norm(training=True) updates their running statistics in place.

The program, written by nn.ScriptedBlock (the two must agree on these codes):
    [training, has_skip, has_mask, step...], each step one of
    CONV, stride, kernel, groups, padding (0 symmetric, 1 same, 2 valid), has_bias   -> weight[, bias]
    NORM, index into the float list (momentum at 2i, eps at 2i+1)                   -> weight, bias, mean, var
    ACT, kind                                                                        -> (none)
    SE, act kind, gate kind                                                          -> reduce w, b, expand w, b
Tensors are consumed in that order from p0, p1, …; the drop-path mask (N,1,1,1, already scaled) comes last.
Activation kinds: 0 relu, 1 relu6, 2 swish, 3 mish, 4 hard swish, 5 hard sigmoid, 6 gelu, 7 sigmoid, 8 identity.

Run by hand with a torch >= 1.13 and commit the output:
    python3 core/src/main/python/make_block_script.py core/src/main/resources/org/efficientmixnet/nn/ops
"""
import os
import sys
from typing import List

import torch
import torch.nn.functional as F



def activate(x: torch.Tensor, kind: int) -> torch.Tensor:
    if kind == 0:
        return torch.relu(x)
    if kind == 1:
        return torch.clamp(x, 0.0, 6.0)
    if kind == 2:
        return F.silu(x)
    if kind == 3:
        return F.mish(x)
    if kind == 4:
        return F.hardswish(x)
    if kind == 5:
        return F.hardsigmoid(x)
    if kind == 6:
        return F.gelu(x)
    if kind == 7:
        return torch.sigmoid(x)
    return x


def same_pad(size: int, stride: int, kernel: int) -> List[int]:
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + kernel - size, 0)
    return [total // 2, total - total // 2]


def conv(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, has_bias: bool, stride: int, kernel: int, groups: int,
         padding: int) -> torch.Tensor:
    bias = b if has_bias else None
    if padding == 2:
        return F.conv2d(x, w, bias, stride, 0, 1, groups)
    if padding == 0:
        p = ((stride - 1) + (kernel - 1)) // 2
        return F.conv2d(x, w, bias, stride, p, 1, groups)
    ph = same_pad(x.size(2), stride, kernel)
    pw = same_pad(x.size(3), stride, kernel)
    if ph[0] == ph[1] and pw[0] == pw[1]:
        return F.conv2d(x, w, bias, stride, [ph[0], pw[0]], 1, groups)
    padded = F.pad(x, [pw[0], pw[1], ph[0], ph[1]])
    return F.conv2d(padded, w, bias, stride, 0, 1, groups)


class ResidualBranch(torch.nn.Module):
    def forward(self, x: torch.Tensor, program: torch.Tensor, floats: torch.Tensor,
                p0: torch.Tensor, p1: torch.Tensor, p2: torch.Tensor, p3: torch.Tensor, p4: torch.Tensor,
                p5: torch.Tensor, p6: torch.Tensor, p7: torch.Tensor, p8: torch.Tensor, p9: torch.Tensor,
                p10: torch.Tensor, p11: torch.Tensor, p12: torch.Tensor, p13: torch.Tensor, p14: torch.Tensor,
                p15: torch.Tensor, p16: torch.Tensor, p17: torch.Tensor, p18: torch.Tensor, p19: torch.Tensor,
                p20: torch.Tensor, p21: torch.Tensor, p22: torch.Tensor, p23: torch.Tensor) -> torch.Tensor:
        p = [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p20, p21,
             p22, p23]
        prog: List[int] = program.tolist()
        fl: List[float] = floats.tolist()
        training = prog[0] != 0
        y = x
        t = 0
        i = 3
        while i < len(prog):
            op = prog[i]
            if op == 1:  # CONV
                has_bias = prog[i + 5] != 0
                y = conv(y, p[t], p[t + 1], has_bias, prog[i + 1], prog[i + 2], prog[i + 3], prog[i + 4])
                t += 2 if has_bias else 1
                i += 6
            elif op == 2:  # NORM
                k = prog[i + 1]
                y = F.batch_norm(y, p[t + 2], p[t + 3], p[t], p[t + 1], training, fl[2 * k], fl[2 * k + 1])
                t += 4
                i += 2
            elif op == 3:  # ACT
                y = activate(y, prog[i + 1])
                i += 2
            else:  # SE
                s = torch.mean(y, [2, 3], keepdim=True)
                s = activate(F.conv2d(s, p[t], p[t + 1]), prog[i + 1])
                s = activate(F.conv2d(s, p[t + 2], p[t + 3]), prog[i + 2])
                y = y * s
                t += 4
                i += 3
        if prog[1] != 0:
            if prog[2] != 0:
                y = y * p[t]
            y = y + x
        return y


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    scripted = torch.jit.script(ResidualBranch().eval())
    path = os.path.join(out, "residual_branch.pt")
    scripted.save(path)
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
