package org.efficientmixnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.train.Demo;
import org.efficientmixnet.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Generate a small labelled image set, train a small EfficientNet on it, evaluate it.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", description = "working folder (default: ./emn-demo, or emn-demo-2, … when taken)")
    Path dir;

    @Option(names = "--classes", defaultValue = "8", description = "shape classes, 2–8") int classes;
    @Option(names = "--per-class", defaultValue = "300", description = "training images per class") int perClass;
    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--size", defaultValue = "32", description = "image size in pixels") int size;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--threads", defaultValue = "1", description = "engine threads (0: the engine's default)") int threads;
    @Option(names = "--quick", description = "a tiny demo (3 classes, 40 images each, 2 epochs) for testing") boolean quick;

    @Override
    public Integer call() throws Exception {
        Path d = dir;
        if (d == null) {
            d = Path.of("emn-demo");
            for (int i = 2; Files.exists(d.resolve("run")); i++) {
                d = Path.of("emn-demo-" + i);
            }
        }
        Demo.Options o = quick ? new Demo.Options(d, 3, 40, 32, 2, 16, seed, threads)
                : new Demo.Options(d, classes, perClass, size, epochs, 32, seed, threads);
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
