package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.dataset.EmbedJob;

/**
 * Covers and their stego images, grouped: one {@link Group} per cover holds the cover and its stego from every stego
 * folder that has one. A stego folder made by {@code emn stego embed} pairs each stego with its cover through its
 * {@code manifest.csv}; a folder without a manifest pairs by file name (the same name, or the same base name with
 * another extension: {@code a.pgm} → {@code a.png}). Covers that no stego folder pairs are left out (counted in
 * {@link #unpaired}).
 *
 * <p>Refused with a one-line error naming the file: a missing or empty folder, a stego without its cover, a
 * manifest row naming a file that does not exist, a stego whose size differs from its cover's.
 */
public final class PairDataset {
    /** One stego image and the index of the stego folder it comes from. */
    public record Stego(Path file, int folder) {
    }

    /** A cover and all its stegos: the unit of splitting and batching. */
    public record Group(String name, Path cover, List<Stego> stegos) {
        /** The images of the group, cover first. */
        public List<Path> files() {
            List<Path> out = new ArrayList<>();
            out.add(cover);
            stegos.forEach(s -> out.add(s.file()));
            return out;
        }

        public int size() {
            return 1 + stegos.size();
        }
    }

    private final Path covers;
    private final List<Path> stegoFolders;
    private final List<Group> groups;
    private final int unpaired;

    private PairDataset(Path covers, List<Path> stegoFolders, List<Group> groups, int unpaired) {
        this.covers = covers;
        this.stegoFolders = List.copyOf(stegoFolders);
        this.groups = List.copyOf(groups);
        this.unpaired = unpaired;
    }

    /** Pairs the covers with the stegos of every folder (see the class comment); sizes are checked from the headers. */
    public static PairDataset open(Path covers, List<Path> stegoFolders) throws IOException {
        return open(covers, stegoFolders, true);
    }

