package org.efficientmixnet.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.attack.ImagePlanes;
import org.efficientmixnet.stego.inspect.Differences;
import org.efficientmixnet.stego.inspect.JpegInfo;
import org.efficientmixnet.stego.inspect.Trailer;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emn stego inspect quality|metadata|trailer|diff|remove-alpha}: forensic first looks at suspicious files. */
@Command(name = "inspect", description = "Forensic tools: histograms, JPEG quality and metadata, data after the end of the image, differences, alpha removal.",
        subcommands = {StegoInspectCommand.Quality.class, StegoInspectCommand.Metadata.class, StegoInspectCommand.TrailerCommand.class,
                StegoInspectCommand.Diff.class, StegoInspectCommand.RemoveAlpha.class, StegoInspectCommand.Histogram.class})
final class StegoInspectCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static boolean isJpeg(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    @Command(name = "quality", description = "The IJG quality that the luminance table matches (exactly or closest).")
    static final class Quality implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "JPEG")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.println("file\tquality\tmatch");
            for (Path f : files) {
                JpegInfo.Quality q = JpegInfo.quality(JpegCoefficients.read(f));
                out.printf("%s\t%d\t%s%n", f, q.quality(), q.exactIjg() ? "exact IJG table" : "closest IJG table (custom table)");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "metadata", description = "Size, components, quality and the APPn/COM segments (JFIF, Exif, XMP, ICC, comments) of JPEGs.")
    static final class Metadata implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "JPEG")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (Path f : files) {
                JpegCoefficients j = JpegCoefficients.read(f);
                JpegInfo.Quality q = JpegInfo.quality(j);
                out.printf("%s: %d×%d, %d component(s), %s, quality %d (%s)%n", f, j.width(), j.height(), j.numComponents(),
                        j.progressive() ? "progressive" : "baseline", q.quality(), q.exactIjg() ? "exact IJG" : "closest IJG");
                for (String line : JpegInfo.metadata(j)) {
                    out.println("  " + line);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "trailer", description = "Bytes after the JPEG EOI marker or the PNG IEND chunk.")
    static final class TrailerCommand implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--extract", description = "write the trailing bytes to this file")
        Path extract;

        @Override
        public Integer call() throws Exception {
            Trailer.Result r = Trailer.find(file);
            PrintWriter out = spec.commandLine().getOut();
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < Math.min(16, r.trailing().length); i++) {
                head.append(String.format("%02x ", r.trailing()[i] & 0xff));
            }
            out.printf("%s: %s ends at byte %d of %d; %d trailing bytes%s%n", file, r.format(), r.end(), r.size(), r.trailing().length,
                    r.trailing().length == 0 ? "" : " (starting " + head.toString().trim() + ")");
            if (extract != null) {
                AtomicFile.write(extract, r.trailing());
                out.println("written to " + extract);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "diff", description = "Positions and values where two images (pixels) or two JPEGs (quantized coefficients) differ.")
    static final class Diff implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "A")
        Path a;

        @Parameters(index = "1", paramLabel = "B")
        Path b;

        @Option(names = "--limit", defaultValue = "20", description = "differences listed (default ${DEFAULT-VALUE}); all are counted")
        int limit;

        @Override
        public Integer call() throws Exception {
            boolean jpeg = isJpeg(a) && isJpeg(b);
            int[][][] pa;
            int[][][] pb;
            List<String> names;
            if (jpeg) {
                JpegCoefficients ja = JpegCoefficients.read(a);
                JpegCoefficients jb = JpegCoefficients.read(b);
                if (ja.numComponents() != jb.numComponents()) {
                    throw new FileFormatException(b, jb.numComponents() + " components, " + a + " has " + ja.numComponents());
                }
                pa = new int[ja.numComponents()][][];
                pb = new int[jb.numComponents()][][];
                names = new java.util.ArrayList<>();
                for (int c = 0; c < pa.length; c++) {
                    pa[c] = ja.component(c).toLayout();
                    pb[c] = jb.component(c).toLayout();
                    names.add("component " + c);
                }
            } else {
                ImagePlanes ia = ImagePlanes.read(a);
                ImagePlanes ib = ImagePlanes.read(b);
                pa = ia.planes();
                pb = ib.planes();
                names = ia.names();
            }
            Differences.Result r;
            try {
                r = Differences.of(pa, pb, limit);
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(b, "shape differs from " + a + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            long total = 0;
            for (int[][] p : pa) {
                total += (long) p.length * p[0].length;
            }
            out.printf(Locale.ROOT, "%d of %d %s differ (%.4f%%)%n", r.count(), total, jpeg ? "coefficients" : "samples", 100.0 * r.count() / total);
            if (!r.first().isEmpty()) {
                out.println(jpeg ? "component\tblock_row\tblock_col\tmode\ta\tb" : "channel\trow\tcol\ta\tb");
            }
            for (Differences.Difference d : r.first()) {
                if (jpeg) {
                    out.printf("%d\t%d\t%d\t(%d,%d)\t%d\t%d%n", d.channel(), d.row() / 8, d.col() / 8, d.row() % 8, d.col() % 8, d.a(), d.b());
                } else {
                    out.printf("%s\t%d\t%d\t%d\t%d%n", names.get(d.channel()), d.row(), d.col(), d.a(), d.b());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove-alpha", description = "Writes the image without its alpha channel (PNG).")
    static final class RemoveAlpha implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IN")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT")
        Path outFile;

        @Override
        public Integer call() throws Exception {
            ImagePlanes p = ImagePlanes.read(in);
            int h = p.rows();
            int w = p.cols();
            BufferedImage img = new BufferedImage(w, h, p.planes().length == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
            for (int c = 0; c < p.planes().length; c++) {
                for (int y = 0; y < h; y++) {
                    img.getRaster().setSamples(0, y, w, 1, c, p.planes()[c][y]);
                }
            }
            AtomicFile.write(outFile, tmp -> {
                if (!javax.imageio.ImageIO.write(img, "png", tmp.toFile())) {
                    throw new java.io.IOException("no PNG writer");
                }
            });
            spec.commandLine().getOut().printf("%s: %d×%d, %s written without alpha%n", outFile, w, h, String.join("", p.names()));
            return 0;
        }
    }

    @Command(name = "histogram", description = "Histogram of pixel values (per channel) or of a JPEG's luminance DCT coefficients, as a table and PNG bar plots.")
    static final class Histogram implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--png", description = "bar plot(s): FILE.png, or FILE-R.png, FILE-G.png, FILE-B.png for colour")
        Path png;

        @Option(names = "--mode", description = "JPEG: one DCT mode as k,l (default: all AC modes)")
        String mode;

        @Option(names = "--range", defaultValue = "20", description = "JPEG: values −range…range (default ${DEFAULT-VALUE})")
        int range;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<String> names = new java.util.ArrayList<>();
            List<long[]> hists = new java.util.ArrayList<>();
            int first;
            if (isJpeg(file)) {
                int k = -1;
                int l = -1;
                if (mode != null) {
                    String[] p = mode.split(",");
                    if (p.length != 2) {
                        throw new IllegalArgumentException("--mode " + mode + ": k,l expected (0–7 each)");
                    }
                    k = Integer.parseInt(p[0].trim());
                    l = Integer.parseInt(p[1].trim());
                    if (k < 0 || k > 7 || l < 0 || l > 7) {
                        throw new IllegalArgumentException("--mode " + mode + ": k and l must be 0–7");
                    }
                }
                if (range < 1 || range > 2048) {
                    throw new IllegalArgumentException("--range " + range + " is not in 1–2048");
                }
                names.add(mode == null ? "AC" : "mode(" + k + "," + l + ")");
                hists.add(org.efficientmixnet.stego.inspect.Histograms.coefficients(JpegCoefficients.read(file).component(0).toLayout(), k, l, range));
                first = -range;
            } else {
                ImagePlanes p = ImagePlanes.read(file);
                for (int c = 0; c < p.planes().length; c++) {
                    names.add(p.names().get(c));
                    hists.add(org.efficientmixnet.stego.inspect.Histograms.pixels(p.planes()[c]));
                }
                first = 0;
            }
            out.println("value\t" + String.join("\t", names));
            for (int i = 0; i < hists.get(0).length; i++) {
                StringBuilder row = new StringBuilder().append(first + i);
                for (long[] h : hists) {
                    row.append('\t').append(h[i]);
                }
                out.println(row);
            }
            if (png != null) {
                for (int c = 0; c < hists.size(); c++) {
                    Path f = hists.size() == 1 ? png : png.resolveSibling(png.getFileName().toString().replaceFirst("(\\.png)?$", "-" + names.get(c) + ".png"));
                    org.efficientmixnet.stego.inspect.Histograms.plot(f, hists.get(c));
                }
            }
            out.flush();
            return 0;
        }
    }
}
