package org.efficientmixnet.stego.ensemble;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.io.FileFormatException;

/**
 * A trained ensemble of {@link FldLearner}s (Kodovský, Fridrich, Holub, "Ensemble classifiers for steganalysis of
 * digital media", IEEE TIFS 7(2), 2012): each learner votes sign(projection); the decision is the majority, ties
 * broken by a fixed-seed coin (as sealwatch's {@code EnsembleClassifier.predict}).
 *
 * @param dimension the feature dimension it was trained on
 * @param learners  the base learners, all with the same subspace dimension
 */
public record FldEnsemble(int dimension, List<FldLearner> learners) {
    private static final int MAGIC = 0x454d4e46; // "EMNF"
    private static final int VERSION = 1;
    /** Limits checked when reading a file. */
    static final int MAX_DIMENSION = 1 << 20;
    static final int MAX_LEARNERS = 100_000;

    public FldEnsemble {
        learners = List.copyOf(learners);
        if (learners.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one learner");
        }
    }

    /** The subspace dimension of the learners. */
    public int subspaceDimension() {
        return learners.get(0).subspace().length;
    }

    /** The sum of the learners' votes (each −1, 0 or +1): positive means stego. */
    public int votes(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(x.length + " features, the ensemble was trained on " + dimension);
        }
        int v = 0;
        for (FldLearner l : learners) {
            v += (int) Math.signum(l.project(x));
        }
        return v;
    }

    /** The votes divided by the number of learners, in [−1, 1] (sealwatch's predict_confidence). */
    public double confidence(double[] x) {
        return (double) votes(x) / learners.size();
    }

    /** The decisions (+1 stego, −1 cover) for many samples; ties go to a coin drawn from MT19937(6020) in order. */
    public int[] predict(double[][] x) {
        int[] v = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = votes(x[i]);
        }
        MersenneTwister ties = new MersenneTwister(6020);
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                v[i] = ties.rand() - 0.5 >= 0 ? 1 : -1;
            }
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] > 0 ? 1 : -1;
        }
        return v;
    }

    /** Writes the ensemble (binary, big-endian) through a temporary file. */
    public void write(Path file) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(dimension);
                out.writeInt(learners.size());
                out.writeInt(subspaceDimension());
                for (FldLearner l : learners) {
                    for (int s : l.subspace()) {
                        out.writeInt(s);
                    }
                    for (double w : l.w()) {
                        out.writeDouble(w);
                    }
                    out.writeDouble(l.b());
                }
            }
        });
    }

    /** Reads a file written by {@link #write}; sizes are checked against the file length before allocation. */
    public static FldEnsemble read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (size < 20 || in.readInt() != MAGIC) {
                throw new FileFormatException(file, "not an EfficientMixNet FLD ensemble (magic EMNF expected)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new FileFormatException(file, "ensemble format version " + version + ", " + VERSION + " expected");
            }
            int dim = in.readInt();
            int count = in.readInt();
            int dSub = in.readInt();
            if (dim < 1 || dim > MAX_DIMENSION || count < 1 || count > MAX_LEARNERS || dSub < 1 || dSub > dim) {
                throw new FileFormatException(file, "header dimension " + dim + ", learners " + count + ", d_sub " + dSub
                        + " out of range");
            }
            long need = 20 + (long) count * (dSub * 12L + 8);
            if (need != size) {
                throw new FileFormatException(file, "size " + size + " bytes, the header implies " + need);
            }
            List<FldLearner> ls = new ArrayList<>(count);
            for (int l = 0; l < count; l++) {
                int[] sub = new int[dSub];
                for (int i = 0; i < dSub; i++) {
                    sub[i] = in.readInt();
                    if (sub[i] < 0 || sub[i] >= dim) {
                        throw new FileFormatException(file, "learner " + l + " feature index " + sub[i] + " outside 0…" + (dim - 1));
                    }
                }
                double[] w = new double[dSub];
                for (int i = 0; i < dSub; i++) {
                    w[i] = in.readDouble();
                }
                double b = in.readDouble();
                ls.add(new FldLearner(sub, w, b));
            }
            return new FldEnsemble(dim, ls);
        } catch (java.io.EOFException e) {
            throw new FileFormatException(file, "truncated", e);
        }
    }
}
