# Sourced by the profiling scripts (from the repository's root, with CONFIG set): builds the project and defines
# `bench_worker ARGS…`, which runs the benchmark worker on $CONFIG with the settings `emn bench` gives it: bin/emn's
# environment and JVM options (emn predict's malloc setting for the 224 inference configurations), 2 threads, folded
# batch norms. ARGS go to the worker; JVM options of the caller's own in WORKER_JVM_ARGS (an array). The environment
# stays inside the call, so a peer run afterwards keeps glibc's and libgomp's defaults.
mvn -q -B -o -DskipTests package >&2
JAR=$(ls cli/target/efficientmixnet-cli-*.jar | head -1)
bench_worker() {
  (
    case "$CONFIG" in infer_224*) EMN_INFERENCE=1 ;; esac
    . bin/emn-env.sh
    exec java $EMN_JVM_OPTS ${WORKER_JVM_ARGS[@]+"${WORKER_JVM_ARGS[@]}"} -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
      -cp "$JAR:cli/target/lib/*" org.efficientmixnet.bench.BenchWorker --config "$CONFIG" --model efficientnet_b0 \
      --fuse true "$@" 2>/dev/null
  )
}
