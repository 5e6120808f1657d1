package org.efficientmixnet.spark;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.steganalysis.DetectorRun;

/**
 * {@code emn stego detect} as a Spark job: a trained detector (a run folder of {@code emn stego train}) scores every
 * image under one or more paths of any Hadoop-compatible file system. The run folder is shipped to the executors
 * with {@link org.apache.spark.SparkContext#addFile(String, boolean)}; each executor loads the detector once per
 * task slot and keeps it for all later tasks (never per record), each task scores its images in batches through
 * {@link Detector#score} (so scores equal {@code emn stego detect}'s), with {@code threadsPerTask} engine threads.
 * Images on other file systems than the local one are copied to a task-local temporary folder, a batch at a time.
 *
 * <p>The output is the table {@code path, stego, p_<class>…, error} ({@code stego} and the probabilities null for
 * an image that could not be scored, {@code error} null for one that was) written as {@code scores.parquet} and
 * {@code scores.csv} (Spark's CSV: a folder of parts with a header each) under the output folder.
 */
public final class SparkScore {
    /** What to do; {@code partitions} 0 means four per core of the session. */
    public record Options(String run, List<String> inputs, String out, int batch, int threadsPerTask, int partitions,
            List<String> formats) implements Serializable {
        public Options {
            if (run == null || inputs == null || inputs.isEmpty() || out == null) {
                throw new IllegalArgumentException("run folder, inputs and output folder are required");
            }
            if (batch < 1 || threadsPerTask < 1 || partitions < 0) {
                throw new IllegalArgumentException("batch and threads per task must be ≥ 1, partitions ≥ 0; got batch "
                        + batch + ", threads " + threadsPerTask + ", partitions " + partitions);
            }
            formats = formats == null || formats.isEmpty() ? List.of("parquet", "csv") : List.copyOf(formats);
            for (String f : formats) {
                if (!f.equals("parquet") && !f.equals("csv")) {
                    throw new IllegalArgumentException("format '" + f + "': expected parquet or csv");
                }
            }
            inputs = List.copyOf(inputs);
        }
    }

    /** How many images were scored and how many could not be, the detector's classes, the tables written. */
    public record Report(long images, long failed, List<String> classes, List<String> written) {
    }

    private SparkScore() {
    }

    /** The output table's columns for a detector's classes. */
    public static StructType schema(List<String> classes) {
        StructType t = new StructType().add("path", DataTypes.StringType, false).add("stego", DataTypes.DoubleType, true);
        for (String c : classes) {
            t = t.add("p_" + c, DataTypes.DoubleType, true);
        }
        return t.add("error", DataTypes.StringType, true);
    }

