package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.Npy;
import org.efficientmixnet.stego.features.FeatureExtraction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code emn stego features --kind dctr COVERS [STEGOS] --out feats.npy}: rich-model features of folders of images. */
@Command(name = "features", description = "Steganalysis features (DCTR, GFR, SRM, SRMQ1) of a folder, or of paired cover and stego folders, as one .npy matrix.")
final class StegoFeaturesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--kind", defaultValue = "dctr", description = "dctr (8000-D, JPEG luminance; default); gfr (17000-D, JPEG luminance, quality 75 or 95); srm (34,671-D, 8-bit grayscale); srmq1 (12,753-D, its q = 1 part)")
    String kind;

    @Parameters(arity = "1..2", paramLabel = "FOLDER", description = "COVERS [STEGOS]: with two folders, files are paired by name; rows are the covers, then their stegos in the same order")
    List<Path> folders;

    @Option(names = "--out", required = true, description = ".npy file (float64, one row per image); the file list goes to OUT.files.txt")
    Path out;

    @Option(names = "--qf", defaultValue = "0", description = "JPEG quality for DCTR's quantization step or GFR's steps (default 0: estimated per image from its table)")
    int qf;

    @Option(names = "--threads", description = "parallel workers (default: all cores)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        FeatureExtraction.Kind k = FeatureExtraction.Kind.of(kind);
        List<Path> files = new ArrayList<>(FeatureExtraction.images(folders.get(0)));
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folders.get(0) + ": no images (.jpg, .jpeg, .png, .pgm)");
        }
        if (folders.size() == 2) {
            Map<String, Path> stegos = new TreeMap<>();
            for (Path p : FeatureExtraction.images(folders.get(1))) {
                stegos.put(p.getFileName().toString(), p);
            }
            List<Path> covers = new ArrayList<>();
            List<Path> pairedStegos = new ArrayList<>();
            for (Path c : files) {
                Path s = stegos.get(c.getFileName().toString());
                if (s != null) {
                    covers.add(c);
                    pairedStegos.add(s);
                }
            }
            if (covers.isEmpty()) {
                throw new IllegalArgumentException(folders.get(1) + ": no file with the name of a cover in " + folders.get(0));
            }
            if (covers.size() < files.size() || covers.size() < stegos.size()) {
                spec.commandLine().getErr().printf("note: %d pairs (%d covers, %d stegos; unpaired files left out)%n",
                        covers.size(), files.size(), stegos.size());
            }
            files = new ArrayList<>(covers);
            files.addAll(pairedStegos);
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long t0 = System.nanoTime();
        StegoCommand.Bar bar = new StegoCommand.Bar(spec.commandLine().getErr(), "features");
        double[][] x = FeatureExtraction.extract(files, k, qf, t, bar::finished);
        Npy.write(out, x);
        StringBuilder names = new StringBuilder();
        for (Path f : files) {
            names.append(f).append('\n');
        }
        AtomicFile.writeString(out.resolveSibling(out.getFileName() + ".files.txt"), names.toString());
        double secs = (System.nanoTime() - t0) / 1e9;
        spec.commandLine().getOut().printf(java.util.Locale.ROOT, "%s: %d×%d %s features (%s), %.1f s, %.2f images/s%n", out,
                x.length, k.dimension(), k.id(), folders.size() == 2 ? x.length / 2 + " covers then " + x.length / 2 + " stegos" : "one folder",
                secs, x.length / secs);
        return 0;
    }
}
