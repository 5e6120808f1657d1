package org.efficientmixnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.efficientmixnet.advsteg.AdvStegConfig;
import org.efficientmixnet.advsteg.AdvStegDemo;
import org.efficientmixnet.advsteg.AdvStegNetworks;
import org.efficientmixnet.advsteg.AdvStegRun;
import org.efficientmixnet.advsteg.AdvStegTraining;
import org.efficientmixnet.advsteg.CoverSet;
import org.efficientmixnet.advsteg.Hiding;
import org.efficientmixnet.advsteg.Judge;
import org.efficientmixnet.advsteg.Variant;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.stego.features.FeatureExtraction;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.data.ImageDecoder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emn advsteg}: adversarial steganography (Hayes &amp; Danezis 2017): Alice, Bob and Eve. */
@Command(name = "advsteg", mixinStandardHelpOptions = true,
        description = "Adversarial steganography (Hayes & Danezis 2017): train Alice, Bob and Eve, hide and reveal "
                + "messages, judge the scheme with detectors that were not in the game.",
        subcommands = {AdvStegCommand.Summary.class, AdvStegCommand.Train.class, AdvStegCommand.Hide.class,
                AdvStegCommand.Reveal.class, AdvStegCommand.JudgeCmd.class, AdvStegCommand.Demo.class})
