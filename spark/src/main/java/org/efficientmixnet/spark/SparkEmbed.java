package org.efficientmixnet.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.embed.Algorithm;

/**
 * {@code emn stego embed} as a Spark job: the covers of a folder on any Hadoop-compatible file system (local, HDFS,
 * S3A — as the session's Hadoop configuration says) are embedded by the executors, each image by
 * {@link EmbedJob#embed}, so names, seeds, payloads, stego bytes and manifest rows equal the local job's. The driver
 * lists the covers and the existing outputs once, the executors read a cover, embed and write its stego (to a hidden
 * temporary name, renamed), and the driver writes {@code manifest.csv} (the local job's file, byte for byte),
 * {@code manifest.parquet}, and, when images failed, {@code errors.csv} and {@code errors.parquet}.
 *
 * <p>Resumable: a cover whose output exists is skipped (its row is kept from the manifest once the output is
 * checked against it, or rebuilt from the cover and the output when the manifest lacks it, as the local job does). A failing image becomes a row of the
 * errors table; it never fails the task or the job.
 */
public final class SparkEmbed {
    /** What to do; {@code partitions} 0 means four per core of the session. */
    public record Options(String algorithm, String variant, double payloadMin, double payloadMax, String covers,
            String out, long seed, int partitions) implements Serializable {
        public Options {
            if (algorithm == null || covers == null || out == null) {
                throw new IllegalArgumentException("algorithm, cover folder and output folder are required");
            }
            if (!(payloadMin > 0) || !(payloadMax >= payloadMin) || Double.isInfinite(payloadMax)) {
                throw new IllegalArgumentException("payload must be a number > 0 (or a range min:max with 0 < min ≤ max),"
                        + " got " + payloadMin + (payloadMax != payloadMin ? ":" + payloadMax : ""));
            }
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be ≥ 0, got " + partitions);
            }
            Algorithm.fromId(algorithm).variant(variant); // unknown names fail here, on the driver
        }

