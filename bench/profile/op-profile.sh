#!/usr/bin/env bash
# Operator by operator, ours against the PyTorch peer on one benchmark configuration: each side runs its timed
# iterations, then PROFILED more under libtorch's profiler (ours: DJL's JniUtils.startProfile; the peer:
# torch.profiler, channels-last), and compare_traces.py prints each operator's self time on both sides (forward,
# backward and optimizer operators alike), the per-shape split of the largest ones, and the time outside operators.
# Both traces are kept in the printed folder (chrome://tracing or Perfetto open them).
#
#   bench/profile/op-profile.sh [CONFIG] [RUNS] [PROFILED]   CONFIG default train_128_b32, RUNS 4, PROFILED 2
# PYTHON (default ~/.cache/emn-peer/venv/bin/python, made by bench/peer/setup-venv.sh) runs the peer. As in `emn
# bench`, our side runs with bin/emn-env.sh's environment, the peer with glibc's and libgomp's defaults and
# THP_MEM_ALLOC_ENABLE=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${1:-train_128_b32}
RUNS=${2:-4}
PROFILED=${3:-2}
PYTHON=${PYTHON:-$HOME/.cache/emn-peer/venv/bin/python}
. bench/profile/worker.sh
OUT=$(mktemp -d)
bench_worker --runs "$RUNS" --profile "$OUT/ours.json" --profile-runs "$PROFILED" | tail -1
THP_MEM_ALLOC_ENABLE=${THP_MEM_ALLOC_ENABLE:-1} "$PYTHON" bench/peer/torch_peer.py --config "$CONFIG" --runs "$RUNS" --layout channels_last --threads 2 \
  --profile "$OUT/peer.json" --profile-runs "$PROFILED" 2>/dev/null | tail -1
python3 bench/profile/compare_traces.py "$OUT/ours.json" "$OUT/peer.json" --top 30 --shapes 8
echo "traces: $OUT"
