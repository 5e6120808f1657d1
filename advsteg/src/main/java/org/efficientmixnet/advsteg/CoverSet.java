package org.efficientmixnet.advsteg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.efficientmixnet.train.data.ImageDecoder;
import org.efficientmixnet.train.data.Pixels;
import org.efficientmixnet.train.data.Transform;
import org.efficientmixnet.train.data.Transforms;

/**
 * Covers in memory as the networks take them: C×S×S floats scaled to [−1, 1] ({@code x / 127.5 − 1}, the
 * reference's {@code Normalize(0.5, 0.5)}), with their file names. Images are brought to size as the reference's
 * loader does (torchvision {@code Resize(S)} then {@code CenterCrop(S)}), or, with {@code exact}, must already be
 * S×S (hiding: a message must go into the image the user gave, not into a resampled copy).
 */
public record CoverSet(List<String> names, List<float[]> images, AdvStegConfig config) {

    /** Every image under {@code dir} (sorted by path); unreadable files are skipped and reported in {@code skipped}. */
    public static CoverSet folder(Path dir, AdvStegConfig config, List<String> skipped) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder of images");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(ImageDecoder::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no images (png, jpg, bmp, pgm, …) in this folder");
        }
        return files(files, config, false, skipped);
    }

    /** The given files in order; with {@code exact} each must be S×S, otherwise it is resized and centre-cropped. */
    public static CoverSet files(List<Path> files, AdvStegConfig config, boolean exact, List<String> skipped) {
        int side = config.imageSize();
        Transform resize = Transforms.resizeShorter(side);
        Transform crop = Transforms.centerCrop(side);
        List<String> names = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        SplittableRandom unused = new SplittableRandom(0);
        for (Path f : files) {
            Pixels p;
            try {
                p = ImageDecoder.read(f, config.inChannels());
            } catch (RuntimeException e) {
                if (skipped == null) {
                    throw e;
                }
                skipped.add(e.getMessage());
                continue;
            }
            if (p.height() != side || p.width() != side) {
                if (exact) {
                    throw new IllegalArgumentException(config.sizeError(f.toString(), p.height(), p.width()));
                }
                p = crop.apply(resize.apply(p, unused), unused);
            }
            float[] d = p.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] / 127.5f - 1f;
            }
            names.add(f.getFileName().toString());
            images.add(d);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no readable image among " + files.size() + " file(s)"
                    + (skipped == null || skipped.isEmpty() ? "" : "; first problem: " + skipped.get(0)));
        }
        return new CoverSet(List.copyOf(names), List.copyOf(images), config);
    }

    public int size() {
        return images.size();
    }

    /** The subset at {@code indices}, in that order. */
    public CoverSet subset(int[] indices) {
        List<String> n = new ArrayList<>();
        List<float[]> i = new ArrayList<>();
        for (int k : indices) {
            n.add(names.get(k));
            i.add(images.get(k));
        }
        return new CoverSet(n, i, config);
    }

    /** Images {@code idx} packed as one (N, C, S, S) buffer. */
    public float[] pack(int[] idx) {
        int v = config.imageValues();
        float[] out = new float[idx.length * v];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(images.get(idx[k]), 0, out, k * v, v);
        }
        return out;
    }

    /** An image in [−1, 1] back to 8-bit values (rounded, clipped), as a PNG stores it. */
    public static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
    }
}
