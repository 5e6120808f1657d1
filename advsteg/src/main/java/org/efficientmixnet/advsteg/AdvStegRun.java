package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.plots.Charts;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;

/**
 * A training run of Alice, Bob and Eve in a folder: {@code advsteg.json} (what was asked), {@code split.csv}
 * (training and validation covers), {@code checkpoints/epoch-NNN/} (the three networks and both optimizers' states)
 * with {@code last.json} naming the newest complete one (written last, so a kill never leaves a half checkpoint),
 * {@code history.csv}/{@code .json}, the curves as PNG and a grid of covers, stegos and amplified differences per
 * epoch under {@code samples/}. Shuffling and messages come from generators seeded by (seed, epoch), and nothing
 * else draws random numbers after initialization, so {@code --resume} continues exactly as an uninterrupted run.
 */
public final class AdvStegRun {
    public static final String MARKER = "advsteg.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** What a run was asked to do. */
    public record Settings(AdvStegConfig config, AdvStegTraining.Hyper hyper, int epochs, double valFraction, long seed,
            String data) {
        public Settings {
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("--epochs must be in 1..100000, got " + epochs);
            }
            if (!(valFraction >= 0 && valFraction < 1)) {
                throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
            }
        }
    }

    /** One epoch's figures: training means, then validation with fixed messages in inference mode. */
    public record Epoch(int epoch, double eveLoss, double aliceBobLoss, double bobMse, double bitAccuracy,
            double eveAccuracy, double valBitAccuracy, double valEveAccuracy, double psnr, double ssim, double seconds) {
        static final String CSV_HEADER = "epoch,eve_loss,alice_bob_loss,bob_mse,bit_acc,eve_acc,val_bit_acc,val_eve_acc,"
                + "psnr,ssim,seconds";

        String csv() {
            return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.6f,%.2f", epoch, eveLoss,
                    aliceBobLoss, bobMse, bitAccuracy, eveAccuracy, valBitAccuracy, valEveAccuracy, psnr, ssim, seconds);
        }
    }

    private AdvStegRun() {
    }

    /**
     * Trains in {@code runDir}, from scratch or, with {@code resume}, from the newest checkpoint there (the settings
     * saved in the run then win over {@code settings}, except the number of epochs). Returns the history.
     */
    public static List<Epoch> train(Path runDir, Settings settings, boolean resume, Progress progress) throws IOException {
        Path dataDir = Path.of(settings.data());
        if (runDir.toAbsolutePath().normalize().startsWith(dataDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(runDir + ": the run folder must not be inside the data folder " + dataDir);
        }
        List<Epoch> history = new ArrayList<>();
        int startEpoch = 1;
        Settings s = settings;
        if (resume) {
            Settings saved = readSettings(runDir);
            s = new Settings(saved.config(), saved.hyper(), settings.epochs(), saved.valFraction(), saved.seed(), saved.data());
            dataDir = Path.of(s.data());
        } else if (Files.exists(runDir.resolve(MARKER))) {
            throw new IllegalArgumentException(runDir + ": already holds an advsteg run; use --resume to continue it or another --out");
        }
        List<String> skipped = new ArrayList<>();
        CoverSet all = CoverSet.folder(dataDir, s.config(), skipped);
        skipped.forEach(m -> progress.end("skipped: " + m));
        int[][] split = split(all.size(), s.valFraction(), s.seed());
        CoverSet train = all.subset(split[0]);
        CoverSet val = all.subset(split[1]);
        if (train.size() < 1) {
            throw new IllegalArgumentException(dataDir + ": no covers left for training after the validation split");
        }
        if (!resume) {
            Files.createDirectories(runDir);
            AtomicFile.writeString(runDir.resolve(MARKER), GSON.toJson(settingsJson(s)));
            StringBuilder csv = new StringBuilder("name,split\n");
            train.names().forEach(n -> csv.append(n).append(",train\n"));
            val.names().forEach(n -> csv.append(n).append(",val\n"));
            AtomicFile.writeString(runDir.resolve("split.csv"), csv.toString());
        }
        try (AdvStegNetworks nets = AdvStegNetworks.create(s.config(), s.seed())) {
            AdvStegTraining t = new AdvStegTraining(nets, s.hyper());
            if (resume) {
                Checkpoint c = Checkpoint.read(runDir);
                c.restore(nets, t);
                history.addAll(c.history());
                startEpoch = c.epoch() + 1;
            }
            for (int epoch = startEpoch; epoch <= s.epochs(); epoch++) {
                history.add(epoch(epoch, nets, t, train, val, s, runDir, progress));
                Checkpoint.write(runDir, epoch, nets, t, history);
                writeHistory(runDir, history);
            }
        }
        return history;
    }

    private static Epoch epoch(int epoch, AdvStegNetworks nets, AdvStegTraining t, CoverSet train, CoverSet val,
            Settings s, Path runDir, Progress progress) throws IOException {
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(s.seed() * 1_000_003L + epoch);
        int[] order = shuffled(train.size(), rng);
        int batch = Math.min(s.hyper().batch(), train.size());
        int steps = train.size() / batch; // the last partial batch is dropped, so every batch norm sees `batch` images
        double eve = 0, ab = 0, mse = 0;
        long bits = 0, bitsRight = 0, eveSeen = 0, eveRight = 0;
        progress.begin(String.format(Locale.ROOT, "epoch %d/%d", epoch, s.epochs()), steps);
        for (int i = 0; i < steps; i++) {
            int[] idx = Arrays.copyOfRange(order, i * batch, (i + 1) * batch);
            float[] msg = AdvStegTraining.messages(rng, batch, s.config().messageLength());
            AdvStegTraining.StepResult r = t.step(train.pack(idx), msg);
            eve += r.eveLoss();
            ab += r.aliceBobLoss();
            mse += r.bobMse();
            bits += r.bits();
            bitsRight += r.bitsRight();
            eveSeen += r.eveSeen();
            eveRight += r.eveRight();
            progress.update(i + 1, ab / (i + 1), (double) bitsRight / bits, (long) (i + 1) * batch);
        }
        Validation v = validate(nets, val.size() > 0 ? val : train, s.seed(), runDir.resolve("samples")
                .resolve(String.format(Locale.ROOT, "epoch-%03d.png", epoch)));
        Epoch e = new Epoch(epoch, eve / steps, ab / steps, mse / steps, (double) bitsRight / bits, (double) eveRight / eveSeen,
                v.bitAccuracy, v.eveAccuracy, v.psnr, v.ssim, (System.nanoTime() - start) / 1e9);
        progress.end(String.format(Locale.ROOT, "epoch %d/%d: eve %.4f alice+bob %.4f bob bits %.3f (val %.3f) eve acc %.3f "
                + "(val %.3f) PSNR %.2f dB SSIM %.4f %.1f s", epoch, s.epochs(), e.eveLoss, e.aliceBobLoss, e.bitAccuracy,
                e.valBitAccuracy, e.eveAccuracy, e.valEveAccuracy, e.psnr, e.ssim, e.seconds));
        return e;
    }

    private record Validation(double bitAccuracy, double eveAccuracy, double psnr, double ssim) {
    }

    /** Bob's bits, Eve's accuracy, PSNR and SSIM on {@code val} with messages fixed by the seed; writes the grid. */
    private static Validation validate(AdvStegNetworks nets, CoverSet val, long seed, Path grid) throws IOException {
        AdvStegConfig c = nets.config();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        float[] msgAll = AdvStegTraining.messages(rng, val.size(), c.messageLength());
        long bits = 0, right = 0, eveRight = 0;
        double psnr = 0, ssim = 0;
        int chunk = 16;
        List<float[]> shownCovers = new ArrayList<>();
        List<float[]> shownStegos = new ArrayList<>();
        for (int from = 0; from < val.size(); from += chunk) {
            int n = Math.min(chunk, val.size() - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            float[] msg = Arrays.copyOfRange(msgAll, from * c.messageLength(), (from + n) * c.messageLength());
            float[][] out = infer(nets, val.pack(idx), msg, n);
            float[] stegos = out[0];
            float[] decoded = out[1];
            float[] eveCover = out[2];
            float[] eveStego = out[3];
            for (int i = 0; i < msg.length; i++) {
                bits++;
                if ((decoded[i] > 0) == (msg[i] > 0)) {
                    right++;
                }
            }
            for (int i = 0; i < n; i++) {
                eveRight += (eveCover[i] > 0 ? 1 : 0) + (eveStego[i] > 0 ? 0 : 1);
                float[] cover8 = to8bit(val.images().get(from + i), false);
                float[] stego8 = to8bit(Arrays.copyOfRange(stegos, i * c.imageValues(), (i + 1) * c.imageValues()), true);
                psnr += Math.min(ImageQuality.psnr(cover8, stego8), 100.0);
                ssim += ImageQuality.ssim(cover8, stego8, c.inChannels(), c.imageSize());
                if (shownCovers.size() < 6) {
                    shownCovers.add(cover8);
                    shownStegos.add(stego8);
                }
            }
        }
        writeGrid(grid, shownCovers, shownStegos, c);
        return new Validation((double) right / bits, (double) eveRight / (2.0 * val.size()), psnr / val.size(), ssim / val.size());
    }

    /** Stegos, Bob's decoding and Eve's logits on covers and stegos, in inference mode. */
    static float[][] infer(AdvStegNetworks nets, float[] covers, float[] messages, int n) {
        AdvStegConfig c = nets.config();
        int side = c.imageSize();
        ParameterStore ps = nets.parameterStore();
        try (NDManager sm = nets.manager().newSubManager()) {
            NDArray cover = sm.create(covers, new Shape(n, c.inChannels(), side, side));
            NDArray msg = sm.create(messages, new Shape(n, c.messageLength()));
            NDArray stego = nets.alice().encode(ps, cover, msg, false);
            return new float[][] {stego.toFloatArray(), nets.bob().forward(ps, stego, false).toFloatArray(),
                    nets.eve().forward(ps, cover, false).toFloatArray(), nets.eve().forward(ps, stego, false).toFloatArray()};
        }
    }

    /** [−1, 1] to the 0..255 scale; {@code round} as a PNG would store it. */
    static float[] to8bit(float[] x, boolean round) {
        float[] o = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = round ? CoverSet.toByte(x[i]) : Math.max(0f, Math.min(255f, (x[i] + 1f) * 127.5f));
        }
        return o;
    }

    /** Rows: covers, stegos, |stego − cover| × 10. */
    private static void writeGrid(Path file, List<float[]> covers, List<float[]> stegos, AdvStegConfig c) throws IOException {
        if (covers.isEmpty()) {
            return;
        }
        int s = c.imageSize();
        int gap = 2;
        BufferedImage img = new BufferedImage(covers.size() * (s + gap), 3 * (s + gap), BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < covers.size(); k++) {
            float[] diff = new float[covers.get(k).length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = Math.min(255f, Math.abs(stegos.get(k)[i] - covers.get(k)[i]) * 10f);
            }
            float[][] rows = {covers.get(k), stegos.get(k), diff};
            for (int r = 0; r < 3; r++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        int[] ch = new int[3];
                        for (int q = 0; q < 3; q++) {
                            int src = Math.min(q, c.inChannels() - 1);
                            ch[q] = Math.round(rows[r][(src * s + y) * s + x]);
                        }
                        img.setRGB(k * (s + gap) + x, r * (s + gap) + y, (ch[0] << 16) | (ch[1] << 8) | ch[2]);
                    }
                }
            }
        }
        AtomicFile.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private static void writeHistory(Path runDir, List<Epoch> history) throws IOException {
        StringBuilder csv = new StringBuilder(Epoch.CSV_HEADER).append('\n');
        history.forEach(e -> csv.append(e.csv()).append('\n'));
        AtomicFile.writeString(runDir.resolve("history.csv"), csv.toString());
        AtomicFile.writeString(runDir.resolve("history.json"), GSON.toJson(history));
        double[] x = history.stream().mapToDouble(Epoch::epoch).toArray();
        Charts.line(runDir.resolve("losses.png"), "Losses", "epoch", "loss", List.of(
                new Charts.Series("Eve (BCE, covers + stegos)", x, history.stream().mapToDouble(Epoch::eveLoss).toArray()),
                new Charts.Series("Alice + Bob", x, history.stream().mapToDouble(Epoch::aliceBobLoss).toArray()),
                new Charts.Series("Bob (MSE)", x, history.stream().mapToDouble(Epoch::bobMse).toArray())));
        Charts.line(runDir.resolve("accuracy.png"), "Bob's bits and Eve's accuracy", "epoch", "accuracy", List.of(
                new Charts.Series("Bob bits (train)", x, history.stream().mapToDouble(Epoch::bitAccuracy).toArray()),
                new Charts.Series("Bob bits (val)", x, history.stream().mapToDouble(Epoch::valBitAccuracy).toArray()),
                new Charts.Series("Eve (train)", x, history.stream().mapToDouble(Epoch::eveAccuracy).toArray()),
                new Charts.Series("Eve (val)", x, history.stream().mapToDouble(Epoch::valEveAccuracy).toArray())));
        Charts.line(runDir.resolve("quality.png"), "Stego quality (val)", "epoch", "PSNR dB / SSIM×100", List.of(
                new Charts.Series("PSNR", x, history.stream().mapToDouble(Epoch::psnr).toArray()),
                new Charts.Series("SSIM × 100", x, history.stream().mapToDouble(e -> e.ssim() * 100).toArray())));
    }

    /** Indices of the training and validation covers: a seeded shuffle, the first ⌈n·f⌉ (at most n − 1) for validation. */
    static int[][] split(int n, double valFraction, long seed) {
        int[] order = shuffled(n, new SplittableRandom(seed ^ 0x5B117L));
        int val = valFraction == 0 ? 0 : (int) Math.min(n - 1, Math.ceil(n * valFraction));
        int[] v = Arrays.copyOf(order, val);
        int[] t = Arrays.copyOfRange(order, val, n);
        Arrays.sort(v);
        Arrays.sort(t);
        return new int[][] {t, v};
    }

    static int[] shuffled(int n, SplittableRandom rng) {
        int[] o = new int[n];
        Arrays.setAll(o, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = o[i];
            o[i] = o[j];
            o[j] = tmp;
        }
        return o;
    }

    private static JsonObject settingsJson(Settings s) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "advsteg");
        o.addProperty("width", s.config().width());
        o.addProperty("msg_len", s.config().messageLength());
        o.addProperty("in_chans", s.config().inChannels());
        o.addProperty("image_size", s.config().imageSize());
        o.addProperty("lr", s.hyper().lr());
        o.addProperty("a", s.hyper().a());
        o.addProperty("b", s.hyper().b());
        o.addProperty("c", s.hyper().c());
        o.addProperty("batch", s.hyper().batch());
        o.addProperty("epochs", s.epochs());
        o.addProperty("val_fraction", s.valFraction());
        o.addProperty("seed", s.seed());
        o.addProperty("data", Path.of(s.data()).toAbsolutePath().toString());
        return o;
    }

    /** The settings of the run in {@code runDir}; a folder that is not an advsteg run is a one-line error. */
    public static Settings readSettings(Path runDir) throws IOException {
        Path f = runDir.resolve(MARKER);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(runDir + ": not an advsteg run (no " + MARKER + "; make one with `emn advsteg train`)");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!"advsteg".equals(o.get("kind").getAsString())) {
                throw new IllegalArgumentException(f + ": not an advsteg run (kind " + o.get("kind") + ")");
            }
            return new Settings(new AdvStegConfig(o.get("width").getAsInt(), o.get("msg_len").getAsInt(), o.get("in_chans").getAsInt()),
                    new AdvStegTraining.Hyper(o.get("lr").getAsDouble(), o.get("a").getAsDouble(), o.get("b").getAsDouble(),
                            o.get("c").getAsDouble(), o.get("batch").getAsInt()),
                    o.get("epochs").getAsInt(), o.get("val_fraction").getAsDouble(), o.get("seed").getAsLong(),
                    o.get("data").getAsString());
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(f + ": unreadable run settings (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The trained networks of a run (newest checkpoint), for hiding, revealing and judging. */
    public static AdvStegNetworks load(Path runDir) throws IOException {
        Settings s = readSettings(runDir);
        AdvStegNetworks nets = AdvStegNetworks.create(s.config(), s.seed());
        try {
            Checkpoint.read(runDir).restoreWeights(nets);
        } catch (IOException | RuntimeException e) {
            nets.close();
            throw e;
        }
        return nets;
    }

    /** A complete checkpoint: epoch, where its files are, and the history up to it. */
    record Checkpoint(int epoch, Path dir, List<Epoch> history) {
        private static final String[] NETS = {"alice", "bob", "eve"};

        static void write(Path runDir, int epoch, AdvStegNetworks nets, AdvStegTraining t, List<Epoch> history) throws IOException {
            Path dir = runDir.resolve("checkpoints").resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));
            Files.createDirectories(dir);
            for (String n : NETS) {
                CheckpointFiles.writeWeights(dir.resolve(n + ".safetensors"), ModelWeights.stateDict(nets.byName().get(n)));
            }
            CheckpointFiles.writeWeights(dir.resolve("eve.optimizer.safetensors"), t.eveOptimizer().stateDict(nets.eve()));
            StateDict ab = new StateDict();
            prefixed(ab, "alice.", t.aliceBobOptimizer().stateDict(nets.alice()));
            prefixed(ab, "bob.", t.aliceBobOptimizer().stateDict(nets.bob()));
            CheckpointFiles.writeWeights(dir.resolve("alice_bob.optimizer.safetensors"), ab);
            JsonObject last = new JsonObject();
            last.addProperty("epoch", epoch);
            last.addProperty("dir", runDir.relativize(dir).toString());
            last.add("history", GSON.toJsonTree(history));
            AtomicFile.writeString(runDir.resolve("last.json"), GSON.toJson(last));
            try (Stream<Path> old = Files.list(dir.getParent())) {
                for (Path p : old.filter(p -> !p.equals(dir)).toList()) {
                    deleteTree(p);
                }
            }
        }

        static Checkpoint read(Path runDir) throws IOException {
            Path f = runDir.resolve("last.json");
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(runDir + ": no checkpoint yet (no last.json): nothing to resume or use");
            }
            try {
                JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
                List<Epoch> h = Arrays.asList(GSON.fromJson(o.get("history"), Epoch[].class));
                return new Checkpoint(o.get("epoch").getAsInt(), runDir.resolve(o.get("dir").getAsString()), new ArrayList<>(h));
            } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
                throw new IllegalArgumentException(f + ": unreadable checkpoint record (" + e.getClass().getSimpleName() + ")");
            }
        }

        void restoreWeights(AdvStegNetworks nets) throws IOException {
            for (String n : NETS) {
                ModelWeights.load(nets.byName().get(n), CheckpointFiles.readWeights(dir.resolve(n + ".safetensors")),
                        ModelWeights.LoadOptions.STRICT);
            }
        }

        void restore(AdvStegNetworks nets, AdvStegTraining t) throws IOException {
            restoreWeights(nets);
            t.eveOptimizer().loadStateDict(nets.eve(), CheckpointFiles.readWeights(dir.resolve("eve.optimizer.safetensors")));
            StateDict ab = CheckpointFiles.readWeights(dir.resolve("alice_bob.optimizer.safetensors"));
            t.aliceBobOptimizer().loadStateDict(nets.alice(), unprefixed(ab, "alice."));
            t.aliceBobOptimizer().loadStateDict(nets.bob(), unprefixed(ab, "bob."));
        }

        private static void prefixed(StateDict into, String prefix, StateDict sd) {
            for (String k : sd.keys()) {
                into.put(prefix + k, sd.get(k));
            }
        }

        private static StateDict unprefixed(StateDict sd, String prefix) {
            StateDict out = new StateDict();
            for (String k : sd.keys()) {
                if (k.startsWith(prefix)) {
                    out.put(k.substring(prefix.length()), sd.get(k));
                }
            }
            return out;
        }

        private static void deleteTree(Path p) throws IOException {
            try (Stream<Path> s = Files.walk(p)) {
                for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(q);
                }
            }
        }
    }
}
