# The environment bin/emn runs the engine with, sourced by it and by bench/profile's scripts (one place). Each value
# is read once when libtorch loads, so a Java application that embeds the library sets them in its own environment.
# Benchmark.oursEnvironment gives the benchmark's worker the same values (BenchmarkTest compares this file with it).

# libtorch 2.x reads this once when it loads: buffers of 2 MB and more get 2 MB alignment and transparent huge
# pages (lower peak memory and fewer page faults; see README, Performance). Set it to 0 to turn it off.
export THP_MEM_ALLOC_ENABLE="${THP_MEM_ALLOC_ENABLE:-1}"
# glibc's malloc: one arena, blocks under 32 MiB from the heap, up to 1 GiB of free heap kept. With glibc's
# defaults libtorch, called from the JVM's main thread (not the process's first thread), allocates in a secondary
# arena whose heaps hold at most 64 MiB, so activations were mapped and unmapped every step and their pages faulted
# in anew (training 128/32: 35,000 page faults per step against the PyTorch peer's 6,400; 5x fewer with these).
# Measured (BENCHMARKS.md): training 224/16 and 128/32 1.2-1.45x faster, peak memory +1-7%. `emn predict` and
# `emn eval` (EMN_INFERENCE=1 for the profiling scripts) keep blocks up to 128 MiB in the heap: an inference pass
# frees its activations at once, so the same memory serves the next batch instead of fresh pages (inference 224/16,
# three bench rounds each: medians 149 -> 176 img/s, 0.89x -> 0.95x torch.compile). Training and the steganalysis
# commands keep 32 MiB: more in the heap raised the steganalysis training's peak by 1.9 GB, and the steganalysis
# inference's by 5% to 1.02x the PyTorch peer's without a clear gain. A value already set is kept
# (GLIBC_TUNABLES= empty: glibc's defaults). Benchmark.MALLOC_TUNABLES and MALLOC_TUNABLES_INFERENCE hold the same
# values (a test compares).
EMN_MALLOC_TRAINING="glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"
EMN_MALLOC_INFERENCE="glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=1073741824"
emn_malloc=$EMN_MALLOC_TRAINING
case "${EMN_INFERENCE:-0} ${1:-} ${2:-}" in
  "1 "* | "0 predict "* | "0 eval "*) emn_malloc=$EMN_MALLOC_INFERENCE ;;
esac
export GLIBC_TUNABLES="${GLIBC_TUNABLES-$emn_malloc}"
# libtorch's OpenMP threads spin about 0.1 ms (libgomp counts 100,000 spins a millisecond) before they sleep, unless
# OMP_WAIT_POLICY or GOMP_SPINCOUNT is set. Sleeping at once (OMP_WAIT_POLICY=PASSIVE, the earlier setting) halved
# inference at batch 1 on 2 idle cores (48-51 against 97-102 img/s) and cost training 128/32 20%; libgomp's own
# default (about 3 ms) collapsed training to 2.7 img/s when other processes kept both cores busy, where this setting
# kept 18-31 against PASSIVE's 24-48 (BENCHMARKS.md; train.EngineThreads). Benchmark.SPIN_COUNT holds the same value.
if [ -z "${OMP_WAIT_POLICY+x}" ] && [ -z "${GOMP_SPINCOUNT+x}" ]; then
  export GOMP_SPINCOUNT=10000
fi
# libtorch 2.7.1 runs its own element-wise and reduction kernels (batch norm, SiLU, sums, the optimizer) in their
# AVX2 builds on this project's AVX-512 AMD EPYC machines, although it carries AVX-512 builds too (PyTorch 2.13 picks
# those there). Asked for them where the CPU has AVX-512 (F, BW, VL, DQ): training 224/16, three alternating pairs,
# 20.7, 22.4, 19.2 -> 22.1, 24.8, 22.4 img/s (BENCHMARKS.md). Never on a CPU without them: libtorch would not check.
if [ -z "${ATEN_CPU_CAPABILITY+x}" ] && [ -r /proc/cpuinfo ] \
    && [ "$(grep -m1 '^flags' /proc/cpuinfo | grep -ow -e avx512f -e avx512bw -e avx512vl -e avx512dq | sort -u | wc -l)" = 4 ]; then
  export ATEN_CPU_CAPABILITY=avx512
fi
# The JVM's young generation, for bin/emn and the profiling scripts (`java $EMN_JVM_OPTS …`; not exported, not for
# `emn spark`). With the default G1 sizing on a 24 GB machine the eden grows to about 230 MB, and every page of it is
# touched once before the first collection: at inference the DJL wrappers of each forward (about 0.5 MB at batch 1)
# walked RSS from 175 to 406 MB over the first 600 forwards. 64 MB: 239 MB, a 4-5 ms young collection every ~1.2 s
# (BENCHMARKS.md, 2026-12-03 afternoon). Benchmark.JVM_OPTS holds the same value; -Xmn in EMN_JAVA_OPTS overrides it.
EMN_JVM_OPTS="-Xmn64m"
