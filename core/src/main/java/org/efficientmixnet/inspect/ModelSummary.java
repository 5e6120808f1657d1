package org.efficientmixnet.inspect;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.Norm2d;

/**
 * Per-layer output shapes, parameters and multiply-accumulates of a network at a given input, with totals and
 * the activation memory a training step keeps. Computed from shapes alone: nothing runs and no engine is needed.
 *
 * <p>Activation memory: the backward pass needs the output of every convolution, normalization and linear
 * layer, and every normalization's output is followed by an activation or a residual sum whose output is kept
 * too; so we count each leaf layer's output once and each normalization's output twice, plus the input,
 * times the batch and 4 bytes (float32). Parameters, gradients and optimizer state are reported apart by
 * the cost report.
 */
public final class ModelSummary {
    /** One layer: its PyTorch path, class, output shape, parameters and MACs (its own and its children's). */
    public record Row(String name, String type, long[] output, long params, long macs, int depth, boolean leaf) {
    }

    private final String model;
    private final long[] input;
    private final List<Row> rows = new ArrayList<>();
    private long macs;
    private long activationElements;
    private final long params;
    private final long trainable;
    private final long[] output;

    private ModelSummary(String model, Layer net, Shape input) {
        this.model = model;
        this.input = input.getShape();
        Shape out = walk("", net, input, 0);
        this.output = out.getShape();
        this.params = Models.countParameters(net);
        this.trainable = Models.countTrainable(net);
        activationElements += input.size();
    }

    /** Summarizes {@code net} (built, initialized or not) for an input of shape {@code input} (NCHW). */
    public static ModelSummary of(String model, Layer net, Shape input) {
        return new ModelSummary(model, net, input);
    }

    private Shape walk(String name, Block b, Shape in, int depth) {
        int index = rows.size();
        rows.add(null);
        long before = macs;
        Shape out;
        boolean leaf = b.getChildren().isEmpty();
        if (b instanceof Layer l) {
            out = l.trace(in, (child, block, cin) -> walk(name.isEmpty() ? child : name + "." + child, block, cin, depth + 1));
            macs += l.macs(in);
        } else {
            out = b.getOutputShapes(new Shape[] {in})[0];
        }
        if (leaf) {
            activationElements += out.size() * (b instanceof Norm2d ? 2 : 1);
        }
        rows.set(index, new Row(name.isEmpty() ? "(model)" : name, b.getClass().getSimpleName(), out.getShape(),
                countParams(b), macs - before, depth, leaf));
        return out;
    }

    private static long countParams(Block b) {
        long n = 0;
        for (Parameter p : b.getParameters().values()) {
            if (!Models.isBuffer(p)) {
                n += p.getShape().size();
            }
        }
        return n;
    }

    public String model() { return model; }
    public long[] input() { return input.clone(); }
    public long[] output() { return output.clone(); }
    public List<Row> rows() { return List.copyOf(rows); }
    public long params() { return params; }
    public long trainable() { return trainable; }
    public long frozen() { return params - trainable; }
    /** Multiply-accumulates of one forward pass for one image (independent of the batch). */
    public long macs() { return macs; }
    /** Bytes of activations a training step keeps for the backward pass (float32), for the input's batch. */
    public long activationBytes() { return activationElements * 4; }

    static String shape(long[] s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i]);
        }
        return sb.append(')').toString();
    }

    public static String human(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fK", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    public static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }

    /** A table of the layers down to {@code maxDepth} levels (1 = top-level, 3 = each block), then the totals. */
    public String toText(int maxDepth) {
        StringBuilder sb = new StringBuilder();
        sb.append(model).append("  input ").append(shape(input)).append('\n');
        String fmt = "%-34s %-30s %-22s %12s %10s%n";
        sb.append(String.format(Locale.ROOT, fmt, "layer", "type", "output", "params", "MACs"));
        for (Row r : rows) {
            if (r.depth() == 0 || r.depth() > maxDepth) {
                continue;
            }
            String indent = "  ".repeat(r.depth() - 1);
            sb.append(String.format(Locale.ROOT, fmt, indent + r.name(), r.type(), shape(r.output()),
                    String.format(Locale.ROOT, "%,d", r.params()), human(r.macs())));
        }
        sb.append(String.format(Locale.ROOT, "params: %,d (trainable %,d, frozen %,d)%n", params, trainable, frozen()));
        sb.append(String.format(Locale.ROOT, "MACs per image: %s (%,d) at %d×%d%n", human(macs), macs, input[2], input[3]));
        sb.append(String.format(Locale.ROOT, "training-step activation memory at batch %d: %s%n", input[0],
                bytes(activationBytes())));
        return sb.toString();
    }

    public JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        JsonArray in = new JsonArray();
        for (long d : input) {
            in.add(d);
        }
        o.add("input", in);
        o.addProperty("params", params);
        o.addProperty("trainable", trainable);
        o.addProperty("frozen", frozen());
        o.addProperty("macs", macs);
        o.addProperty("activation_bytes", activationBytes());
        JsonArray layers = new JsonArray();
        for (Row r : rows) {
            if (r.depth() == 0) {
                continue;
            }
            JsonObject l = new JsonObject();
            l.addProperty("name", r.name());
            l.addProperty("type", r.type());
            JsonArray s = new JsonArray();
            for (long d : r.output()) {
                s.add(d);
            }
            l.add("output", s);
            l.addProperty("params", r.params());
            l.addProperty("macs", r.macs());
            l.addProperty("leaf", r.leaf());
            layers.add(l);
        }
        o.add("layers", layers);
        return o;
    }

    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().create().toJson(toJsonObject());
    }
}
