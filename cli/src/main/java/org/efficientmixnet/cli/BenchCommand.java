package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.efficientmixnet.bench.BenchWorker;
import org.efficientmixnet.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Throughput and peak memory of inference and training, optionally against the PyTorch peer.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "efficientnet_b0", description = "model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--peer", description = "also run efficientnet_b0 on PyTorch (timm in the venv of bench/peer/setup-venv.sh, "
            + "else Debian's torchvision) in NCHW and channels-last, and for inference torch.compile; print ratios ours/peer")
    boolean peer;

    @Option(names = "--no-compile", description = "with --peer: skip the torch.compile measurement")
    boolean noCompile;

    @Option(names = "--loader", description = "measure the steganalysis training data path (256×256 grayscale JPEG pairs: "
            + "decode, IDCT, D4, batches of 16) with 1 and --loader-threads threads, beside our train_stego_256_b16 step")
    boolean loader;

    @Option(names = "--levers", description = "same-process A/B of the levers (batch-norm folding, intra-op threads, "
            + "batch-1 per-call overhead, whole-block TorchScript) on the configurations of --config (default: the inference "
            + "ones; a training configuration has the whole-block TorchScript lever only)")
    boolean levers;

    @Option(names = "--lever", split = ",", description = "with --levers: only these of fold, threads, overhead, scripted (default: all)")
    List<String> leverNames;

    @Option(names = "--loader-threads", defaultValue = "2", description = "worker threads of the multi-threaded loader run (default: ${DEFAULT-VALUE})")
    int loaderThreads;

    @Option(names = "--runs", description = "timed iterations per configuration (default: 30/10/6/8)")
    Integer runs;

    @Option(names = "--threads", defaultValue = "2", description = "threads each side (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--config", split = ",", description = "configurations: infer_224_b1, infer_224_b16, train_224_b16, "
            + "train_128_b32, train_stego_256_b16, infer_stego_256_b32 (default: all)")
    List<String> configs;

    @Option(names = "--python", description = "python for the peer (default: ~/.cache/emn-peer/venv/bin/python when it exists, "
            + "else /usr/bin/python3)")
    String python;

    @Option(names = "--stego", description = "measure stego embedding on a 512×512 grayscale JPEG instead: J-UNIWARD end to end, then each JPEG algorithm's costs, simulation and STC (with --peer: against conseal, see --conseal)")
    boolean stego;

    @Option(names = "--conseal", description = "with --stego --peer: the fetched conseal repository (checkout or git directory); --python needs numpy and scipy")
    Path conseal;

    /** On by default because predict, eval and stego detect fold too: the bench measures what users run. */
    @Option(names = "--fuse", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "inference with batch norms folded into the convolutions, as predict, eval and stego detect run (default; --no-fuse measures the unfolded network)")
    boolean fuse = true;

    @Option(names = "--ops", description = "per-operation evidence: EfficientNet-B0's convolutions, SiLU, SE mean and scale and the "
            + "skip sum at B0's shapes, timed one by one here (DJL's libtorch) and, with --peer, in the peer's PyTorch, with the "
            + "peer's fused convolution + SiLU beside (the call torch.compile makes); alternating --rounds times")
    boolean ops;

    @Option(names = "--batch", defaultValue = "1", description = "with --ops: the batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--training", description = "with --ops: forward and backward of each operation, as a training step runs it")
    boolean training;

    @Option(names = "--rounds", description = "alternations ours/peer: with --ops (default 3), or of the whole side-by-side "
            + "benchmark (default 1; with more, a summary gives each configuration's ratios per round and their median)")
    Integer rounds;

    @Option(names = "--report", description = "also write the table with the machine and the command to this Markdown file")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (stego) {
            int n = runs == null ? 5 : runs;
            spec.commandLine().getOut().println(org.efficientmixnet.bench.StegoBenchmark.run(n));
            spec.commandLine().getOut().flush();
            java.util.Map<String, double[]> p = null;
            if (peer) {
                if (conseal == null) {
                    throw new IllegalArgumentException("--stego --peer needs --conseal PATH (the fetched uibk-uncover/conseal)");
                }
                Path s = Path.of(System.getProperty("emn.home", "."), "bench", "peer", "conseal_peer.py");
                p = org.efficientmixnet.bench.StegoBenchmark.peer(python != null ? python : "/usr/bin/python3", s, conseal, n, System.err);
            }
            spec.commandLine().getOut().print(org.efficientmixnet.bench.StegoBenchmark.table(
                    org.efficientmixnet.bench.StegoBenchmark.stages(n), n, p));
            spec.commandLine().getOut().println(org.efficientmixnet.bench.FeatureBenchmark.run(n));
            spec.commandLine().getOut().println(org.efficientmixnet.bench.FeatureBenchmark.gfr(n));
            org.efficientmixnet.bench.FeatureBenchmark.spatial(n).forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (ops) {
            int rounds = this.rounds == null ? 3 : this.rounds;
            if (batch < 1 || rounds < 1 || threads < 1) {
                throw new IllegalArgumentException("--batch, --rounds and --threads must be ≥ 1");
            }
            Path script = Path.of(System.getProperty("emn.home", "."), "bench", "peer", "torch_ops_peer.py");
            spec.commandLine().getOut().print(org.efficientmixnet.bench.OpBenchmark.run(python != null ? python : Benchmark.defaultPython(),
                    script, batch, runs == null ? 200 : runs, threads, rounds, peer, training));
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (levers) {
            var out = spec.commandLine().getOut();
            List<BenchWorker.Config> cs = configs == null ? Arrays.stream(BenchWorker.Config.values()).filter(c -> !c.training()).toList()
                    : configs.stream().map(BenchWorker.Config::fromId).toList();
            for (BenchWorker.Config c : cs) {
                for (String line : org.efficientmixnet.bench.LeverBenchmark.run(model, c, runs == null ? 10 : runs,
                        leverNames == null ? org.efficientmixnet.bench.LeverBenchmark.ALL : new java.util.LinkedHashSet<>(leverNames))) {
                    out.println(line);
                    out.flush();
                }
            }
            return 0;
        }
        if (loader) {
            var out = spec.commandLine().getOut();
            int r = runs == null ? 3 : runs;
            for (String line : org.efficientmixnet.bench.LoaderBenchmark.run(64, r,
                    loaderThreads > 1 ? List.of(1, loaderThreads) : List.of(1))) {
                out.println(line);
                out.flush();
            }
            var rows = Benchmark.run(new Benchmark.Options(model, false, runs, threads, null, null,
                    List.of(BenchWorker.Config.TRAIN_STEGO_256_B16), false), System.err);
            out.printf(java.util.Locale.ROOT, "training step train_stego_256_b16 (ours, %d threads): %.1f images/s%n", threads,
                    rows.get(0).ours().get("images_per_s").getAsDouble());
            out.flush();
            return 0;
        }
        List<BenchWorker.Config> cs = configs == null ? Arrays.asList(BenchWorker.Config.values())
                : configs.stream().map(BenchWorker.Config::fromId).toList();
        Path script = Path.of(System.getProperty("emn.home", "."), "bench", "peer", "torch_peer.py");
        int n = rounds == null ? 1 : rounds;
        if (n < 1) {
            throw new IllegalArgumentException("--rounds must be ≥ 1, got " + n);
        }
        var options = new Benchmark.Options(model, peer, runs, threads, python != null ? python : Benchmark.defaultPython(),
                script, cs, fuse, !noCompile);
        List<List<Benchmark.Row>> all = new java.util.ArrayList<>();
        for (int r = 0; r < n; r++) {
            var rows = Benchmark.run(options, System.err);
            all.add(rows);
            spec.commandLine().getOut().print((n > 1 ? "round " + (r + 1) + " of " + n + ":\n" : "") + Benchmark.table(rows));
            spec.commandLine().getOut().flush();
        }
        if (n > 1) {
            spec.commandLine().getOut().print("\n" + Benchmark.roundsSummary(all));
            spec.commandLine().getOut().flush();
        }
        if (report != null) {
            Benchmark.writeReport(report, all, "bin/emn bench" + (peer ? " --peer" : "") + (runs != null ? " --runs " + runs : "") + (threads != 2 ? " --threads " + threads : "") + (fuse ? "" : " --no-fuse")
                    + (noCompile ? " --no-compile" : "") + (n > 1 ? " --rounds " + n : "") + (configs != null ? " --config " + String.join(",", configs) : ""));
        }
        return 0;
    }
}
