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

    @Option(names = "--peer", description = "also run torchvision's efficientnet_b0 on PyTorch and print ratios ours/peer")
    boolean peer;

    @Option(names = "--runs", description = "timed iterations per configuration (default: 30/10/6/8)")
    Integer runs;

    @Option(names = "--threads", defaultValue = "2", description = "threads each side (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--config", split = ",", description = "configurations: infer_224_b1, infer_224_b16, train_224_b16, train_128_b32 (default: all)")
    List<String> configs;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "python with torch and torchvision for the peer")
    String python;

    @Option(names = "--stego", description = "measure stego embedding on a 512×512 grayscale JPEG instead: J-UNIWARD end to end, then each JPEG algorithm's costs, simulation and STC (with --peer: against conseal, see --conseal)")
    boolean stego;

    @Option(names = "--conseal", description = "with --stego --peer: the fetched conseal repository (checkout or git directory); --python needs numpy and scipy")
    Path conseal;

    @Option(names = "--fuse", description = "inference with batch norms folded into the convolutions")
    boolean fuse;

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
                p = org.efficientmixnet.bench.StegoBenchmark.peer(python, s, conseal, n, System.err);
            }
            spec.commandLine().getOut().print(org.efficientmixnet.bench.StegoBenchmark.table(
                    org.efficientmixnet.bench.StegoBenchmark.stages(n), n, p));
            spec.commandLine().getOut().println(org.efficientmixnet.bench.FeatureBenchmark.run(n));
            spec.commandLine().getOut().flush();
            return 0;
        }
        List<BenchWorker.Config> cs = configs == null ? Arrays.asList(BenchWorker.Config.values())
                : configs.stream().map(BenchWorker.Config::fromId).toList();
        Path script = Path.of(System.getProperty("emn.home", "."), "bench", "peer", "torch_peer.py");
        var rows = Benchmark.run(new Benchmark.Options(model, peer, runs, threads, python, script, cs, fuse), System.err);
        String table = Benchmark.table(rows);
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (report != null) {
            Benchmark.writeReport(report, rows, "bin/emn bench" + (peer ? " --peer" : "") + (runs != null ? " --runs " + runs : "") + (fuse ? " --fuse" : ""));
        }
        return 0;
    }
}
