package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.efficientmixnet.io.AtomicFile;

/**
 * Covers from any folder of photos: grayscale (luma 0.299 R + 0.587 G + 0.114 B), then a center crop or
 * non-overlapping tiles of a size (or the whole image with size 0), written as PNG or recompressed as a grayscale
 * baseline JPEG at a quality (javax.imageio's JPEG writer: the standard tables scaled by the IJG quality formula).
 * Photos smaller than the size, files that are not images and undecodable ones are skipped and listed.
 */
public final class CoverPreparation {
    /** What to make. {@code quality} 0 writes PNG; 1–100 writes JPEG. */
    public record Options(Path photos, Path out, int size, boolean tile, int quality) {
        public Options {
            if (size != 0 && size < 8) {
                throw new IllegalArgumentException("cover size must be ≥ 8 (or 0 for the whole image), got " + size);
            }
            if (quality < 0 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100 (0 for PNG), got " + quality);
            }
        }
    }

    private CoverPreparation() {
    }

    /** Returns the covers written; failures and too-small photos are listed in {@code problems}. */
    public static List<Path> run(Options o, List<String> problems) throws IOException {
        if (!Files.isDirectory(o.photos())) {
            throw new IllegalArgumentException("photo folder " + o.photos() + " does not exist or is not a folder");
        }
        Files.createDirectories(o.out());
        if (Files.isSameFile(o.photos(), o.out())) {
            throw new IllegalArgumentException("output folder " + o.out() + " is the photo folder; choose another one");
        }
        List<Path> out = new ArrayList<>();
        List<Path> photos = new ArrayList<>();
        try (var files = Files.list(o.photos())) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (EmbedJob.isImageName(n)) {
                    photos.add(p);
                } else {
                    problems.add(n + ": not an image (by its name), skipped");
                }
            }
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("photo folder " + o.photos() + " has no images");
        }
        java.util.Set<String> written = new java.util.HashSet<>();
        for (Path p : photos) {
            int[][] px;
            try {
                px = GrayImages.read(p);
            } catch (IOException | RuntimeException e) {
                problems.add(p.getFileName() + ": " + EmbedJob.message(e) + ", skipped");
                continue;
            }
            int h = px.length;
            int w = px[0].length;
            if (h < o.size() || w < o.size()) {
                problems.add(p.getFileName() + ": " + w + "×" + h + " is smaller than " + o.size() + ", skipped");
                continue;
            }
            int sh = o.size() == 0 ? h : o.size();
            int sw = o.size() == 0 ? w : o.size();
            String base = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            List<int[]> origins = new ArrayList<>();
            if (o.tile()) {
                for (int y = 0; y + sh <= h; y += sh) {
                    for (int x = 0; x + sw <= w; x += sw) {
                        origins.add(new int[] {y, x});
                    }
                }
            } else {
                origins.add(new int[] {(h - sh) / 2, (w - sw) / 2});
            }
            for (int[] at : origins) {
                int[][] crop = new int[sh][sw];
                for (int y = 0; y < sh; y++) {
                    System.arraycopy(px[at[0] + y], at[1], crop[y], 0, sw);
                }
                String name = base + (o.tile() ? "_" + at[0] + "_" + at[1] : "") + (o.quality() > 0 ? ".jpg" : ".png");
                if (!written.add(name)) {
                    problems.add(p.getFileName() + ": its cover name " + name + " is taken by another photo, skipped");
                    break;
                }
                Path target = o.out().resolve(name);
                if (o.quality() > 0) {
                    writeJpeg(target, GrayImages.toImage(crop), o.quality());
                } else {
                    GrayImages.writePng(target, crop);
                }
                out.add(target);
            }
        }
        return out;
    }

    /** A baseline JPEG at {@code quality} (1–100), written to a temporary file and renamed. */
    public static void writeJpeg(Path file, BufferedImage img, int quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            AtomicFile.write(file, tmp -> {
                ImageWriteParam param = w.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
                    w.setOutput(ios);
                    w.write(null, new IIOImage(img, null, null), param);
                }
            });
        } finally {
            w.dispose();
        }
    }
}
