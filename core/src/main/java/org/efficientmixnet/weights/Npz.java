package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.LimitExceededException;
import org.efficientmixnet.io.Limits;
import org.efficientmixnet.io.Npy;

/**
 * NumPy's {@code .npy} (one array) and {@code .npz} (a zip of {@code name.npy}, stored or deflated) formats.
 * Big-endian arrays are swapped to little-endian; Fortran-ordered arrays are transposed into C order.
 */
public final class Npz {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npz() {
    }

    /** True when the bytes start with the {@code .npy} magic string. */
    static boolean isNpy(byte[] head) {
        if (head.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads every array of an {@code .npz}; names are the entry names without {@code .npy}. */
    public static StateDict read(Path file) throws IOException {
        StateDict out = new StateDict();
        FileIo.Budget budget = new FileIo.Budget(file);
        try (ZipFile zip = FileIo.openZip(file)) {
            for (ZipEntry e : FileIo.entries(zip, file)) {
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new WeightFormatException(file, "npz entry '" + name + "' is not an .npy array");
                }
                budget.tensor(name);
                byte[] bytes = FileIo.readEntry(zip, e, file, budget);
                out.put(name.substring(0, name.length() - 4), parse(bytes, file, "entry '" + name + "'"));
            }
        }
        return out;
    }

    /** Reads one {@code .npy} array. */
    public static TensorData readNpy(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new WeightFormatException(file, ".npy file of " + size + " bytes is over the 2 GiB limit");
        }
        new FileIo.Budget(file).bytes(size, ".npy array");
        return parse(Files.readAllBytes(file), file, "array");
    }

    /** Parses a whole {@code .npy} image; {@code what} names it in errors (an npz entry, say). */
    static TensorData parse(byte[] b, Path file, String what) {
        if (!isNpy(b) || b.length < 10) {
            throw new WeightFormatException(file, what + " does not start with the .npy magic string");
        }
        int major = b[6] & 0xff;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new WeightFormatException(file, what + " is truncated inside its .npy preamble");
            }
            headerLen = bb.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new WeightFormatException(file, what + " has unsupported .npy version " + major);
        }
        if (headerLen > Limits.HEADER_BYTES.value()) {
            throw new LimitExceededException(file, Limits.HEADER_BYTES, what + "'s .npy header", headerLen);
        }
        if (headerLen > b.length - headerStart) {
            throw new WeightFormatException(file, what + " claims a " + headerLen + "-byte header but holds only "
                    + (b.length - headerStart) + " bytes after the preamble (truncated or corrupt)");
        }
        String header = new String(b, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new WeightFormatException(file, what + " has an .npy header this reader does not understand"
                    + " (structured or object dtypes are not supported): " + header.strip());
        }
        DType dtype = dtypeOf(d.group(2), d.group(3), file, what, d.group(0));
        boolean bigEndian = d.group(1).equals(">") && dtype.bytes() > 1;
        boolean fortran = f.group(1).equals("True");
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String p = part.strip();
            if (!p.isEmpty()) {
                try {
                    dims.add(Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
                } catch (NumberFormatException ex) {
                    throw new WeightFormatException(file, what + " has a malformed shape (" + s.group(1) + ")");
                }
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        int dataStart = headerStart + (int) headerLen;
        long need;
        try {
            need = Math.multiplyExact(TensorData.numel(shape), (long) dtype.bytes());
        } catch (ArithmeticException | IllegalArgumentException ex) {
            throw new WeightFormatException(file, what + " has an impossible shape (" + s.group(1) + ")");
        }
        long have = b.length - dataStart;
        if (need != have) {
            throw new WeightFormatException(file, what + " of shape (" + s.group(1) + ") and dtype " + d.group(0)
                    + " needs " + need + " data bytes but " + have + " follow the header"
                    + (need > have ? " (truncated)" : " (corrupt)"));
        }
        // the data is used where it lies (no copy): b is this reader's own buffer
        if (bigEndian) {
            FileIo.swapBytes(b, dataStart, dtype.bytes());
        }
        ByteBuffer buf = ByteBuffer.wrap(b, dataStart, b.length - dataStart).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (!fortran || shape.length < 2) {
            return new TensorData(dtype, shape, buf);
        }
        // Fortran order: element (i0..ik) lives at sum(i_j * prod(shape[0..j-1])).
        long[] strides = new long[shape.length];
        long acc = 1;
        for (int i = 0; i < shape.length; i++) {
            strides[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return TensorData.gather(dtype, shape, strides, 0, buf);
    }

    private static DType dtypeOf(String kind, String size, Path file, String what, String descr) {
        DType t = switch (kind + size) {
            case "f8" -> DType.FLOAT64;
            case "f4" -> DType.FLOAT32;
            case "f2" -> DType.FLOAT16;
            case "i8" -> DType.INT64;
            case "i4" -> DType.INT32;
            case "i2" -> DType.INT16;
            case "i1" -> DType.INT8;
            case "u1" -> DType.UINT8;
            case "b1" -> DType.BOOL;
            default -> null;
        };
        if (t == null) {
            throw new WeightFormatException(file, what + " has unsupported dtype " + descr
                    + " (supported: f8 f4 f2 i8 i4 i2 i1 u1 b1)");
        }
        return t;
    }

    private static String descr(DType t, String name) {
        return switch (t) {
            case FLOAT64 -> "<f8";
            case FLOAT32 -> "<f4";
            case FLOAT16 -> "<f2";
            case INT64 -> "<i8";
            case INT32 -> "<i4";
            case INT16 -> "<i2";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case BOOL -> "|b1";
            case BFLOAT16 -> throw new IllegalArgumentException("tensor '" + name + "' is bfloat16, which .npy cannot"
                    + " store; convert first with StateDict.toFloat32() or write safetensors");
        };
    }

    /** The {@code .npy} image of one tensor, written by {@link Npy}. */
    static byte[] toNpy(TensorData t, String name) {
        return Npy.toBytes(descr(t.dtype(), name), t.shape(), t.toByteArray());
    }

    /** Writes one {@code .npy} array atomically. */
    public static void writeNpy(Path file, TensorData t) throws IOException {
        AtomicFile.write(file, toNpy(t, file.getFileName().toString()));
    }

    /**
     * Writes an {@code .npz} atomically, entries in the dict's order; {@code compressed} chooses deflate (as
     * {@code numpy.savez_compressed}) over stored entries (as {@code numpy.savez}).
     */
    public static void write(Path file, StateDict dict, boolean compressed) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (OutputStream fo = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(fo, 1 << 20))) {
                for (Map.Entry<String, TensorData> e : dict.asMap().entrySet()) {
                    byte[] npy = toNpy(e.getValue(), e.getKey());
                    ZipEntry ze = new ZipEntry(e.getKey() + ".npy");
                    if (compressed) {
                        ze.setMethod(ZipEntry.DEFLATED);
                    } else {
                        CRC32 crc = new CRC32();
                        crc.update(npy);
                        ze.setMethod(ZipEntry.STORED);
                        ze.setSize(npy.length);
                        ze.setCompressedSize(npy.length);
                        ze.setCrc(crc.getValue());
                    }
                    zip.putNextEntry(ze);
                    zip.write(npy);
                    zip.closeEntry();
                }
            }
        });
    }
}
