#!/usr/bin/env bash
# How our worker warms up: runs the benchmark worker on one configuration with no warm-up at all and prints every
# iteration's time, when it started, and how long the JVM's JIT compiler worked during it (CompilationMXBean). On
# two cores the compiler thread takes a core from libtorch's second thread: a training step at 224/16 ran 560-920 ms
# with 23-107 ms of compiling during the first 8 s, 440-540 ms later; hence the bench's 10 s warm-up on both sides
# (BenchWorker.Config.WARMUP_SECONDS; BENCHMARKS.md, 2026-12-03 afternoon).
#
#   bench/profile/warm-up.sh [CONFIG] [RUNS]      CONFIG default train_224_b16, RUNS default 40
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${1:-train_224_b16}
RUNS=${2:-40}
. bench/profile/worker.sh
bench_worker --runs "$RUNS" --warmup 0 | tail -1 | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
start = 0.0
for i, (t, jit) in enumerate(zip(r["times_s"], r["jit_ms"])):
    print("%4d  at %6.1f s  %8.1f ms  compiler %5d ms" % (i, start, t * 1e3, jit))
    start += t
'
