#!/usr/bin/env bash
# What oneDNN runs for our network, per iteration: runs the benchmark worker on one configuration with
# ONEDNN_VERBOSE=1 (oneDNN prints one line per primitive it executes) and sums the lines by primitive kind and by
# (kind, implementation, shape), divided by the iterations run (warm-up included, so a weight packed once shows as
# less than one call per iteration). A weight reorder that shows once per iteration or more is one the convolution
# redoes on every call (BENCHMARKS.md, 2026-12-03 afternoon: 53 a forward at batch 16 before the weights were packed
# for the input size).
#
#   bench/profile/onednn-calls.sh [CONFIG] [RUNS]      CONFIG default infer_224_b16, RUNS default 10
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${1:-infer_224_b16}
RUNS=${2:-10}
. bench/profile/worker.sh
OUT=$(mktemp -d)
ONEDNN_VERBOSE=1 bench_worker --runs "$RUNS" >"$OUT/verbose.txt"
python3 - "$OUT/verbose.txt" <<'PY'
import collections, json, sys
lines = open(sys.argv[1]).read().splitlines()
result = json.loads(lines[-1])
iterations = result["warmup"] + result["runs"]
calls, ms = collections.Counter(), collections.Counter()
for line in lines:
    f = line.split(",")
    if not line.startswith("onednn_verbose") or len(f) < 6 or f[3] != "exec":
        continue
    try:
        t = float(f[-1])
    except ValueError:
        continue
    for key in ((f[5],), (f[5], f[6], f[-2])):
        calls[key] += 1
        ms[key] += t
print("%s: %d iterations (%d warm-up), %.1f img/s" % (result["config"], iterations, result["warmup"], result["images_per_s"]))
print("%-12s %14s %14s" % ("primitive", "calls/iter", "ms/iter"))
for k in sorted((k for k in calls if len(k) == 1), key=lambda k: -ms[k]):
    print("%-12s %14.1f %14.2f" % (k[0], calls[k] / iterations, ms[k] / iterations))
print("\nlargest by implementation and shape:")
for k in sorted((k for k in calls if len(k) == 3), key=lambda k: -ms[k])[:25]:
    print("%-12s %-24s %-60s %6.2f calls/iter %7.2f ms/iter" % (k[0], k[1], k[2][:60], calls[k] / iterations, ms[k] / iterations))
PY
rm -rf "$OUT"
