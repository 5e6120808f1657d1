package org.efficientmixnet.train.loop;

import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;

/**
 * A {@link Checkpointer} for any number of networks and optimizer states (a detector and its optimizer; Alice, Bob,
 * Eve and two optimizers): each part is saved as {@code NAME.PART.safetensors}, then {@code NAME.json} records the
 * {@link LoopState} and each part's file and CRC-32, so that a JSON never points at weights of another epoch.
 * {@link #restore} loads every part back and returns the state to {@link TrainingLoop.Builder#resumeFrom resume} from.
 *
 * <pre>{@code
 * Checkpoints ck = Checkpoints.in(dir).network("alice", alice).network("bob", bob).network("eve", eve)
 *         .part("ab.optimizer", () -> abOpt.stateDict(ab), sd -> abOpt.loadStateDict(ab, sd)); // a TorchOptimizer
 * LoopState from = Checkpoints.exists(dir, "last") ? ck.restore("last") : LoopState.fresh();
 * ... .resumeFrom(from).listener(new CheckpointListener(ck)) ...
 * }</pre>
 */
public final class Checkpoints implements Checkpointer {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** One saved part: its file (beside the JSON) and the CRC-32 of the file's bytes. */
    public record PartFile(String file, long crc) {
    }

    /** What {@code NAME.json} holds. */
    public record Saved(int epoch, long globalStep, double best, int bestEpoch, int badEpochs, List<EpochResult> history,
            Map<String, PartFile> parts) {
    }

    private record Part(Supplier<StateDict> save, Consumer<StateDict> restore) {
    }

    private final Path dir;
    private final Map<String, Part> parts = new LinkedHashMap<>();

    private Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** Checkpoints in the run folder {@code dir}. */
    public static Checkpoints in(Path dir) {
        return new Checkpoints(dir);
    }

    /** Whether {@code dir} holds a checkpoint by that name. */
    public static boolean exists(Path dir, String name) {
        return Files.isRegularFile(dir.resolve(name + ".json"));
    }

    /** A network's weights and buffers (timm-style names), restored strictly. */
    public Checkpoints network(String part, Block block) {
        return part(part, () -> ModelWeights.stateDict(block),
                sd -> ModelWeights.load(block, sd, ModelWeights.LoadOptions.STRICT));
    }

    /** Any state as tensors (an optimizer's, an EMA's); {@code save} may return null when there is none yet. */
    public Checkpoints part(String part, Supplier<StateDict> save, Consumer<StateDict> restore) {
        if (!part.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("checkpoint part name '" + part + "': use letters, digits, '.', '_', '-'");
        }
        if (parts.putIfAbsent(part, new Part(save, restore)) != null) {
            throw new IllegalArgumentException("two checkpoint parts named '" + part + "'");
        }
        return this;
    }

    @Override
    public void save(String name, LoopState state) throws IOException {
        Map<String, PartFile> files = new LinkedHashMap<>();
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            StateDict sd = e.getValue().save().get();
            if (sd != null) {
                String f = name + "." + e.getKey() + ".safetensors";
                files.put(e.getKey(), new PartFile(f, CheckpointFiles.writeWeights(dir.resolve(f), sd)));
            }
        }
        write(name, state, files);
    }

    @Override
    public void copy(String from, String to, LoopState state) throws IOException {
        Saved src = read(from);
        Map<String, PartFile> files = new LinkedHashMap<>();
        for (Map.Entry<String, PartFile> e : src.parts().entrySet()) {
            String f = to + "." + e.getKey() + ".safetensors";
            long crc = CheckpointFiles.writeAtomically(dir.resolve(f), Files.readAllBytes(dir.resolve(e.getValue().file())));
            files.put(e.getKey(), new PartFile(f, crc));
        }
        write(to, state, files);
    }

    /** Loads every part saved under {@code name} and returns the loop's state there. */
    public LoopState restore(String name) throws IOException {
        Saved s = read(name);
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            PartFile f = s.parts().get(e.getKey());
            if (f != null) {
                e.getValue().restore().accept(CheckpointFiles.readWeights(dir.resolve(f.file())));
            }
        }
        return new LoopState(s.epoch(), s.globalStep(), s.history(), s.best(), s.bestEpoch(), s.badEpochs());
    }

    /** The JSON of checkpoint {@code name}, its part files checked against their CRCs. */
    public Saved read(String name) throws IOException {
        Path json = dir.resolve(name + ".json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException("no checkpoint " + json);
        }
        Saved s;
        try {
            s = GSON.fromJson(Files.readString(json, StandardCharsets.UTF_8), Saved.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(json + ": not a checkpoint (" + e.getMessage() + ")");
        }
        if (s == null || s.parts() == null || s.history() == null) {
            throw new IllegalArgumentException(json + ": not a checkpoint (no parts or history)");
        }
        for (Map.Entry<String, PartFile> e : s.parts().entrySet()) {
            Path f = dir.resolve(Objects.requireNonNull(e.getValue().file()));
            if (!f.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                throw new IllegalArgumentException(json + " names " + f + " for part '" + e.getKey() + "', which does not exist");
            }
            if (CheckpointFiles.crc(f) != e.getValue().crc()) {
                throw new IllegalArgumentException(json + " does not match " + f + " (CRC differs: the run was "
                        + "interrupted while saving, or the file was replaced)");
            }
        }
        return s;
    }

    private void write(String name, LoopState state, Map<String, PartFile> files) throws IOException {
        AtomicFile.writeString(dir.resolve(name + ".json"), GSON.toJson(new Saved(state.epoch(), state.globalStep(),
                state.best(), state.bestEpoch(), state.badEpochs(), state.history(), files)));
    }
}
