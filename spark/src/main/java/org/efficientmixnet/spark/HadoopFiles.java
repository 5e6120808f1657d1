package org.efficientmixnet.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** Whole-file reads and atomic whole-file writes through Hadoop's FileSystem API (local, HDFS, S3A …). */
final class HadoopFiles {
    private HadoopFiles() {
    }

    /**
     * The file system of {@code p}; for local paths the raw one, so that no hidden {@code .crc} files appear beside
     * the outputs (the layout stays that of the local job).
     */
    static FileSystem fs(Path p, Configuration conf) throws IOException {
        FileSystem fs = p.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    /** The bytes of {@code file}, refused before reading when longer than {@code max}. */
    static byte[] read(Path file, Configuration conf, long max) throws IOException {
        FileSystem fs = fs(file, conf);
        long size = fs.getFileStatus(file).getLen();
        if (size > max) {
            throw new IllegalArgumentException(file + ": " + size + " bytes is larger than a file we read ("
                    + (max >> 20) + " MiB)");
        }
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream((int) size);
            in.transferTo(b);
            if (b.size() > max) {
                throw new IllegalArgumentException(file + ": grew past " + (max >> 20) + " MiB while being read");
            }
            return b.toByteArray();
        }
    }

    /**
     * Writes {@code bytes} to a hidden temporary name in the target's folder and renames it (atomic on local file
     * systems and HDFS; on object stores a rename is a copy, and a killed task leaves at most a hidden temporary).
     */
    static void write(Path target, byte[] bytes, Configuration conf) throws IOException {
        FileSystem fs = fs(target, conf);
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            fs.delete(target, false);
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } finally {
            fs.delete(tmp, false);
        }
    }

    static void writeString(Path target, String text, Configuration conf) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), conf);
    }
}
