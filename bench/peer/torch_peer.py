#!/usr/bin/python3
"""The PyTorch peer of `emn bench`: torchvision's efficientnet_b0 on Debian's python3-torch, the same four
configurations, sizes, batches and optimizer (SGD, momentum 0.9) as BenchWorker, 2 threads; prints one JSON line.

    /usr/bin/python3 bench/peer/torch_peer.py --config train_224_b16 [--runs N]
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torchvision

CONFIGS = {
    "infer_224_b1": (False, 224, 1, 30),
    "infer_224_b16": (False, 224, 16, 10),
    "train_224_b16": (True, 224, 16, 6),
    "train_128_b32": (True, 128, 32, 8),
}


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--config", default="infer_224_b1", choices=sorted(CONFIGS))
    p.add_argument("--runs", type=int)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    training, res, batch, runs = CONFIGS[a.config]
    runs = a.runs or runs
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = torchvision.models.efficientnet_b0(num_classes=1000)
    params = sum(p.numel() for p in model.parameters())
    x = torch.randn(batch, 3, res, res)
    y = torch.randint(0, 1000, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    times = []
    last = 0.0
    if training:
        model.train()
    else:
        model.eval()
    for i in range(3 + runs):
        t0 = time.perf_counter()
        if training:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            last = float(loss)
        else:
            with torch.no_grad():
                last = float(model(x).sum())
        t1 = time.perf_counter()
        if i >= 3:
            times.append(t1 - t0)
    median = statistics.median(times)
    print(json.dumps({"impl": "pytorch " + torch.__version__ + " torchvision " + torchvision.__version__,
                      "config": a.config, "runs": runs, "median_s": median, "images_per_s": batch / median,
                      "peak_rss_mb": peak_rss_mb(), "params": params, "finite": bool(torch.isfinite(torch.tensor(last)))}))


if __name__ == "__main__":
    main()
