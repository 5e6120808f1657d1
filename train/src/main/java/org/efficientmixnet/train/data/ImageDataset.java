package org.efficientmixnet.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Labelled image files: a folder of class sub-folders (class names sorted, label = index), or a CSV manifest
 * of {@code path,label} lines (paths relative to the manifest; label a class name; an optional header line).
 */
public record ImageDataset(Path source, List<String> classes, List<ImageSample> samples) {
    public ImageDataset {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
    }

    /** A class folder, or a {@code .csv} manifest. */
    public static ImageDataset open(Path path) {
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase().endsWith(".csv")) {
            return csv(path);
        }
        return folder(path);
    }

    public static ImageDataset folder(Path root) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("data folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a folder (expected a folder of class sub-folders or a .csv manifest)");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("data folder " + root + " has no class sub-folders (expected "
                    + root + "/<class>/<image files>)");
        }
        List<String> classes = new ArrayList<>();
        List<ImageSample> samples = new ArrayList<>();
        for (Path d : dirs) {
            List<Path> images;
            try (Stream<Path> s = Files.walk(d)) {
                images = s.filter(Files::isRegularFile).filter(ImageDecoder::isImage).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + d, e);
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("class folder " + d + " has no images (looked for "
                        + String.join(", ", new TreeSet<>(ImageDecoder.EXTENSIONS)) + ")");
            }
            int label = classes.size();
            classes.add(d.getFileName().toString());
            for (Path p : images) {
                samples.add(new ImageSample(p, label));
            }
        }
        return new ImageDataset(root, classes, samples);
    }

    public static ImageDataset csv(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + manifest, e);
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(manifest + " line " + (i + 1) + ": expected 'path,label', got '" + line + "'");
            }
            String path = line.substring(0, comma).strip();
            String label = line.substring(comma + 1).strip();
            if (rows.isEmpty() && lineNumbers.isEmpty() && path.equalsIgnoreCase("path") && label.equalsIgnoreCase("label")) {
                lineNumbers.add(-1);
                continue;
            }
            rows.add(new String[] {path, label});
            lineNumbers.add(i + 1);
        }
        lineNumbers.remove(Integer.valueOf(-1));
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("manifest " + manifest + " lists no images");
        }
        boolean numeric = rows.stream().allMatch(r -> r[1].matches("\\d+"));
        TreeSet<String> names = new TreeSet<>(numeric ? Comparator.comparingInt(Integer::parseInt) : Comparator.naturalOrder());
        rows.forEach(r -> names.add(r[1]));
        List<String> classes = new ArrayList<>(names);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        List<ImageSample> samples = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Path p = base.resolve(rows.get(i)[0]).normalize();
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(manifest + " line " + lineNumbers.get(i) + ": image " + p + " does not exist");
            }
            samples.add(new ImageSample(p, index.get(rows.get(i)[1])));
        }
        return new ImageDataset(manifest, classes, samples);
    }

    public int size() {
        return samples.size();
    }

    public int[] classCounts() {
        int[] n = new int[classes.size()];
        for (ImageSample s : samples) {
            n[s.label()]++;
        }
        return n;
    }

    /** This data labelled with another class list (a validation folder read with the training classes). */
    public ImageDataset relabel(List<String> target) {
        List<ImageSample> out = new ArrayList<>();
        for (ImageSample s : samples) {
            String name = classes.get(s.label());
            int i = target.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException(source + ": class '" + name + "' is not one of the training classes " + target);
            }
            out.add(new ImageSample(s.path(), i));
        }
        return new ImageDataset(source, target, out);
    }

    /** Training and validation parts. */
    public record Split(ImageDataset train, ImageDataset val) {
    }

    /**
     * A stratified split: in each class, a seeded shuffle, and round(n × fraction) images (at least one when the
     * class has two or more) go to validation. The same seed gives the same split.
     */
    public Split split(double valFraction, long seed) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + valFraction);
        }
        List<List<ImageSample>> byClass = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            byClass.add(new ArrayList<>());
        }
        samples.forEach(s -> byClass.get(s.label()).add(s));
        List<ImageSample> train = new ArrayList<>();
        List<ImageSample> val = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            List<ImageSample> list = byClass.get(c);
            Collections.shuffle(list, new Random(seed * 1_000_003L + c));
            int n = list.size();
            int k = (int) Math.round(n * valFraction);
            if (n >= 2) {
                k = Math.max(1, Math.min(n - 1, k));
            }
            val.addAll(list.subList(0, k));
            train.addAll(list.subList(k, n));
        }
        Comparator<ImageSample> order = Comparator.comparingInt(ImageSample::label).thenComparing(ImageSample::path);
        train.sort(order);
        val.sort(order);
        return new Split(new ImageDataset(source, classes, train), new ImageDataset(source, classes, val));
    }
}
