package org.efficientmixnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.train.loop.ShutdownGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Probability that each image is stego, from a detector run (unreadable files are listed, never fatal).")
final class StegoDetectCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, description = "detector run folder (from `emn stego train`)") Path run;
    @Parameters(arity = "1..*", description = "images or folders of images") List<Path> inputs;
    @Option(names = "--json", description = "JSON output") boolean json;
    @Option(names = "--csv", description = "CSV output (file,stego[,p_CLASS…],error)") boolean csv;
    @Option(names = "--batch", defaultValue = "16", description = "images per forward pass") int batch;
    @Option(names = "--workers", defaultValue = "2", description = "decoding threads") int workers;
    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: the engine's default)") int threads;

    @Override
    public Integer call() throws Exception {
        if (json && csv) {
            throw new IllegalArgumentException("give --json or --csv, not both");
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean folders = inputs.stream().anyMatch(Files::isDirectory);
        Detector.Detection r;
        // the guard is closed last: a SIGTERM stops after the batch in flight, never while libtorch runs
        try (ShutdownGuard guard = ShutdownGuard.install();
                Detector d = Detector.load(run).batch(batch).workers(workers)) {
            guard.onShutdown(d::requestStop);
            long t0 = System.nanoTime();
            r = d.score(inputs, folders ? (done, total) -> bar(err, done, total, t0) : (done, total) -> { });
            if (d.stopRequested()) {
                err.println("stopped: the process was asked to stop; " + r.scores().size() + " image(s) scored");
                err.flush();
            }
            List<String> classes = d.classes();
            boolean perClass = classes.size() > 2;
            if (json) {
                JsonObject root = new JsonObject();
                JsonArray arr = new JsonArray();
                for (Detector.Score s : r.scores()) {
                    JsonObject e = new JsonObject();
                    e.addProperty("file", s.file().toString());
                    e.addProperty("stego", s.stego());
                    if (perClass) {
                        JsonObject p = new JsonObject();
                        for (int c = 0; c < classes.size(); c++) {
                            p.addProperty(classes.get(c), s.probabilities()[c]);
                        }
                        e.add("probabilities", p);
                    }
                    arr.add(e);
                }
                root.add("scores", arr);
                JsonArray fails = new JsonArray();
                for (Detector.Failure f : r.failures()) {
                    JsonObject e = new JsonObject();
                    e.addProperty("file", f.file().toString());
                    e.addProperty("error", f.reason());
                    fails.add(e);
                }
                root.add("unreadable", fails);
                o.println(new GsonBuilder().setPrettyPrinting().create().toJson(root));
            } else if (csv) {
                StringBuilder h = new StringBuilder("file,stego");
                if (perClass) {
                    classes.forEach(c -> h.append(",p_").append(c));
                }
                o.println(h.append(",error"));
                for (Detector.Score s : r.scores()) {
                    StringBuilder sb = new StringBuilder(q(s.file().toString())).append(String.format(Locale.ROOT, ",%.6f", s.stego()));
                    if (perClass) {
                        for (float p : s.probabilities()) {
                            sb.append(String.format(Locale.ROOT, ",%.6f", p));
                        }
                    }
                    o.println(sb.append(','));
                }
                for (Detector.Failure f : r.failures()) {
                    o.println(q(f.file().toString()) + "," + ",".repeat(perClass ? classes.size() : 0) + "," + q(f.reason()));
                }
            } else {
                for (Detector.Score s : r.scores()) {
                    StringBuilder sb = new StringBuilder(s.file().toString()).append(String.format(Locale.ROOT,
                            "  stego %.4f", s.stego()));
                    if (perClass) {
                        for (int c = 0; c < classes.size(); c++) {
                            sb.append(String.format(Locale.ROOT, "  %s %.4f", classes.get(c), s.probabilities()[c]));
                        }
                    }
                    o.println(sb);
                }
                if (!r.failures().isEmpty()) {
                    o.println(r.failures().size() + " unreadable:");
                    r.failures().forEach(f -> o.println("  " + f.file() + ": " + f.reason()));
                }
            }
        }
        o.flush();
        return r.failures().isEmpty() ? 0 : 1;
    }

    private static String q(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void bar(PrintWriter err, int done, int total, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        err.printf(Locale.ROOT, "\rdetect [%s%s] %d/%d  %.1f img/s", "#".repeat(filled), "-".repeat(width - filled), done,
                total, secs > 0 ? done / secs : 0);
        if (done == total) {
            err.println();
        }
        err.flush();
    }
}
