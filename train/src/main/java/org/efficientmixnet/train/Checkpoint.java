package org.efficientmixnet.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.train.data.Augment;
import org.efficientmixnet.models.ModelSpec;

/**
 * What a checkpoint's JSON file ({@code last.json}, {@code best.json}) records beside its weights
 * ({@code last.safetensors}, timm names): where training stood (epoch, global step, seed, best metric, patience
 * counter, history), and what is needed to use the model (the resolved model spec, classes, preprocessing).
 * The CRC-32 values tie the JSON to the exact weight and optimizer files it was written with. With a weight EMA,
 * {@code emaWeights} names the averaged weights ({@code last.ema.safetensors}); the best checkpoint's weights are
 * the ones that were validated (the averaged ones when there is an EMA).
 */
public record Checkpoint(int epoch, long globalStep, long seed, String metric, double bestMetric, int bestEpoch,
        int badEpochs, ModelSpec model, List<String> classes, Augment augment, String weights, long weightsCrc,
        String optimizer, long optimizerCrc, String emaWeights, List<EpochStats> history) {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public static Checkpoint read(Path json) throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("no checkpoint at " + json);
        }
        Checkpoint c = JsonFile.read(json, Checkpoint.class, GSON, "checkpoint");
        if (c.weights() == null || c.model() == null) {
            throw new org.efficientmixnet.io.FileFormatException(json, "is a checkpoint without "
                    + (c.weights() == null ? "\"weights\"" : "\"model\"") + " (truncated or edited?)");
        }
        for (String f : new String[] {c.weights(), c.optimizer(), c.emaWeights()}) {
            // files of a run lie beside its checkpoint: a path elsewhere (or an impossible name) is refused
            if (f != null && (f.isEmpty() || f.contains("/") || f.contains("\\") || f.equals("..") || f.indexOf(0) >= 0)) {
                throw new org.efficientmixnet.io.FileFormatException(json, "names the file '" + f
                        + "', which is not a file name beside it (edited or hostile checkpoint)");
            }
        }
        Path w = json.resolveSibling(c.weights());
        if (!Files.isRegularFile(w)) {
            throw new IllegalArgumentException("checkpoint " + json + " names weights " + w + ", which do not exist");
        }
        if (CheckpointFiles.crc(w) != c.weightsCrc()) {
            throw new IllegalArgumentException("checkpoint " + json + " does not match " + w
                    + " (CRC differs: the run was interrupted while saving, or the file was replaced)");
        }
        return c;
    }

    public Path weightsPath(Path json) {
        return json.resolveSibling(weights);
    }

    void write(Path json) throws IOException {
        CheckpointFiles.writeStringAtomically(json, GSON.toJson(this));
    }

    /** A run folder (its best checkpoint, else its last), or a checkpoint JSON file. */
    public static Path locate(Path runOrCheckpoint) {
        if (Files.isRegularFile(runOrCheckpoint) && runOrCheckpoint.toString().endsWith(".json")) {
            return runOrCheckpoint;
        }
        if (Files.isDirectory(runOrCheckpoint)) {
            for (String n : new String[] {"best.json", "last.json"}) {
                if (Files.isRegularFile(runOrCheckpoint.resolve(n))) {
                    return runOrCheckpoint.resolve(n);
                }
            }
            throw new IllegalArgumentException(runOrCheckpoint + " holds no checkpoint (best.json or last.json): is it a run folder?");
        }
        throw new IllegalArgumentException("no run folder or checkpoint at " + runOrCheckpoint);
    }
}
