package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Covers from any folder of photos: grayscale, then a center crop or non-overlapping tiles of a size, written
 * as PNG or recompressed as JPEG at a quality (javax.imageio's JPEG writer, standard tables scaled by the
 * quality). Images smaller than the size are skipped and counted.
 */
public final class CoverPreparation {
    /** What to make. {@code quality} 0 writes PNG; 1–100 writes JPEG. */
    public record Options(Path photos, Path out, int size, boolean tile, int quality) {
        public Options {
            if (size < 8) {
                throw new IllegalArgumentException("cover size must be ≥ 8, got " + size);
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
        Files.createDirectories(o.out());
        List<Path> out = new ArrayList<>();
        List<Path> photos = new ArrayList<>();
        try (var files = Files.list(o.photos())) {
            files.filter(Files::isRegularFile).filter(p -> EmbedJob.isImageName(p.getFileName().toString())).sorted()
                    .forEach(photos::add);
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("photo folder " + o.photos() + " has no images");
        }
        for (Path p : photos) {
            int[][] px;
            try {
                px = GrayImages.read(p);
            } catch (IOException e) {
                problems.add(e.getMessage());
                continue;
            }
            int h = px.length;
            int w = px[0].length;
            if (h < o.size() || w < o.size()) {
                problems.add(p.getFileName() + ": " + w + "×" + h + " is smaller than " + o.size());
                continue;
            }
            String base = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            List<int[]> origins = new ArrayList<>();
            if (o.tile()) {
                for (int y = 0; y + o.size() <= h; y += o.size()) {
                    for (int x = 0; x + o.size() <= w; x += o.size()) {
                        origins.add(new int[] {y, x});
                    }
                }
            } else {
                origins.add(new int[] {(h - o.size()) / 2, (w - o.size()) / 2});
            }
            for (int[] at : origins) {
                int[][] crop = new int[o.size()][o.size()];
                for (int y = 0; y < o.size(); y++) {
                    System.arraycopy(px[at[0] + y], at[1], crop[y], 0, o.size());
                }
                String name = base + (o.tile() ? "_" + at[0] + "_" + at[1] : "") + (o.quality() > 0 ? ".jpg" : ".png");
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
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            ImageWriteParam param = w.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
                w.setOutput(ios);
                w.write(null, new IIOImage(img, null, null), param);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            w.dispose();
            Files.deleteIfExists(tmp);
        }
    }
}
