#!/usr/bin/env bash
# Where our forward pass spends its time: runs the benchmark worker on one configuration under Java Flight
# Recorder, sampling every millisecond both the threads running Java code (jdk.ExecutionSample) and those inside
# a native method (jdk.NativeMethodSample: here, a JNI call into libtorch), then prints the share of the main
# thread's samples per top frame. Java code = DJL's and our bookkeeping (NDArray objects, scopes, shapes); each
# PyTorchLibrary.* line = one kind of libtorch call, JNI crossing included; moduleRunMethod = our one-op
# TorchScript modules (nn.ScriptedOp: SiLU, spatial mean, channels-last).
#
#   bench/profile/where-time-goes.sh [CONFIG] [RUNS]      CONFIG default infer_224_b1, RUNS default 400
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${1:-infer_224_b1}
RUNS=${2:-400}
. bench/profile/worker.sh
OUT=$(mktemp -d)
cat >"$OUT/sampling.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
  <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
JFC
WORKER_JVM_ARGS=(-XX:StartFlightRecording=filename="$OUT/run.jfr",settings="$OUT/sampling.jfc")
bench_worker --runs "$RUNS" | tail -1
jfr print --events jdk.NativeMethodSample,jdk.ExecutionSample "$OUT/run.jfr" | awk '
  /^jdk\.(NativeMethodSample|ExecutionSample)/ { kind = $1; main = 0 }
  /sampledThread = "main"/ { main = 1 }
  /stackTrace = \[/ { if (main) { getline; sub(/^[ \t]+/, ""); sub(/[ \t]*line:.*/, ""); sub(/\(.*/, "");
      key = (kind ~ /Execution/) ? "Java code (DJL and ours)" : $0; n[key]++; total++ } main = 0 }
  END { for (k in n) printf "%6.1f%%  %6d  %s\n", 100 * n[k] / total, n[k], k | "sort -rn | head -15"; }'
rm -rf "$OUT"
