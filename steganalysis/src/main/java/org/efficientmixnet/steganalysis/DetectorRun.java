package org.efficientmixnet.steganalysis;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.ModelSpec;

/**
 * What a detector run folder's {@code detector.json} records: the training configuration, the classes, the input
 * decoding and scaling (so that detection decodes as training did), and the network as built (input channels,
 * classes and resolution resolved). A folder without it, or with another format, is not a detector.
 *
 * @param network the network as built, after the stem: its input channels are the stem's outputs when there is one
 */
public record DetectorRun(String format, DetectorConfig config, List<String> classes, InputDecoding decoding,
        ModelSpec network) {
    public static final String FORMAT = "efficientmixnet-detector/1";
    public static final String FILE = "detector.json";
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public static DetectorRun read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isDirectory(runDir)) {
            throw new IllegalArgumentException(runDir + ": no such run folder");
        }
        if (!Files.isRegularFile(f)) {
            throw new FileFormatException(runDir, "not a detector run (no " + FILE + "; made by `emn stego train`?)");
        }
        DetectorRun r;
        try {
            r = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), DetectorRun.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceFirst("^[\\w.]+Exception: ", "");
            throw new FileFormatException(f, "not a detector description (" + m + ")", e);
        }
        if (r == null || !FORMAT.equals(r.format()) || r.config() == null || r.decoding() == null || r.network() == null
                || r.classes() == null) {
            throw new FileFormatException(f, "not a detector description (expected format " + FORMAT + ")");
        }
        return r;
    }

    void write(Path runDir) throws IOException {
        AtomicFile.writeString(runDir.resolve(FILE), GSON.toJson(this));
    }

    /** A fresh (randomly initialized) detector network of this run. */
    DetectorNet build() {
        return new DetectorNet(Models.create(network.config()), stem(), decoding.channels(), network.config().resolution());
    }

    SrmStem stem() {
        if (config.stem().equals("none")) {
            return null;
        }
        // Ye-Net's threshold of 3 pixel values, in the input's units
        return new SrmStem(decoding.channels(), 3f * decoding.scale()[0], config.stemTrainable());
    }

    /** The best checkpoint's weights, else the last's. */
    Path weights(Path runDir) {
        for (String n : new String[] {"best.detector.safetensors", "last.detector.safetensors"}) {
            if (Files.isRegularFile(runDir.resolve(n))) {
                return runDir.resolve(n);
            }
        }
        throw new FileFormatException(runDir, "detector run without weights (best.detector.safetensors or last.detector.safetensors): "
                + "was its training stopped before the first epoch ended?");
    }
}
