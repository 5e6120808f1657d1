package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.efficientmixnet.steganalysis.DetectionMetrics;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.train.loop.ShutdownGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Metrics of a detector (P_E, MD5, wAUC, accuracy), ROC and score histogram, on held-out covers and stegos or on a part of the run's own split.")
final class StegoEvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, description = "detector run folder") Path run;
    @Option(names = "--covers", description = "held-out cover folder (without it: the run's own --split part)") Path covers;
    @Option(names = "--stegos", description = "held-out stego folder(s), paired with the covers as for training") List<Path> stegos;
    @Option(names = "--split", defaultValue = "test", description = "without --covers: train, val or test part of the run's split.csv; default: ${DEFAULT-VALUE}")
    String split;
    @Option(names = "--out", description = "where the metrics, ROC and histogram go (default: RUN/eval-<stego folder or part>)")
    Path out;
    @Option(names = "--batch", defaultValue = "16") int batch;
    @Option(names = "--workers", defaultValue = "2", description = "decoding threads") int workers;
    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: the engine's default)") int threads;

    @Override
    public Integer call() throws Exception {
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if ((covers == null) != (stegos == null)) {
            throw new IllegalArgumentException("give --covers and --stegos together (or neither, for the run's --split part)");
        }
        if (!List.of("train", "val", "test").contains(split)) {
            throw new IllegalArgumentException("--split must be train, val or test, got '" + split + "'");
        }
        Path dir = out != null ? out : run.resolve("eval-" + (covers == null ? split
                : stegos.get(0).toAbsolutePath().normalize().getFileName()));
        DetectionMetrics m;
        // the guard is closed last: a SIGTERM stops after the batch in flight, never while libtorch runs
        try (ShutdownGuard guard = ShutdownGuard.install();
                Detector d = Detector.load(run).batch(batch).workers(workers)) {
            guard.onShutdown(d::requestStop);
            m = covers == null ? d.evaluateSplit(split, dir) : d.evaluate(covers, stegos, dir);
        }
        var o = spec.commandLine().getOut();
        o.println(m.line());
        o.println("written: " + dir.resolve("eval-metrics.json") + ", " + dir.resolve("roc.png") + ", "
                + dir.resolve("histogram.png") + ", " + dir.resolve("eval-scores.csv"));
        o.flush();
        return 0;
    }
}