        Algorithm algo() {
            return Algorithm.fromId(algorithm).variant(variant);
        }
    }

    /** What happened; {@code errors} is null when nothing failed. */
    public record Report(int covers, List<EmbedJob.Row> embedded, List<String> skipped, List<EmbedJob.Row> recovered,
            List<EmbedJob.Failure> failures, List<String> notImages, String manifest, String errors) {
    }

    /** The manifest table's columns (those of manifest.csv). */
    public static final StructType MANIFEST_SCHEMA = new StructType()
            .add("cover", DataTypes.StringType, false).add("stego", DataTypes.StringType, false)
            .add("algorithm", DataTypes.StringType, false).add("payload", DataTypes.DoubleType, false)
            .add("unit", DataTypes.StringType, false).add("seed", DataTypes.LongType, false)
            .add("message_bits", DataTypes.DoubleType, false).add("changes", DataTypes.LongType, false);
    /** The errors table's columns (those of errors.csv). */
    public static final StructType ERRORS_SCHEMA = new StructType()
            .add("cover", DataTypes.StringType, false).add("error", DataTypes.StringType, false);

    private SparkEmbed() {
    }

    /** One cover for a task: its name, path and size, and whether its output exists (and has a manifest row). */
    record Item(String name, String path, long size, boolean outputExists, String row) implements Serializable {
    }

    /** What a task did with one cover: kind is embedded, recovered, skipped or failed; the row's fields or the error. */
    record Result(String kind, String name, String stego, String algorithm, double payload, String unit, long seed,
            double messageBits, long changes, String error) implements Serializable {
        static Result of(String kind, EmbedJob.Row r) {
            return new Result(kind, r.cover(), r.stego(), r.algorithm(), r.payload(), r.unit(), r.seed(),
                    r.messageBits(), r.changes(), null);
        }

        static Result of(String kind, String name, String error) {
            return new Result(kind, name, null, null, 0, null, 0, 0, 0, error);
        }

        EmbedJob.Row row() {
            return new EmbedJob.Row(name, stego, algorithm, payload, unit, seed, messageBits, changes);
        }
    }

    /** Runs the job in {@code spark}; throws only for a missing or empty cover folder and I/O on the output folder. */
    public static Report run(SparkSession spark, Options o) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path coversDir = new Path(o.covers());
        Path outDir = new Path(o.out());
        FileSystem inFs = HadoopFiles.fs(coversDir, conf);
        FileSystem outFs = HadoopFiles.fs(outDir, conf);
        if (!inFs.exists(coversDir) || !inFs.getFileStatus(coversDir).isDirectory()) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " does not exist or is not a folder");
        }
        outFs.mkdirs(outDir);
        if (inFs.makeQualified(coversDir).equals(outFs.makeQualified(outDir))) {
            throw new IllegalArgumentException("output folder " + o.out() + " is the cover folder; choose another one");
        }
        Algorithm algo = o.algo();
        List<FileStatus> covers = new ArrayList<>();
        List<String> notImages = new ArrayList<>();
        FileStatus[] listed = inFs.listStatus(coversDir);
        Arrays.sort(listed, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus f : listed) {
            String n = f.getPath().getName();
            if (!f.isFile() || n.startsWith(".")) {
                continue;
            }
            if (EmbedJob.isImageName(n)) {
                covers.add(f);
            } else {
                notImages.add(n);
            }
        }
        if (covers.isEmpty()) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " has no images (." + String.join(" .",
                    new TreeSet<>(EmbedJob.IMAGE_EXTENSIONS)) + ")"
                    + (notImages.isEmpty() ? "" : "; " + notImages.size() + " other file(s) skipped"));
        }
        Set<String> existing = new TreeSet<>();
        for (FileStatus f : outFs.listStatus(outDir)) {
            if (f.isFile()) {
                existing.add(f.getPath().getName());
            }
        }
        Path manifestPath = new Path(outDir, "manifest.csv");
        Map<String, String> earlier = existing.contains("manifest.csv")
                ? EmbedJob.parseManifest(EmbedJob.lines(HadoopFiles.read(manifestPath, conf, 1L << 31),
                        org.efficientmixnet.io.ImageFiles.nameForMessages(manifestPath.toString())), manifestPath.toString())
                : new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        List<EmbedJob.Failure> failures = new ArrayList<>();
        List<Item> work = new ArrayList<>();
        for (FileStatus c : covers) {
            String name = c.getPath().getName();
            String target = EmbedJob.outputName(algo, name);
            String first = owner.putIfAbsent(target, name);
            if (first == null) {
                work.add(new Item(name, c.getPath().toString(), c.getLen(), existing.contains(target),
                        earlier.get(target)));
            } else {
                failures.add(new EmbedJob.Failure(name, "its output name " + target + " is also that of " + first
                        + "; rename one of them"));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = o.partitions() > 0 ? o.partitions()
                : Math.max(1, Math.min(work.size(), 4 * jsc.defaultParallelism()));
        Broadcast<HadoopConf> hadoop = jsc.broadcast(new HadoopConf(conf));
        String outString = outFs.makeQualified(outDir).toString();
        List<Result> results = jsc.parallelize(work, slices)
                .mapPartitions(items -> new Embedder(o, outString, hadoop.value().get()).all(items))
                .collect();
        hadoop.destroy();

        List<EmbedJob.Row> embedded = new ArrayList<>();
        List<EmbedJob.Row> recovered = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Result r : results) {
            switch (r.kind()) {
                case "embedded" -> embedded.add(r.row());
                case "recovered" -> {
                    recovered.add(r.row());
                    skipped.add(r.name());
                }
                case "skipped" -> skipped.add(r.name());
                default -> failures.add(new EmbedJob.Failure(r.name(), r.error()));
            }
        }
        embedded.sort((a, b) -> a.cover().compareTo(b.cover()));
        recovered.sort((a, b) -> a.cover().compareTo(b.cover()));
        skipped.sort(null);
        failures.sort((a, b) -> a.cover().compareTo(b.cover()));
        List<EmbedJob.Row> fresh = new ArrayList<>(embedded);
        fresh.addAll(recovered);
        String manifest = EmbedJob.manifestText(earlier, fresh);
        HadoopFiles.writeString(manifestPath, manifest, conf);
        List<Row> manifestRows = new ArrayList<>();
        List<String> manifestLines = lines(manifest.getBytes(StandardCharsets.UTF_8));
        for (String line : manifestLines.subList(1, manifestLines.size())) {
            EmbedJob.Row r = row(line);
            manifestRows.add(RowFactory.create(r.cover(), r.stego(), r.algorithm(), r.payload(), r.unit(), r.seed(),
                    r.messageBits(), r.changes()));
        }
        spark.createDataFrame(manifestRows, MANIFEST_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(outDir, "manifest.parquet").toString());
        Path errorsCsv = new Path(outDir, "errors.csv");
        Path errorsParquet = new Path(outDir, "errors.parquet");
        String errors = null;
        if (failures.isEmpty()) {
            outFs.delete(errorsCsv, false); // from an earlier run whose failures are now fixed or skipped
            outFs.delete(errorsParquet, true);
        } else {
            HadoopFiles.writeString(errorsCsv, EmbedJob.errorsText(failures), conf);
            List<Row> rows = new ArrayList<>();
            failures.forEach(f -> rows.add(RowFactory.create(f.cover(), f.error())));
            Dataset<Row> df = spark.createDataFrame(rows, ERRORS_SCHEMA);
            df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(errorsParquet.toString());
            errors = errorsCsv.toString();
        }
        return new Report(covers.size(), embedded, skipped, recovered, failures, notImages, manifestPath.toString(),
                errors);
    }

    /** The work of one task: embeds (or skips, or recovers the row of) each of its covers; never throws per image. */
    static final class Embedder {
        private final Options o;
        private final Algorithm algo;
        private final Path out;
        private final Configuration conf;

        Embedder(Options o, String out, Configuration conf) {
            this.o = o;
            this.algo = o.algo();
            this.out = new Path(out);
            this.conf = conf;
        }

        Iterator<Result> all(Iterator<Item> items) {
            List<Result> done = new ArrayList<>();
            items.forEachRemaining(i -> done.add(one(i)));
            return done.iterator();
        }

        Result one(Item i) {
            try {
                Path target = new Path(out, EmbedJob.outputName(algo, i.name()));
                if (i.outputExists()) {
                    // an existing output is trusted only once it matches the cover and its manifest row
                    EmbedJob.Row r = EmbedJob.recover(algo, o.payloadMin(), o.payloadMax(), o.seed(), i.name(), i.path(),
                            HadoopFiles.read(new Path(i.path()), conf, EmbedJob.MAX_COVER_BYTES), target.toString(),
                            HadoopFiles.read(target, conf, EmbedJob.MAX_COVER_BYTES));
                    if (i.row() != null) {
                        EmbedJob.verify(i.row(), r, target.getName());
                        return Result.of("skipped", i.name(), null);
                    }
                    return Result.of("recovered", r);
                }
                byte[] cover = HadoopFiles.read(new Path(i.path()), conf, EmbedJob.MAX_COVER_BYTES);
                EmbedJob.Embedded e = EmbedJob.embed(algo, o.payloadMin(), o.payloadMax(), o.seed(), i.name(), i.path(),
                        cover);
                HadoopFiles.write(target, e.stego(), conf);
                return Result.of("embedded", e.row());
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                return Result.of("failed", i.name(), EmbedJob.message(e));
            }
        }
    }

    static List<String> lines(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(Arrays.asList(s.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** A manifest line back as a row. */
    static EmbedJob.Row row(String line) {
        List<String> f = EmbedJob.parseCsv(line);
        return new EmbedJob.Row(f.get(0), f.get(1), f.get(2), Double.parseDouble(f.get(3)), f.get(4),
                Long.parseLong(f.get(5)), Double.parseDouble(f.get(6)), Long.parseLong(f.get(7)));
    }
}
