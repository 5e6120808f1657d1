package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The one entry point for weight files: {@link #read(Path)} recognizes the format by its first bytes (the
 * extension only breaks ties and shapes error messages), {@link #write(Path, StateDict)} picks it by extension.
 */
public final class WeightFiles {
    /** The formats this package reads. */
    public enum Format { SAFETENSORS, NPZ, NPY, TORCH, KERAS_H5 }

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private WeightFiles() {
    }

    /** Reads a state dict with {@link ReadOptions#defaults()}. */
    public static StateDict read(Path file) throws IOException {
        return read(file, ReadOptions.defaults());
    }

    /**
     * Reads a state dict from any supported format. Keras {@code .h5} weights come back already renamed to timm's
     * {@code tf_efficientnet_*} layout and transposed to PyTorch's; all other formats keep their own names.
     */
    public static StateDict read(Path file, ReadOptions options) throws IOException {
        StateDict sd = switch (detect(file)) {
            case SAFETENSORS -> Safetensors.read(file);
            case NPZ -> Npz.read(file);
            case NPY -> new StateDict().put(stem(file), Npz.readNpy(file));
            case TORCH -> TorchCheckpoint.load(file, options).stateDict();
            case KERAS_H5 -> KerasH5.read(file);
        };
        if (options.toFloat32()) {
            sd = sd.toFloat32();
        }
        checkFinite(sd, file, options.allowNonFinite());
        return sd;
    }

    /**
     * Refuses (or, when {@code allow}, warns about) tensors holding NaN or infinite values and batch-norm
     * {@code running_var} tensors with negative entries: such weights make every prediction NaN without an error.
     */
    public static void checkFinite(StateDict sd, Path file, boolean allow) {
        java.util.List<String> bad = new java.util.ArrayList<>();
        for (java.util.Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
            TensorData t = e.getValue();
            if (!t.dtype().isFloating()) {
                continue;
            }
            float[] v = t.toFloatArray();
            boolean variance = e.getKey().endsWith("running_var");
            int nonFinite = 0;
            int negative = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    nonFinite++;
                } else if (variance && x < 0) {
                    negative++;
                }
            }
            if (nonFinite > 0) {
                bad.add(e.getKey() + " (" + nonFinite + " of " + v.length + " values NaN or infinite)");
            }
            if (negative > 0) {
                bad.add(e.getKey() + " (" + negative + " negative variances)");
            }
        }
        if (bad.isEmpty()) {
            return;
        }
        String list = bad.size() > 5 ? String.join(", ", bad.subList(0, 5)) + " and " + (bad.size() - 5) + " more"
                : String.join(", ", bad);
        if (!allow) {
            throw new WeightFormatException(file, "weights that would make every output NaN: " + list
                    + " (to load them anyway: ReadOptions.withAllowNonFinite(true), -Demn.allowNonFiniteWeights=true"
                    + " or EMN_ALLOW_NON_FINITE_WEIGHTS=1)");
        }
        System.err.println("warning: " + file + ": weights that will make outputs NaN: " + list);
    }

    /** Writes by extension: {@code .safetensors}, or {@code .npz} (stored; see {@link Npz#write} for compressed). */
    public static void write(Path file, StateDict dict) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".safetensors")) {
            Safetensors.write(file, dict);
        } else if (name.endsWith(".npz")) {
            Npz.write(file, dict, false);
        } else {
            throw new IllegalArgumentException(file + ": cannot write weights with this extension; use .safetensors"
                    + " or .npz (PyTorch pickles and .h5 are read-only here)");
        }
    }

    /** The format of a file, from its content. */
    public static Format detect(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new WeightFormatException(file, "is a folder, not a weight file (.safetensors, .npz, .npy, .pth, .h5)");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such weight file");
        }
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        long size = Files.size(file);
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            return zipKind(file);
        }
        if (Npz.isNpy(head)) {
            return Format.NPY;
        }
        if (n >= 8 && java.util.Arrays.equals(java.util.Arrays.copyOf(head, 8), HDF5_MAGIC)) {
            return Format.KERAS_H5;
        }
        if (TorchCheckpoint.isLegacy(head)) {
            return Format.TORCH; // the reader refuses it with a clear message
        }
        if (n >= 9) {
            long len = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (head[8] == '{' || (len >= 0 && len > size - 8)) {
                return Format.SAFETENSORS; // the reader explains a bad header length
            }
        }
        throw new WeightFormatException(file, "unrecognized weight file (" + size + " bytes); supported: safetensors,"
                + " .npz/.npy, PyTorch zip checkpoints (.pth/.pt/.bin), Keras .h5");
    }

    private static Format zipKind(Path file) throws IOException {
        try (ZipFile zip = FileIo.openZip(file)) {
            boolean npy = false;
            for (ZipEntry entry : FileIo.entries(zip, file)) {
                String name = entry.getName();
                if (name.equals("data.pkl") || name.endsWith("/data.pkl")) {
                    return Format.TORCH;
                }
                npy |= name.endsWith(".npy");
            }
            if (npy) {
                return Format.NPZ;
            }
        }
        throw new WeightFormatException(file, "zip archive that is neither a torch.save checkpoint (no data.pkl)"
                + " nor an .npz (no .npy entries)");
    }

    private static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }
}
