package org.efficientmixnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks made before anything is written, so that no output overwrites an input or another output: an output path
 * that is an input (the same file by any name, links included), two outputs on one path, an output folder that is
 * or lies inside an input folder. Each refusal is an {@link IllegalArgumentException} naming the options and path.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Refuses when an output of {@code outputs} (option name → path; null paths are ignored) is the same file as an
     * input of {@code inputs}, or two outputs are the same path.
     */
    public static void requireDistinct(Map<String, Path> inputs, Map<String, Path> outputs) throws IOException {
        List<Map.Entry<String, Path>> outs = new ArrayList<>();
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            if (o.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> i : inputs.entrySet()) {
                if (i.getValue() != null && same(o.getValue(), i.getValue())) {
                    throw new IllegalArgumentException(o.getKey() + " " + o.getValue() + " is the input " + i.getKey()
                            + " " + i.getValue() + ": refusing to overwrite it; choose another output path");
                }
            }
            for (Map.Entry<String, Path> p : outs) {
                if (same(o.getValue(), p.getValue())) {
                    throw new IllegalArgumentException(p.getKey() + " and " + o.getKey() + " both name " + o.getValue()
                            + ": one would overwrite the other; choose two paths");
                }
            }
            outs.add(o);
        }
    }

    /** Refuses an output folder that is the input folder or lies inside it (a run folder inside the data, say). */
    public static void requireOutside(String outOption, Path out, String inOption, Path in) throws IOException {
        if (out == null || in == null || !Files.isDirectory(in)) {
            return;
        }
        Path inReal = in.toRealPath();
        Path o = resolveExisting(out);
        if (o.startsWith(inReal)) {
            throw new IllegalArgumentException(outOption + " " + out + (o.equals(inReal) ? " is " : " lies inside ")
                    + inOption + " " + in + ": outputs would be written among the inputs (and read as data); choose a"
                    + " folder outside it");
        }
    }

    /** True when the two paths name one file: by the file system's identity where both exist, else by their path. */
    public static boolean same(Path a, Path b) throws IOException {
        if (Files.exists(a) && Files.exists(b)) {
            return Files.isSameFile(a, b);
        }
        return resolveExisting(a).equals(resolveExisting(b));
    }

    /** The real path of the longest existing prefix of {@code p}, with the rest appended (links resolved). */
    private static Path resolveExisting(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        return existing.toRealPath().resolve(existing.relativize(abs));
    }
}
