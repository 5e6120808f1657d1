#!/usr/bin/python3
"""The PyTorch peer of `emn bench`: efficientnet_b0 in the same configurations, sizes, batches and optimizer
(SGD, momentum 0.9) as BenchWorker; prints one JSON line.

The model is timm's efficientnet_b0 where timm imports (the venv made by bench/peer/setup-venv.sh: current torch,
timm), else torchvision's (Debian's python3-torch 1.13, the fallback). The steganalysis configurations patch it as
our surgery `stem-stride=1,insert=2` does: stem convolution stride 1, then two inverted residuals at the stem's
width (k3, expansion 6, SE 0.25 of the input width; the first without skip, the second with stride 2) inserted
in front of the blocks by monkey-patching the module list; 1 input channel, 2 classes.

    python bench/peer/torch_peer.py --config train_stego_256_b16 [--runs N] [--layout nchw|channels_last]
        [--compile] [--threads 2]
"""
import argparse
import functools
import json
import resource
import statistics
import time

import torch

WARMUP_SECONDS = 10.0  # BenchWorker.Config.WARMUP_SECONDS

CONFIGS = {
    # training, resolution, batch, runs, steganalysis
    "infer_224_b1": (False, 224, 1, 100, False),
    "infer_224_b16": (False, 224, 16, 10, False),
    "train_224_b16": (True, 224, 16, 6, False),
    "train_128_b32": (True, 128, 32, 8, False),
    "train_stego_256_b16": (True, 256, 16, 4, True),
    "infer_stego_256_b32": (False, 256, 32, 6, True),
}


# inference as an expert runs it: inference_mode (no autograd records, no version counters) where torch has it
no_autograd = getattr(torch, "inference_mode", torch.no_grad)


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timm_model(stego):
    import timm
    from timm.models._efficientnet_blocks import InvertedResidual, SqueezeExcite

    if not stego:
        return timm.create_model("efficientnet_b0", num_classes=1000, drop_rate=0.2, drop_path_rate=0.2), \
            "timm " + timm.__version__
    model = timm.create_model("efficientnet_b0", num_classes=2, in_chans=1, drop_rate=0.2, drop_path_rate=0.2)
    model.conv_stem.stride = (1, 1)
    width = model.conv_stem.out_channels
    act = type(model.bn1.act) if hasattr(model.bn1, "act") else torch.nn.SiLU

    def block(stride, noskip):
        # timm's builder divides the SE ratio by the expansion (se_from_exp=False): 0.25 of the block's input
        se = functools.partial(SqueezeExcite, rd_ratio=0.25 / 6)
        return InvertedResidual(width, width, dw_kernel_size=3, stride=stride, exp_ratio=6.0, noskip=noskip,
                                act_layer=act, se_layer=se)

    inserted = torch.nn.Sequential(block(1, True), block(2, False))
    model.blocks = torch.nn.Sequential(inserted, *model.blocks)
    return model, "timm " + timm.__version__


def torchvision_model(stego):
    import torchvision
    from torchvision.models.efficientnet import MBConv, MBConvConfig

    if not stego:
        return torchvision.models.efficientnet_b0(num_classes=1000), "torchvision " + torchvision.__version__
    model = torchvision.models.efficientnet_b0(num_classes=2)
    stem = model.features[0][0]
    model.features[0][0] = torch.nn.Conv2d(1, stem.out_channels, 3, stride=1, padding=1, bias=False)
    width = stem.out_channels
    norm = torch.nn.BatchNorm2d
    inserted = [MBConv(MBConvConfig(6, 3, s, width, width, 1), 0.0, norm) for s in (1, 2)]
    model.features = torch.nn.Sequential(model.features[0], *inserted, *model.features[1:])
    return model, "torchvision " + torchvision.__version__


def build(stego):
    try:
        return timm_model(stego)
    except ImportError:
        return torchvision_model(stego)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="infer_224_b1", choices=sorted(CONFIGS))
    p.add_argument("--runs", type=int)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--layout", default="nchw", choices=["nchw", "channels_last"])
    p.add_argument("--compile", action="store_true", help="torch.compile the model (inference only)")
    p.add_argument("--profile", help="after the timed runs, profile --profile-runs more into this Chrome trace file")
    p.add_argument("--profile-runs", type=int, default=2)
    a = p.parse_args()
    training, res, batch, runs, stego = CONFIGS[a.config]
    runs = a.runs or runs
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model, family = build(stego)
    params = sum(p.numel() for p in model.parameters())
    chans, classes = (1, 2) if stego else (3, 1000)
    x = torch.randn(batch, chans, res, res)
    y = torch.randint(0, classes, (batch,))
    if a.layout == "channels_last":
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    if training:
        model.train()
    else:
        model.eval()
    run = model
    compile_s = None
    if a.compile:
        if training:
            raise SystemExit("--compile is measured for inference only")
        run = torch.compile(model)
        t0 = time.perf_counter()
        with no_autograd():
            run(x)
        compile_s = time.perf_counter() - t0
    times = []
    last = 0.0
    warmup = 1 if stego else 3  # as BenchWorker.Config.warmup()

    def step():
        if training:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(run(x), y)
            loss.backward()
            opt.step()
            return float(loss.detach())
        with no_autograd():
            return float(run(x).sum())

    warm_start = time.perf_counter()
    warmed = 0
    # as BenchWorker: at least `warmup` untimed iterations and WARMUP_SECONDS (the JVM's compiler needs them)
    while warmed < warmup or time.perf_counter() - warm_start < WARMUP_SECONDS:
        last = step()
        warmed += 1
    for i in range(runs):
        t0 = time.perf_counter()
        last = step()
        times.append(time.perf_counter() - t0)
    if a.profile:  # as BenchWorker --profile: more iterations under the profiler
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU], record_shapes=True) as prof:
            for _ in range(a.profile_runs):
                step()
        prof.export_chrome_trace(a.profile)
    median = statistics.median(times)
    out = {"impl": "pytorch " + torch.__version__ + " " + family, "config": a.config, "layout": a.layout,
           "compiled": a.compile, "runs": runs, "warmup": warmed, "median_s": median, "min_s": min(times), "max_s": max(times),
           "images_per_s": batch / median, "peak_rss_mb": peak_rss_mb(), "params": params,
           "finite": bool(torch.isfinite(torch.tensor(last)))}
    if compile_s is not None:
        out["compile_s"] = compile_s
    print(json.dumps(out))


if __name__ == "__main__":
    main()
