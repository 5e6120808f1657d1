package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
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
        return sd;
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
            Enumeration<? extends ZipEntry> en = zip.entries();
            boolean npy = false;
            while (en.hasMoreElements()) {
                String name = en.nextElement().getName();
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