    /**
     * @param checkSizes read every image's header and refuse a stego whose width or height differs from its cover's
     */
    public static PairDataset open(Path covers, List<Path> stegoFolders, boolean checkSizes) throws IOException {
        if (stegoFolders.isEmpty()) {
            throw new IllegalArgumentException("give at least one stego folder (--stegos DIR)");
        }
        Map<String, Path> coverFiles = images(covers, "cover");
        Map<String, Path> coverByBase = new TreeMap<>();
        for (Path p : coverFiles.values()) {
            coverByBase.putIfAbsent(base(p.getFileName().toString()), p);
        }
        Map<Path, List<Stego>> byCover = new LinkedHashMap<>();
        for (int f = 0; f < stegoFolders.size(); f++) {
            Path dir = stegoFolders.get(f);
            if (dir.toAbsolutePath().normalize().equals(covers.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("stego folder " + dir + " is the cover folder");
            }
            Path manifest = dir.resolve("manifest.csv");
            Map<Path, Path> pairs = Files.isRegularFile(manifest) ? fromManifest(manifest, covers, coverFiles)
                    : byName(dir, coverFiles, coverByBase);
            for (Map.Entry<Path, Path> e : pairs.entrySet()) {
                byCover.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(new Stego(e.getKey(), f));
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Path cover : coverFiles.values()) {
            List<Stego> s = byCover.get(cover);
            if (s != null) {
                groups.add(new Group(cover.getFileName().toString(), cover, List.copyOf(s)));
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(covers + ": no cover has a stego in " + stegoFolders);
        }
        if (checkSizes) {
            for (Group g : groups) {
                int[] cs = ImageHeaders.size(g.cover());
                checkPixels(g.cover(), cs);
                for (Stego s : g.stegos()) {
                    int[] ss = ImageHeaders.size(s.file());
                    checkPixels(s.file(), ss);
                    if (cs[0] != ss[0] || cs[1] != ss[1]) {
                        throw new FileFormatException(s.file(), String.format(Locale.ROOT,
                                "stego is %d×%d but its cover %s is %d×%d", ss[0], ss[1], g.cover(), cs[0], cs[1]));
                    }
                }
            }
        }
        return new PairDataset(covers, stegoFolders, groups, coverFiles.size() - groups.size());
    }

    /** The largest image taken, in pixels (checked from the header, before anything is decoded). */
    public static final long MAX_PIXELS = Detector.MAX_PIXELS;

    private static void checkPixels(Path file, int[] size) {
        if (size[0] < 1 || size[1] < 1 || (long) size[0] * size[1] > MAX_PIXELS) {
            throw new FileFormatException(file, String.format(Locale.ROOT, "%d×%d pixels: expected 1 to %,d pixels",
                    size[0], size[1], MAX_PIXELS));
        }
    }

    /** The images of a folder by file name (sorted), not recursing; an empty or missing folder is an error. */
    static Map<String, Path> images(Path dir, String what) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such " + what + " folder");
        }
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).filter(PairDataset::isImage)
                    .forEach(p -> out.put(p.getFileName().toString(), p));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + ": empty folder (no " + what + " images: PNG, PGM, BMP, GIF, TIFF, JPEG)");
        }
        return out;
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && !n.startsWith(".") && EmbedJob.IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String base(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Map<Path, Path> fromManifest(Path manifest, Path covers, Map<String, Path> coverFiles)
            throws IOException {
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("cover,stego")) {
            throw new FileFormatException(manifest, "expected the header '" + EmbedJob.MANIFEST_HEADER + "' of an "
                    + "`emn stego embed` manifest");
        }
        Map<Path, Path> out = new LinkedHashMap<>();
        Path dir = manifest.getParent();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> f = EmbedJob.parseCsv(line);
            if (f.size() < 2) {
                throw new FileFormatException(manifest, "line " + (i + 1) + ": expected cover,stego,…, got '" + line + "'");
            }
            Path cover = coverFiles.get(f.get(0));
            if (cover == null) {
                throw new FileFormatException(manifest, "line " + (i + 1) + " names cover '" + f.get(0)
                        + "', which is not in " + covers);
            }
            Path stego = dir.resolve(f.get(1));
            if (!f.get(1).equals(stego.getFileName().toString()) || !Files.isRegularFile(stego)) {
                throw new FileFormatException(manifest, "line " + (i + 1) + " names stego '" + f.get(1)
                        + "', which does not exist in " + dir);
            }
            out.put(stego, cover);
        }
        if (out.isEmpty()) {
            throw new FileFormatException(manifest, "the manifest lists no stego image");
        }
        return out;
    }

    private static Map<Path, Path> byName(Path dir, Map<String, Path> coverFiles, Map<String, Path> coverByBase)
            throws IOException {
        Map<Path, Path> out = new LinkedHashMap<>();
        for (Path stego : images(dir, "stego").values()) {
            String n = stego.getFileName().toString();
            Path cover = coverFiles.get(n);
            if (cover == null) {
                cover = coverByBase.get(base(n));
            }
            if (cover == null) {
                throw new FileFormatException(stego, "stego without its cover: no " + n + " (or " + base(n)
                        + ".*) in " + coverFiles.values().iterator().next().getParent()
                        + " (and no manifest.csv in " + dir + ")");
            }
            out.put(stego, cover);
        }
        return out;
    }

    /** A dataset of some of these groups (a split). */
    public PairDataset subset(List<Group> some) {
        return new PairDataset(covers, stegoFolders, some, 0);
    }

    public Path covers() {
        return covers;
    }

    public List<Path> stegoFolders() {
        return stegoFolders;
    }

    public List<Group> groups() {
        return groups;
    }

    /** Covers without any stego (left out). */
    public int unpaired() {
        return unpaired;
    }

    /** Images in all groups. */
    public int images() {
        int n = 0;
        for (Group g : groups) {
            n += g.size();
        }
        return n;
    }

    /** Every image with its label: cover 0; stego 1 ({@code perFolder} false) or 1 + its folder. */
    public List<Labelled> labelled(boolean perFolder) {
        List<Labelled> out = new ArrayList<>();
        for (Group g : groups) {
            out.add(new Labelled(g.cover(), 0));
            for (Stego s : g.stegos()) {
                out.add(new Labelled(s.file(), perFolder ? 1 + s.folder() : 1));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** An image and its class. */
    public record Labelled(Path file, int label) {
    }
}
