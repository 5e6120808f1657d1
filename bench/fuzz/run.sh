#!/usr/bin/env bash
# Coverage-guided fuzzing campaign (Jazzer) of the project's parsers: runs each target for SECONDS (default 600)
# one after another and keeps a log per target under bench/fuzz/logs/. New crashing inputs are written by Jazzer into
# the target's src/test/resources/.../<Class>Inputs/<target>/ folder, where the normal test suite replays them;
# the growing corpus stays in <module>/.cifuzz-corpus/ (not committed).
#
#   bench/fuzz/run.sh [SECONDS] [TARGET...]      TARGET = module:Class#method, default: all targets below
#   bench/fuzz/summary.sh                        executions, coverage and findings per target from the logs
set -u
cd "$(dirname "$0")/../.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(
    core:WeightsFuzzTest#safetensors core:WeightsFuzzTest#npy core:WeightsFuzzTest#npz
    core:WeightsFuzzTest#torchZip core:WeightsFuzzTest#pickle core:WeightsFuzzTest#kerasH5
    core:WeightsFuzzTest#anyWeightFile core:SpecsFuzzTest#blockStrings core:SpecsFuzzTest#surgerySpecs
    stego:StegoFuzzTest#jpegCoefficients stego:StegoFuzzTest#jpegPixels stego:StegoFuzzTest#grayImages
    stego:StegoFuzzTest#manifest
    train:TrainFuzzTest#pnm train:TrainFuzzTest#png train:TrainFuzzTest#runJson
  )
fi
mkdir -p bench/fuzz/logs
# build once (offline), then fuzz each target in its own JVM with a 1 GiB heap: an input that needs more is a finding
mvn -B -o -q -pl io,core,train,stego -am test-compile -DskipTests || exit 1
for t in "${TARGETS[@]}"; do
  module=${t%%:*}
  test=${t#*:}
  log=bench/fuzz/logs/${test/\#/.}.log
  echo "fuzzing $test for ${SECONDS_PER_TARGET}s -> $log"
  start=$(date +%s)
  # libFuzzer stops itself after max_total_time; the outer timeout is only a safety net
  JAZZER_FUZZ=1 timeout --kill-after=30 $((SECONDS_PER_TARGET + 300)) \
    mvn -B -o -pl "io,core,$module" test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dtest.heap=1g -Demn.fuzzOnly=true -Djunit.jupiter.execution.timeout.mode=disabled \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$SECONDS_PER_TARGET" >"$log" 2>&1
  rc=$?
  echo "  ran $(( $(date +%s) - start ))s, exit $rc"
done
