package org.efficientmixnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.train.EvalMetrics;
import org.efficientmixnet.train.TrainedModel;
import org.efficientmixnet.train.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model on a labelled image folder or CSV; prints and saves the metrics (JSON).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelSource source = new ModelSource();

    @Option(names = "--data", required = true, description = "a folder of class sub-folders, or a path,label CSV")
    Path data;

    @Option(names = "--batch", defaultValue = "32") int batch;

    @Option(names = "--save", description = "metrics JSON (default: eval.json in the run folder, else in the working folder)")
    Path save;

    @Option(names = "--strict", description = "an unreadable image is an error") boolean strict;

    @Override
    public Integer call() throws Exception {
        ImageDataset ds = ImageDataset.open(data);
        EvalMetrics m;
        java.util.List<String> classes;
        try (TrainedModel model = source.open(ds.classes())) {
            m = model.evaluate(ds, batch, strict);
            classes = model.classes();
        }
        Path file = save != null ? save : source.run != null
                ? (Files.isDirectory(source.run) ? source.run : source.run.toAbsolutePath().getParent()).resolve("eval.json")
                : Path.of("eval.json");
        CheckpointFiles.writeStringAtomically(file, m.toJson(classes));
        var o = spec.commandLine().getOut();
        // top-5 only says something with more than five classes (with two it is always 1)
        o.printf(Locale.ROOT, "images %d  loss %.4f  accuracy %.4f (chance %.4f)%s  ROC AUC %.4f%n", m.count(), m.loss(),
                m.accuracy(), 1.0 / Math.max(1, classes.size()),
                classes.size() > 5 ? String.format(Locale.ROOT, "  top-5 %.4f", m.top5()) : "", m.rocAuc());
        if (classes.size() == 2 && m.count() > 0) {
            var b = m.binary();
            if (b.positives() > 0 && b.negatives() > 0) {
                o.printf(Locale.ROOT, "binary (P of %s): P_E %.4f  MD5 %.4f  wAUC %.4f  (chance: P_E 0.5, MD5 1, wAUC "
                        + "0.586, the weighted area of the diagonal)%n", classes.get(1), b.pe(), b.md5(), b.weightedAuc());
            }
        }
        long[][] cm = m.confusion();
        o.println("confusion (rows: true class, columns: predicted):");
        for (int i = 0; i < cm.length; i++) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-16s", classes.get(i)));
            for (long v : cm[i]) {
                sb.append(String.format(Locale.ROOT, " %6d", v));
            }
            o.println(sb);
        }
        o.println("metrics saved to " + file);
        o.flush();
        return 0;
    }
}
