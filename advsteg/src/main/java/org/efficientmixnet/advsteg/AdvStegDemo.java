package org.efficientmixnet.advsteg;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.train.loop.EpochResult;

/**
 * The self-contained demonstration: generated colour images (shapes on noisy backgrounds, no download), Alice, Bob
 * and Eve trained at a small size (by default with the {@code residual} variant, which Bob learns to read in a few
 * hundred steps; the reference's recipe needs thousands), a text hidden in stegos and read back, and the scheme judged by detectors trained
 * afresh on held-out pairs (Eve's architecture, and an EfficientNet-B0 with the steganalysis surgery).
 */
public final class AdvStegDemo {
    /** Sizes and budget; {@link #DEFAULT} fits in a few minutes on 2 cores. */
    public record Options(Path dir, AdvStegConfig config, int trainImages, int heldOutImages, int epochs,
            AdvStegTraining.Hyper hyper, int judgeEpochs, long seed, Variant variant) {
        public static Options defaults(Path dir) {
            return new Options(dir, new AdvStegConfig(16, 32, 3), 640, 160, 12,
                    new AdvStegTraining.Hyper(2e-4, 0.1, 0.3, 0.6, 12), 6, 7, Variant.residual(Variant.DEFAULT_STRENGTH));
        }

        public Options withEpochs(int e) {
            return new Options(dir, config, trainImages, heldOutImages, e, hyper, judgeEpochs, seed, variant);
        }

        public Options withVariant(Variant v) {
            return new Options(dir, config, trainImages, heldOutImages, epochs, hyper, judgeEpochs, seed, v);
        }

        public Options withHyper(AdvStegTraining.Hyper h) {
            return new Options(dir, config, trainImages, heldOutImages, epochs, h, judgeEpochs, seed, variant);
        }
    }

    public record Result(Path run, double bobBitAccuracy, double valBitAccuracy, double psnr, String revealed,
            double revealBer, Judge.Report report, double seconds) {
    }

    private AdvStegDemo() {
    }

    public static Result run(Options o, PrintWriter out, Progress progress) throws IOException {
        long start = System.nanoTime();
        AdvStegConfig c = o.config();
        Path data = o.dir().resolve("covers");
        Path heldOut = o.dir().resolve("held-out");
        Path run = o.dir().resolve("run");
        int classes = 8;
        if (!Files.isDirectory(data)) {
            SyntheticShapes.write(data, classes, Math.max(1, o.trainImages() / classes), c.imageSize(), o.seed());
            SyntheticShapes.write(heldOut, classes, Math.max(1, o.heldOutImages() / classes), c.imageSize(), o.seed() + 1);
        }
        out.printf(Locale.ROOT, "advsteg demo: %d training and %d held-out generated %d×%d images; width %d, %d-bit messages%n",
                o.trainImages(), o.heldOutImages(), c.imageSize(), c.imageSize(), c.width(), c.messageLength());
        if (o.variant().residual()) {
            out.printf(Locale.ROOT, "Alice: the residual variant (stego = cover + %s·Alice(message), not the reference): with the "
                    + "reference's recipe (--variant reference) Bob stays at chance for thousands of steps on textured covers, "
                    + "see docs/advsteg.md%n", o.variant().strength());
        } else {
            out.printf(Locale.ROOT, "Alice: the reference's (Hayes & Danezis); expect Bob near chance at this budget%n");
        }
        out.flush();
        boolean resume = Files.exists(run.resolve("checkpoints").resolve("last.json"))
                && AdvStegRun.readSettings(run).variant().equals(o.variant());
        if (!resume && Files.exists(run)) {
            deleteTree(run);
        }
        List<EpochResult> h = AdvStegRun.train(run,
                new AdvStegRun.Settings(c, o.hyper(), o.epochs(), 0.1, o.seed(), data.toString(), o.variant()), resume, progress);
        EpochResult last = h.get(h.size() - 1);
        try (AdvStegNetworks nets = AdvStegRun.load(run)) {
            List<Path> covers;
            try (Stream<Path> s = Files.walk(heldOut)) {
                covers = s.filter(Files::isRegularFile).sorted().toList();
            }
            String text = "Alice to Bob: meet at noon.";
            byte[] msg = text.getBytes(StandardCharsets.UTF_8);
            List<Path> stegos = Hiding.hide(nets, msg, covers, o.dir().resolve("stegos"));
            Hiding.Revealed r;
            String revealed;
            try {
                r = Hiding.reveal(nets, stegos, msg);
                revealed = new String(r.message(), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                r = new Hiding.Revealed(new byte[0], Double.NaN, stegos.size());
                revealed = "(unreadable: " + e.getMessage() + ")";
            }
            Path judgeDir = o.dir().resolve("judge");
            if (Files.exists(judgeDir)) {
                deleteTree(judgeDir);
            }
            Judge.Report report = Judge.judge(nets, CoverSet.folder(heldOut, c, null), List.of(Judge.freshEve(o.judgeEpochs(), 1e-3),
                    Judge.steganalysisNetwork(ModelSpec.preset("efficientnet_b0").withSurgery("stem-stride=1,insert=2"),
                            o.judgeEpochs(), 16, judgeDir)), 0.5, o.seed(), progress);
            return new Result(run, report.bobBitAccuracy(), last.get("val_bit_acc"), last.get("psnr"), revealed,
                    r.bitErrorRate(), report, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