    /** Runs the job in {@code spark}. The run folder must be on the driver's local file system. */
    public static Report run(SparkSession spark, Options o) throws IOException {
        java.nio.file.Path runDir = java.nio.file.Path.of(o.run()).toAbsolutePath().normalize();
        List<String> classes = DetectorRun.read(runDir).classes(); // refuses a folder that is not a detector run
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> images = new ArrayList<>();
        for (String in : o.inputs()) {
            Path p = new Path(in);
            FileSystem fs = HadoopFiles.fs(p, conf);
            if (!fs.exists(p)) {
                throw new IllegalArgumentException(in + ": no such image or folder");
            }
            if (fs.getFileStatus(p).isFile()) {
                images.add(fs.makeQualified(p).toString());
                continue;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
            while (it.hasNext()) {
                LocatedFileStatus f = it.next();
                String n = f.getPath().getName();
                if (f.isFile() && !n.startsWith(".") && EmbedJob.isImageName(n)) {
                    images.add(f.getPath().toString());
                }
            }
        }
        images.sort(null);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images in " + o.inputs());
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String shipped = shipRun(jsc, runDir);
        int slices = o.partitions() > 0 ? o.partitions()
                : Math.max(1, Math.min(images.size(), 4 * jsc.defaultParallelism()));
        Broadcast<HadoopConf> hadoop = jsc.broadcast(new HadoopConf(conf));
        int width = classes.size();
        // the scores are computed once and cached as an RDD: every table written and the counts read the cache
        var rdd = jsc.parallelize(images, slices)
                .mapPartitions(paths -> score(paths, shipped, o, width, hadoop.value().get()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> df = spark.createDataFrame(rdd, schema(classes));
        try {
            List<String> written = new ArrayList<>();
            Path out = new Path(o.out());
            for (String f : o.formats()) {
                String target = new Path(out, "scores." + f).toString();
                if (f.equals("parquet")) {
                    df.write().mode(SaveMode.Overwrite).parquet(target);
                } else {
                    df.write().mode(SaveMode.Overwrite).option("header", "true").csv(target);
                }
                written.add(target);
            }
            // counted from the cache: the rows stay on the executors (millions of images never reach the driver)
            return new Report(rdd.count(), rdd.filter(r -> !r.isNullAt(width + 2)).count(), classes, written);
        } finally {
            rdd.unpersist(false);
            hadoop.destroy();
        }
    }

    /** Ships the run folder (detector.json and its checkpoints) to every executor; returns the name to find it by. */
    private static String shipRun(JavaSparkContext jsc, java.nio.file.Path runDir) {
        String name = runDir.getFileName().toString();
        String uri = runDir.toUri().toString();
        scala.collection.Iterator<String> added = jsc.sc().listFiles().iterator();
        while (added.hasNext()) {
            String a = added.next().replaceAll("/$", "");
            if (a.endsWith("/" + name) && !a.equals(uri.replaceAll("/$", ""))) {
                throw new IllegalArgumentException("this Spark session already holds another run folder named " + name
                        + " (" + a + "); give the run folder another name or start a new session");
            }
        }
        jsc.sc().addFile(uri, true);
        return name;
    }

    /** Images handed to a detector in this JVM (tests check that the job scores each image once). */
    static final java.util.concurrent.atomic.AtomicLong SCORED = new java.util.concurrent.atomic.AtomicLong();

    /** Detectors loaded in this executor, by run folder: one per task slot, reused by later tasks. */
    private static final Map<String, Queue<Detector>> LOADED = new ConcurrentHashMap<>();

    private static Detector borrow(String runDir, int threads) throws IOException {
        Detector d = LOADED.computeIfAbsent(runDir, k -> new ConcurrentLinkedQueue<>()).poll();
        if (d != null) {
            return d;
        }
        // read by the engine when it starts in this JVM; an executor's tasks share it
        System.setProperty("ai.djl.pytorch.num_threads",
                System.getProperty("ai.djl.pytorch.num_threads", Integer.toString(threads)));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        return Detector.load(java.nio.file.Path.of(runDir)).workers(1);
    }

    private static void giveBack(String runDir, Detector d) {
        LOADED.get(runDir).add(d);
    }

    /** One task: its images in batches through one detector; a batch that fails becomes error rows, never a failure. */
    static Iterator<Row> score(Iterator<String> paths, String shipped, Options o, int width, Configuration conf)
            throws IOException {
        String runDir = SparkFiles.get(shipped);
        Detector d = borrow(runDir, o.threadsPerTask());
        d.batch(o.batch());
        List<Row> out = new ArrayList<>();
        java.nio.file.Path tmp = null;
        try {
            List<String> batch = new ArrayList<>();
            while (paths.hasNext() || !batch.isEmpty()) {
                if (paths.hasNext() && batch.size() < o.batch()) {
                    batch.add(paths.next());
                    continue;
                }
                if (tmp == null) {
                    tmp = Files.createTempDirectory("emn-score");
                }
                scoreBatch(d, batch, width, conf, tmp, out);
                batch.clear();
            }
        } finally {
            giveBack(runDir, d);
            if (tmp != null) {
                try (var s = Files.walk(tmp)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        return out.iterator();
    }

    private static void scoreBatch(Detector d, List<String> batch, int width, Configuration conf,
            java.nio.file.Path tmp, List<Row> out) {
        Map<java.nio.file.Path, String> local = new HashMap<>();
        List<java.nio.file.Path> files = new ArrayList<>();
        List<Row> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            String p = batch.get(i);
            try {
                Path hp = new Path(p);
                java.nio.file.Path f;
                if ("file".equals(hp.toUri().getScheme())) {
                    f = java.nio.file.Path.of(URI.create(hp.toUri().toString()));
                } else {
                    f = tmp.resolve(i + "-" + hp.getName());
                    Files.write(f, HadoopFiles.read(hp, conf, EmbedJob.MAX_COVER_BYTES));
                }
                local.put(f, p);
                files.add(f);
            } catch (Exception | OutOfMemoryError e) {
                failed.add(error(p, EmbedJob.message(e), width));
            }
        }
        try {
            if (!files.isEmpty()) {
                SCORED.addAndGet(files.size());
                Detector.Detection r = d.score(files);
                for (Detector.Score s : r.scores()) {
                    Object[] v = new Object[width + 3];
                    v[0] = local.get(s.file());
                    v[1] = s.stego();
                    for (int c = 0; c < width; c++) {
                        v[2 + c] = (double) s.probabilities()[c];
                    }
                    out.add(RowFactory.create(v));
                }
                for (Detector.Failure f : r.failures()) {
                    out.add(error(local.get(f.file()), f.reason(), width));
                }
            }
        } catch (Exception | OutOfMemoryError e) {
            for (java.nio.file.Path f : files) {
                out.add(error(local.get(f), EmbedJob.message(e), width));
            }
        } finally {
            for (java.nio.file.Path f : files) {
                if (f.startsWith(tmp)) {
                    f.toFile().delete();
                }
            }
        }
        out.addAll(failed);
    }

    private static Row error(String path, String reason, int width) {
        Object[] v = new Object[width + 3];
        v[0] = path;
        v[width + 2] = reason == null ? "unreadable" : reason;
        return RowFactory.create(v);
    }

    static String describe(Row r) {
        return String.format(Locale.ROOT, "%s %s", r.getString(0), r.isNullAt(1) ? r.getString(r.size() - 1) : r.get(1));
    }
}
