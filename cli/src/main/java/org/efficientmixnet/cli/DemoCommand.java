package org.efficientmixnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.steganalysis.DetectionMetrics;
import org.efficientmixnet.steganalysis.StegoDemo;
import org.efficientmixnet.train.Demo;
import org.efficientmixnet.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, description = {
    "The main job, from nothing: make synthetic grayscale JPEG covers, embed into them, train a small EfficientNet-family "
            + "steganalysis detector on the cover/stego pairs, score it on held-out pairs.",
    "--task shapes: the earlier demo (a shape classifier on generated images)."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", defaultValue = "steganalysis", description = "steganalysis (default) or shapes")
    String task;

    @Option(names = "--dir", description = "working folder (default: ./emn-demo, or emn-demo-2, … when taken)")
    Path dir;

    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--epochs", description = "training epochs (default: steganalysis 3, shapes 10)") Integer epochs;
    @Option(names = "--size", description = "image side in pixels (default: steganalysis 64, shapes 32)") Integer size;
    @Option(names = "--threads", description = "engine threads (0: one per core; default: 1, which does not stall when other processes compete)") Integer threads;
    @Option(names = "--quick", description = "a tiny demo for testing (seconds; its figures say little)") boolean quick;

    @Option(names = "--covers", description = "steganalysis: number of covers (each with its stego; default: 1500)") Integer covers;
    @Option(names = "--algo", description = "steganalysis: embedding algorithm of emn stego embed (default: nsf5)") String algo;
    @Option(names = "--payload", description = "steganalysis: payload (bpnzAC for JPEG algorithms; default: 1.0)") Double payload;
    @Option(names = "--surgery", description = "steganalysis: surgery of the detector network (default: stem-stride=1)") String surgery;
    @Option(names = "--stem", description = "steganalysis: srm (the 30 SRM high-pass kernels in front, fixed; default) or none") String stem;
    @Option(names = "--batch", description = "batch size in images (covers and their stegos together; default: 32)") Integer batch;
    @Option(names = "--lr", description = "steganalysis: peak learning rate of AdamW (default: 0.002)") Double lr;
    @Option(names = "--width", description = "steganalysis: width multiplier of the detector (default: 0.5)") Double width;

    @Option(names = "--classes", defaultValue = "8", description = "shapes: classes, 2–8") int classes;
    @Option(names = "--per-class", defaultValue = "300", description = "shapes: training images per class") int perClass;

    @Override
    public Integer call() throws Exception {
        Path d = dir;
        if (d == null) {
            d = Path.of("emn-demo");
            for (int i = 2; Files.exists(d.resolve("run")); i++) {
                d = Path.of("emn-demo-" + i);
            }
        }
        return switch (task.toLowerCase(Locale.ROOT)) {
            case "steganalysis", "stego" -> steganalysis(d);
            case "shapes" -> shapes(d);
            default -> throw new IllegalArgumentException("unknown --task '" + task + "': expected steganalysis or shapes");
        };
    }

    private int steganalysis(Path d) throws Exception {
        StegoDemo.Options b = quick ? StegoDemo.Options.quick(d) : StegoDemo.Options.defaults(d);
        StegoDemo.Options o = new StegoDemo.Options(d, covers != null ? covers : b.covers(), size != null ? size : b.size(),
                algo != null ? algo : b.algorithm(), payload != null ? payload : b.payload(), b.blocks(),
                width != null ? width : b.width(), surgery != null ? surgery : b.surgery(), stem != null ? stem : b.stem(),
                epochs != null ? epochs : b.epochs(), batch != null ? batch : b.batch(), lr != null ? lr : b.lr(), seed,
                threads != null ? threads : b.threads(), b.workers());
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        StegoDemo.Result r = StegoDemo.run(o, Progress.to(err), m -> {
            err.println(m);
            err.flush();
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        DetectionMetrics t = r.test();
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "held-out pairs (%d covers, %d stegos; %s %s, never seen in training):%n", t.covers(),
                t.stegos(), o.algorithm(), o.payload());
        out.printf(Locale.ROOT, "  P_E %.4f (chance 0.5)   wAUC %.4f (chance 0.586)   accuracy %.4f (chance 0.5)%n", t.pe(),
                t.wauc(), t.accuracy());
        out.printf(Locale.ROOT, "time: %.0f s in all (covers %.0f s, embedding %.0f s, training and test %.0f s)%n", secs,
                r.coverSeconds(), r.embedSeconds(), r.trainSeconds());
        out.println("ROC:       " + r.roc() + "; histogram of stego scores: " + r.histogram());
        out.println("model:     " + r.model() + " (run folder " + r.runDir() + ": detector.json, history.csv, split.csv, "
                + "test-metrics.json)");
        var pair = r.heldOutPair();
        out.println("try it:    emn stego detect --run " + r.runDir() + " " + pair.get(0) + " " + pair.get(1)
                + "   (a held-out stego and its cover)");
        out.flush();
        return 0;
    }

    private int shapes(Path d) throws Exception {
        int e = epochs != null ? epochs : 10;
        int s = size != null ? size : 32;
        int th = threads != null ? threads : 1;
        Demo.Options o = quick ? new Demo.Options(d, 3, 40, 32, 2, 16, seed, th)
                : new Demo.Options(d, classes, perClass, s, e, 32, seed, th);
        var err = spec.commandLine().getErr();
        Demo.Result r = Demo.run(o, Progress.to(spec.commandLine().getErr()), m -> {
            err.println(m);
            err.flush();
        });
        var out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "test accuracy %.4f on %d held-out images of %d classes (chance %.4f)%n", r.test().accuracy(),
                r.test().count(), o.classes(), 1.0 / o.classes());
        out.println("model:   " + r.runDir().resolve("best.safetensors") + " (with best.json; use: emn predict --run "
                + r.runDir() + " IMAGE…)");
        out.println("plots:   " + r.runDir().resolve("loss.png") + ", accuracy.png, lr.png");
        out.println("history: " + r.runDir().resolve("history.csv") + "; test metrics: " + r.testJson());
        out.flush();
        return 0;
    }
}