final class AdvStegCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The sizes of the three networks; CPU defaults, the reference's one flag away. */
    static final class Sizes {
        @Option(names = "--width", description = "channel base (the reference's output_size; default 32 on a CPU, the "
                + "reference's 64 with --reference); images are 16·ceil(width/16)+45 pixels square")
        Integer width;
        @Option(names = "--msg-len", description = "message bits per image (default 100, as the reference)") Integer msgLen;
        @Option(names = "--in-chans", description = "1 (gray) or 3 (colour, default)") Integer inChans;
        @Option(names = "--reference", description = "the reference's sizes: width 64 (109×109 colour images), 100 bits "
                + "(Alice alone ~297 M parameters)") boolean reference;

        AdvStegConfig config() {
            AdvStegConfig c = reference ? AdvStegConfig.REFERENCE : AdvStegConfig.CPU_DEFAULT;
            return new AdvStegConfig(width != null ? width : c.width(), msgLen != null ? msgLen : c.messageLength(),
                    inChans != null ? inChans : c.inChannels());
        }
    }

    static void threads(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("--threads must be ≥ 0, got " + n);
        }
        if (n > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true, description = "Parameters of Alice, Bob and Eve and the image size.")
    static final class Summary implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Mixin
        Sizes sizes = new Sizes();
        @Option(names = "--json") boolean json;
        @Option(names = "--variant", defaultValue = "reference", description = "reference (default) or residual (Alice's "
                + "linear layer reads the message only)") String variant;

        @Override
        public Integer call() {
            AdvStegConfig c = sizes.config();
            Map<String, Long> counts = AdvStegNetworks.parameterCounts(c, Variant.of(variant, null));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonObject o = new JsonObject();
                counts.forEach(o::addProperty);
                o.addProperty("image_size", c.imageSize());
                o.addProperty("in_chans", c.inChannels());
                o.addProperty("width", c.width());
                o.addProperty("msg_len", c.messageLength());
                out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
            } else {
                out.printf(Locale.ROOT, "width %d, %d-bit messages, %d channel(s): covers and stegos %d×%d%n", c.width(),
                        c.messageLength(), c.inChannels(), c.imageSize(), c.imageSize());
                counts.forEach((k, v) -> out.printf(Locale.ROOT, "  %-6s %,15d parameters%n", k, v));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train Alice, Bob and Eve on a folder of cover images.")
    static final class Train implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Mixin
        Sizes sizes = new Sizes();
        @Option(names = "--data", required = true, description = "folder of cover images (resized and centre-cropped to the networks' size, as the reference)")
        Path data;
        @Option(names = "--out", description = "run folder (default: runs/advsteg-<time>)") Path out;
        @Option(names = "--resume", description = "continue the run in this folder (its settings win)") Path resume;
        @Option(names = "--epochs", defaultValue = "10") int epochs;
        @Option(names = "--batch", defaultValue = "12", description = "default ${DEFAULT-VALUE}, as the reference") int batch;
        @Option(names = "--lr", defaultValue = "1e-4", description = "both optimizers (Eve SGD, Alice+Bob Adam)") double lr;
        @Option(names = "--a", defaultValue = "0.1", description = "weight of fooling Eve") double a;
        @Option(names = "--b", defaultValue = "0.3", description = "weight of mean |cover − stego|") double b;
        @Option(names = "--c", defaultValue = "0.6", description = "weight of Bob's message error") double c;
        @Option(names = "--variant", defaultValue = "reference", description = "reference (default: Alice's output is "
                + "the stego, as Hayes & Danezis) or residual (Alice's output, scaled by --strength, is added to the cover; "
                + "learns in hundreds of steps where the reference needs thousands, docs/advsteg.md)") String variant;
        @Option(names = "--strength", description = "the residual's largest amplitude on the [−1, 1] scale (default "
                + Variant.DEFAULT_STRENGTH + ", ±63.75 grey levels; residual variant only)") Double strength;
        @Option(names = "--val-fraction", defaultValue = "0.1") double valFraction;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: the engine's default)") int threads;

        @Override
        public Integer call() throws Exception {
            threads(threads);
            Path run = resume != null ? resume : out != null ? out
                    : Path.of("runs", "advsteg-" + java.time.LocalDateTime.now().format(
                            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            AdvStegRun.Settings s = new AdvStegRun.Settings(sizes.config(),
                    new AdvStegTraining.Hyper(lr, a, b, c, batch), epochs, valFraction, seed, data.toString(),
                    Variant.of(variant, strength));
            List<org.efficientmixnet.train.loop.EpochResult> h = AdvStegRun.train(run, s, resume != null, Progress.to(spec.commandLine().getErr()));
            var last = h.get(h.size() - 1);
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "run %s (%s): epoch %d, Bob's bits %.3f (val), Eve %.3f (val), PSNR %.2f dB, SSIM %.4f%n", run,
                    AdvStegRun.readSettings(run).variant(), last.epoch(), last.get("val_bit_acc"), last.get("val_eve_acc"), last.get("psnr"), last.get("ssim"));
            o.flush();
            return 0;
        }
    }

    @Command(name = "hide", mixinStandardHelpOptions = true, description = "Hide a message in covers with a trained Alice "
            + "(split over several covers, in order, with a length header).")
    static final class Hide implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--run", required = true) Path run;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Message message;
        @Parameters(arity = "1..*", paramLabel = "COVER", description = "cover images of the run's size, or folders of them") List<Path> covers;
        @Option(names = "--out", required = true, description = "folder for the stegos (PNG, NNN-<cover>.png)") Path out;

        @Override
        public Integer call() throws Exception {
            byte[] msg = message.bytes();
            try (AdvStegNetworks nets = AdvStegRun.load(run)) {
                List<Path> stegos = Hiding.hide(nets, msg, expand(covers), out);
                PrintWriter o = spec.commandLine().getOut();
                o.printf(Locale.ROOT, "hid %d bytes in %d stego image(s) under %s%n", msg.length, stegos.size(), out);
                o.flush();
            }
            return 0;
        }
    }

    static final class Message {
        @Option(names = "--message", description = "the message text") String text;
        @Option(names = "--message-file", description = "the message: a file's bytes") Path file;

        byte[] bytes() throws java.io.IOException {
            return text != null ? text.getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file);
        }
    }

    @Command(name = "reveal", mixinStandardHelpOptions = true, description = "Read a message back with a trained Bob.")
    static final class Reveal implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--run", required = true) Path run;
        @Parameters(arity = "1..*", paramLabel = "STEGO", description = "stego images in order, or a folder of them") List<Path> stegos;
        @Option(names = "--out", description = "write the message's bytes here (default: print it as text)") Path out;
        @ArgGroup(exclusive = true)
        Message expected;

        @Override
        public Integer call() throws Exception {
            try (AdvStegNetworks nets = AdvStegRun.load(run)) {
                Hiding.Revealed r = Hiding.reveal(nets, expand(stegos), expected == null ? null : expected.bytes());
                PrintWriter o = spec.commandLine().getOut();
                if (out != null) {
                    if (stegos.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize()))) {
                        throw new IllegalArgumentException(out + ": is an input; choose another --out");
                    }
                    org.efficientmixnet.io.AtomicFile.write(out, r.message());
                    o.printf(Locale.ROOT, "%d bytes from %d image(s) written to %s%n", r.message().length, r.images(), out);
                } else {
                    o.println(new String(r.message(), StandardCharsets.UTF_8));
                }
                if (!Double.isNaN(r.bitErrorRate())) {
                    o.printf(Locale.ROOT, "bit error rate against the given message: %.4f%n", r.bitErrorRate());
                }
                o.flush();
            }
            return 0;
        }
    }

    @Command(name = "judge", mixinStandardHelpOptions = true, description = "Judge a trained scheme: stegos for held-out "
            + "covers, fresh detectors trained on cover/stego pairs, their accuracy and P_E beside Eve's own.")
    static final class JudgeCmd implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--run", required = true) Path run;
        @Option(names = "--data", required = true, description = "held-out covers (not the training folder)") Path data;
        @Option(names = "--epochs", defaultValue = "10", description = "training epochs of each fresh detector") int epochs;
        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate of the fresh Eve") double lr;
        @Option(names = "--judge", split = ",", defaultValue = "eve,network", description = "fresh judges: eve (Eve's "
                + "architecture anew), network (a steganalysis detector of the project), ensemble (the rich-model FLD "
                + "ensemble on --judge-features); default: ${DEFAULT-VALUE}")
        List<String> judges;
        @Option(names = "--judge-features", defaultValue = Judge.DEFAULT_FEATURES, description = "the ensemble judge's "
                + "feature set (spatial; default: ${DEFAULT-VALUE})") String judgeFeatures;
        @Option(names = "--judge-learners", defaultValue = "0", description = "the ensemble's number of learners L "
                + "(default 0: automatic by OOB error)") int judgeLearners;
        @Option(names = "--judge-dsub", defaultValue = "0", description = "the ensemble's subspace dimension (default 0: "
                + "automatic search)") int judgeDsub;
        @Option(names = "--judge-model", defaultValue = "efficientnet_b0", description = "the network judge (default: ${DEFAULT-VALUE})")
        String judgeModel;
        @Option(names = "--judge-surgery", defaultValue = "stem-stride=1,insert=2", description = "its surgery (default: "
                + "the steganalysis one, ${DEFAULT-VALUE}; \"\" for none)")
        String judgeSurgery;
        @Option(names = "--judge-batch", defaultValue = "16") int judgeBatch;
        @Option(names = "--out", description = "where the network judge's pairs and run go (default: RUN/judge)") Path out;
        @Option(names = "--test-fraction", defaultValue = "0.5") double testFraction;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--json") boolean json;
        @Option(names = "--threads", defaultValue = "0") int threads;

        @Override
        public Integer call() throws Exception {
            threads(threads);
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs must be ≥ 1, got " + epochs);
            }
            if (!(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("--test-fraction must be in (0, 1), got " + testFraction);
            }
            AdvStegRun.Settings s = AdvStegRun.readSettings(run);
            if (Path.of(s.data()).toAbsolutePath().normalize().equals(data.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(data + ": is the run's training folder; judge on held-out covers");
            }
            List<Judge.FreshDetector> fresh = new ArrayList<>();
            for (String j : judges) {
                switch (j.trim()) {
                    case "eve" -> fresh.add(Judge.freshEve(epochs, lr));
                    case "network" -> fresh.add(Judge.steganalysisNetwork(judgeSurgery.isBlank()
                            ? ModelSpec.preset(judgeModel) : ModelSpec.preset(judgeModel).withSurgery(judgeSurgery), epochs,
                            judgeBatch, out != null ? out : run.resolve("judge")));
                    case "ensemble" -> fresh.add(Judge.richModelEnsemble(FeatureExtraction.Kind.of(judgeFeatures),
                            (out != null ? out : run.resolve("judge")).resolve("ensemble"), threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                            judgeLearners, judgeDsub));
                    default -> throw new IllegalArgumentException("unknown --judge '" + j + "': expected eve, network or ensemble");
                }
            }
            Path work = out != null ? out : run.resolve("judge");
            if (fresh.stream().anyMatch(f -> !f.name().startsWith("Eve")) && Files.exists(work)) {
                throw new IllegalArgumentException(work + ": already exists; give another --out for the network and ensemble judges");
            }
            try (AdvStegNetworks nets = AdvStegRun.load(run)) {
                List<String> skipped = new ArrayList<>();
                Judge.Report r = Judge.judge(nets, CoverSet.folder(data, nets.config(), skipped), fresh, testFraction, seed,
                        Progress.to(spec.commandLine().getErr()));
                print(spec.commandLine().getOut(), r, json);
            }
            return 0;
        }
    }

    static void print(PrintWriter o, Judge.Report r, boolean json) {
        if (json) {
            o.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(r));
        } else {
            o.printf(Locale.ROOT, "Bob's bit accuracy on stored stegos: %.4f%n", r.bobBitAccuracy());
            r.verdicts().forEach(v -> o.println(v.line()));
        }
        o.flush();
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Self-contained: generated images, Alice/Bob/Eve "
            + "trained at a small size, a message hidden and read back, the scheme judged by a fresh detector.")
    static final class Demo implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = "--dir", defaultValue = "runs/advsteg-demo", description = "working folder (default: ${DEFAULT-VALUE})") Path dir;
        @Option(names = "--epochs", description = "training epochs (default: the demo's)") Integer epochs;
        @Option(names = "--variant", defaultValue = "residual", description = "residual (default here: the reference's "
                + "recipe leaves Bob at chance for thousands of steps, docs/advsteg.md) or reference") String variant;
        @Option(names = "--strength", description = "the residual's amplitude (default " + Variant.DEFAULT_STRENGTH + ")") Double strength;
        @Option(names = "--lr", description = "learning rate of both optimizers (default: the demo's)") Double lr;
        @Option(names = "--threads", defaultValue = "0") int threads;

        @Override
        public Integer call() throws Exception {
            threads(threads);
            AdvStegDemo.Options d = AdvStegDemo.Options.defaults(dir).withVariant(Variant.of(variant, strength));
            if (epochs != null) {
                d = d.withEpochs(epochs);
            }
            if (lr != null) {
                AdvStegTraining.Hyper h = d.hyper();
                d = d.withHyper(new AdvStegTraining.Hyper(lr, h.a(), h.b(), h.c(), h.batch()));
            }
            PrintWriter o = spec.commandLine().getOut();
            AdvStegDemo.Result r = AdvStegDemo.run(d, o, Progress.to(spec.commandLine().getErr()));
            o.printf(Locale.ROOT, "%nrun: %s (curves: losses.png, accuracy.png, quality.png; samples/)%n", r.run());
            o.printf(Locale.ROOT, "Bob decodes %.1f %% of the bits of validation stegos (chance 50 %%); PSNR %.2f dB%n",
                    100 * r.valBitAccuracy(), r.psnr());
            o.printf(Locale.ROOT, "hidden and revealed: \"%s\"%s%n", r.revealed(), Double.isNaN(r.revealBer()) ? ""
                    : String.format(Locale.ROOT, " (bit error rate %.4f)", r.revealBer()));
            print(o, r.report(), false);
            o.printf(Locale.ROOT, "%.0f s in all%n", r.seconds());
            return 0;
        }
    }

    /** Files as given, folders expanded to their images in name order. */
    static List<Path> expand(List<Path> paths) throws java.io.IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    out.addAll(s.filter(ImageDecoder::isImage).sorted().toList());
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
