package org.efficientmixnet.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.efficientmixnet.stego.dataset.EmbedJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The entry point of the Spark jobs: {@code spark-submit --class org.efficientmixnet.spark.SparkMain emn-spark.jar
 * embed|score|bench …} on a cluster, or {@code emn spark embed|score|bench --master local[N] …} in-process (see
 * docs/spark.md). Without {@code --master} the master is spark-submit's, or {@code local[*]} when there is none.
 */
@Command(name = "emn spark", mixinStandardHelpOptions = true, version = "EfficientMixNet 0.1.0",
        description = "Embedding and scoring at dataset scale, as Apache Spark jobs.",
        subcommands = {SparkMain.Embed.class, SparkMain.Score.class, SparkBench.class})
public final class SparkMain implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every job takes. */
    static class Common {
        @Option(names = "--master", description = "Spark master, e.g. local[4] (default: spark-submit's, else local[*])")
        String master;

        @Option(names = "--partitions", defaultValue = "0", description = "tasks (default: 4 per core of the session)")
        int partitions;

        SparkSession session(String app) {
            SparkSession.Builder b = SparkSession.builder().appName(app);
            if (master != null) {
                b.master(master);
            } else if (System.getProperty("spark.master") == null) {
                b.master("local[*]");
            }
            SparkSession s = b.getOrCreate();
            s.sparkContext().setLogLevel(System.getProperty("emn.spark.log", "WARN"));
            return s;
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "emn stego embed over a Hadoop path (local, hdfs://, s3a://): same stegos and manifest rows.")
    static final class Embed extends Common implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--algo", required = true, description = "as emn stego embed: lsb-replacement, lsb-matching, hill, s-uniward, nsf5, uerd, j-uniward, ebs")
        String algo;

        @Option(names = "--payload", required = true, description = "bits per pixel or per non-zero AC coefficient; a range 0.2:0.5 draws one per image")
        String payload;

        @Option(names = "--covers", required = true, description = "folder of covers (any Hadoop path)")
        String covers;

        @Option(names = "--out", required = true, description = "folder for the stegos, manifest.csv/.parquet, errors.csv/.parquet")
        String out;

        @Option(names = "--seed", defaultValue = "0", description = "seed (each image's derives from it and its file name; default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--variant", description = "a named cost variant of the algorithm (see docs/stego-embed.md)")
        String variant;

        @Override
        public Integer call() throws Exception {
            double[] p = EmbedJob.payloadRange(payload);
            SparkEmbed.Options o = new SparkEmbed.Options(algo, variant, p[0], p[1], covers, out, seed, partitions);
            SparkSession s = session("emn spark embed");
            long t0 = System.nanoTime();
            SparkEmbed.Report r = SparkEmbed.run(s, o);
            double secs = (System.nanoTime() - t0) / 1e9;
            PrintWriter pw = spec.commandLine().getOut();
            r.notImages().forEach(n -> pw.println("warning: " + n + " is not an image (by its name), skipped"));
            pw.printf(Locale.ROOT, "%d covers: embedded %d, skipped %d (output existed; %d manifest row(s) rebuilt), failed %d;"
                    + " %d non-image file(s) ignored; %.1f s%n", r.covers(), r.embedded().size(), r.skipped().size(),
                    r.recovered().size(), r.failures().size(), r.notImages().size(), secs);
            pw.println("manifest: " + r.manifest() + " (and manifest.parquet)");
            if (r.errors() != null) {
                pw.println("errors: " + r.errors() + " (and errors.parquet)");
                r.failures().stream().limit(20).forEach(f -> pw.println("failed: " + f));
                if (r.failures().size() > 20) {
                    pw.println("… " + (r.failures().size() - 20) + " more in " + r.errors());
                }
            }
            pw.flush();
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "emn stego detect over Hadoop paths: a table path, stego, p_<class>…, error (Parquet and CSV).")
    static final class Score extends Common implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--run", required = true, description = "detector run folder (from emn stego train), on the driver's disk")
        String run;

        @Parameters(arity = "1..*", description = "images or folders of images (any Hadoop path)")
        List<String> inputs;

        @Option(names = "--out", required = true, description = "folder for scores.parquet and scores.csv")
        String out;

        @Option(names = "--batch", defaultValue = "16", description = "images per forward pass (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--threads-per-task", defaultValue = "1", description = "engine threads of each task (default: ${DEFAULT-VALUE})")
        int threads;

        @Option(names = "--format", split = ",", description = "parquet, csv or both (default: both)")
        List<String> formats;

        @Override
        public Integer call() throws Exception {
            SparkScore.Options o = new SparkScore.Options(run, inputs, out, batch, threads, partitions, formats);
            SparkSession s = session("emn spark score");
            long t0 = System.nanoTime();
            SparkScore.Report r = SparkScore.run(s, o);
            double secs = (System.nanoTime() - t0) / 1e9;
            PrintWriter pw = spec.commandLine().getOut();
            pw.printf(Locale.ROOT, "%d images: scored %d, unreadable %d; %.1f s%n", r.images(), r.images() - r.failed(),
                    r.failed(), secs);
            r.written().forEach(w -> pw.println("written: " + w));
            pw.flush();
            return r.failed() == 0 ? 0 : 1;
        }
    }

    /** Runs the command line with these streams; returns the exit status (errors are one line, never a trace). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkMain()).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("error: " + msg);
            if (System.getenv("EMN_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 2;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        int rc = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().stop();
        }
        System.exit(rc);
    }
}
