package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.dataset.EmbedJob;

/**
 * A leak-free train / validation / test split: whole groups (a cover with all its stegos) are assigned, so a cover
 * and its stegos always land in the same part. The groups are ordered by cover name, shuffled with the seed, and the
 * first {@code round(n·test)} go to test, the next {@code round(n·val)} to validation, the rest to training. Saved as
 * {@code split.csv} ({@code cover,split}, one row per cover) so that a resumed run and {@code emn stego eval --run}
 * use the same parts.
 */
public final class Split {
    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String TEST = "test";
    static final String HEADER = "cover,split";

    private final Map<String, String> partOf;

    private Split(Map<String, String> partOf) {
        this.partOf = partOf;
    }

    /** A seeded split of the groups' covers. */
    public static Split of(PairDataset data, double valFraction, double testFraction, long seed) {
        if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
            throw new IllegalArgumentException("--val-fraction and --test-fraction must be ≥ 0 with a sum below 1, got "
                    + valFraction + " and " + testFraction);
        }
        List<String> names = new ArrayList<>();
        data.groups().forEach(g -> names.add(g.name()));
        Collections.sort(names);
        Collections.shuffle(names, new Random(seed));
        int n = names.size();
        int test = (int) Math.round(n * testFraction);
        int val = (int) Math.round(n * valFraction);
        if (testFraction > 0 && test == 0 && n >= 3) {
            test = 1;
        }
        if (valFraction > 0 && val == 0 && n - test >= 2) {
            val = 1;
        }
        if (test + val >= n) {
            throw new IllegalArgumentException(n + " covers are too few for --val-fraction " + valFraction
                    + " and --test-fraction " + testFraction + ": nothing would be left for training");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(names.get(i), i < test ? TEST : i < test + val ? VAL : TRAIN);
        }
        return new Split(m);
    }

    /** The split saved in a run; every cover of {@code data} must be in it. */
    public static Split read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new FileFormatException(csv, "no such split file");
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new FileFormatException(csv, "expected the header '" + HEADER + "'");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = EmbedJob.parseCsv(lines.get(i));
            if (f.size() != 2 || !List.of(TRAIN, VAL, TEST).contains(f.get(1))) {
                throw new FileFormatException(csv, "line " + (i + 1) + ": expected cover,train|val|test, got '"
                        + lines.get(i) + "'");
            }
            m.put(f.get(0), f.get(1));
        }
        return new Split(m);
    }

    public void write(Path csv) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        partOf.forEach((c, p) -> sb.append(quote(c)).append(',').append(p).append('\n'));
        AtomicFile.writeString(csv, sb.toString());
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The part of a cover (by file name), or null when the split does not know it. */
    public String partOf(String cover) {
        return partOf.get(cover);
    }

    /** The groups of {@code data} in one part; a cover the split does not know is an error naming it. */
    public PairDataset part(PairDataset data, String part, Path splitFile) {
        List<PairDataset.Group> out = new ArrayList<>();
        for (PairDataset.Group g : data.groups()) {
            String p = partOf.get(g.name());
            if (p == null) {
                throw new IllegalArgumentException((splitFile == null ? "the split" : splitFile.toString())
                        + " does not know cover " + g.cover() + ": the covers changed since the run was made");
            }
            if (p.equals(part)) {
                out.add(g);
            }
        }
        return data.subset(out);
    }

    /** Covers per part. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        c.put(TRAIN, 0);
        c.put(VAL, 0);
        c.put(TEST, 0);
        partOf.values().forEach(p -> c.merge(p, 1, Integer::sum));
        return c;
    }
}
