package org.efficientmixnet.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;

/**
 * Variants of a network side by side: parameters, MACs at a resolution, and the memory one training step
 * needs at a batch size. Memory = the activations kept for the backward pass ({@link ModelSummary}) plus
 * 4 bytes per parameter for the weights, their gradients and each optimizer state slot (SGD with momentum
 * keeps 1, Adam/AdamW/RAdam 2, plain SGD 0). It leaves out the engine's own workspace and the runtime, so a
 * measured peak resident size is higher by a roughly constant amount (see the README for one comparison).
 */
public final class CostReport {
    /** One variant's costs. */
    public record Entry(String variant, long params, long macs, long activationBytes, long stateBytes) {
        public long trainingBytes() {
            return activationBytes + stateBytes;
        }
    }

    private final int resolution;
    private final int batch;
    private final String optimizer;
    private final List<Entry> entries = new ArrayList<>();

    public CostReport(int resolution, int batch, String optimizer) {
        this.resolution = resolution;
        this.batch = batch;
        this.optimizer = optimizer;
        optimizerSlots(optimizer);
    }

    /** State tensors an optimizer keeps per parameter. */
    public static int optimizerSlots(String optimizer) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "none", "sgd-nomomentum" -> 0;
            case "sgd" -> 1;
            case "adam", "adamw", "radam" -> 2;
            case "radam+lookahead", "adamw+lookahead" -> 3;
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer
                    + "'; expected sgd, adam, adamw, radam, radam+lookahead or none");
        };
    }

    public Entry add(String variant, NetworkConfig config) {
        Models.checkResolution(config, resolution);
        Network net = Models.build(config);
        ModelSummary s = ModelSummary.of(variant, net, Models.inputShape(config, batch, resolution));
        long state = s.params() * 4L * (2 + optimizerSlots(optimizer));
        Entry e = new Entry(variant, s.params(), s.macs(), s.activationBytes(), state);
        entries.add(e);
        return e;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int resolution() { return resolution; }
    public int batch() { return batch; }
    public String optimizer() { return optimizer; }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "cost at %d×%d, training batch %d, optimizer %s%n", resolution, resolution,
                batch, optimizer));
        String fmt = "%-44s %14s %12s %14s %14s%n";
        sb.append(String.format(Locale.ROOT, fmt, "variant", "params", "MACs/image", "activations", "train step"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, fmt, e.variant(), String.format(Locale.ROOT, "%,d", e.params()),
                    ModelSummary.human(e.macs()), ModelSummary.bytes(e.activationBytes()), ModelSummary.bytes(e.trainingBytes())));
        }
        return sb.toString();
    }
}
