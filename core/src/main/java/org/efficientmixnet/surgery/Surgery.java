package org.efficientmixnet.surgery;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.weights.InputConvAdapter;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;

/**
 * Applies surgery steps to a network: each step changes the description, the network is rebuilt, and every
 * layer whose name and shape survived gets its weights back (a stem whose input channels changed is adapted
 * as timm does); inserted or reshaped layers keep their fresh initialization, and the load report says which.
 */
public final class Surgery {
    private Surgery() {
    }

    /** The result: the new model, what its weights came from, and one before/after line per step. */
    public record Result(Model model, NetworkConfig config, LoadReport report, List<String> changes) {
    }

    /** The description after all steps, with one before/after summary line each (nothing is built). */
    public static NetworkConfig plan(NetworkConfig c, List<SurgeryStep> steps, List<String> changes) {
        NetworkConfig cur = c;
        for (SurgeryStep s : steps) {
            NetworkConfig next = s.apply(cur);
            if (changes != null) {
                changes.add(line(s, cur, next));
            }
            cur = next;
        }
        Models.checkResolution(cur, cur.resolution());
        return cur;
    }

    static String line(SurgeryStep s, NetworkConfig before, NetworkConfig after) {
        ModelSummary a = summary(before);
        ModelSummary b = summary(after);
        Network nb = Models.build(before);
        Network na = Models.build(after);
        Shape fa = nb.featureShape(Models.inputShape(before, 1, before.resolution()));
        Shape fb = na.featureShape(Models.inputShape(after, 1, after.resolution()));
        return String.format(Locale.ROOT, "%s: features %s → %s, params %s → %s, MACs %s → %s, activations %s → %s",
                s.describe(), fa, fb, ModelSummary.human(a.params()), ModelSummary.human(b.params()),
                ModelSummary.human(a.macs()), ModelSummary.human(b.macs()),
                ModelSummary.bytes(a.activationBytes()), ModelSummary.bytes(b.activationBytes()));
    }

    private static ModelSummary summary(NetworkConfig c) {
        return ModelSummary.of(c.name(), Models.build(c), Models.inputShape(c, 1, c.resolution()));
    }

    /**
     * Builds the changed network and carries the weights of {@code source} (an initialized model of {@code config})
     * over; {@code source} is left as it was.
     */
    public static Result apply(Model source, List<SurgeryStep> steps) {
        Network net = (Network) source.getBlock();
        NetworkConfig config = net.config();
        List<String> changes = new ArrayList<>();
        NetworkConfig after = plan(config, steps, changes);
        StateDict weights = ModelWeights.stateDict(net);
        String stemKey = net.getChildren().keys().get(0) + ".weight";
        if (after.inChannels() != config.inChannels() && weights.contains(stemKey)) {
            weights.put(stemKey, InputConvAdapter.adapt(weights.get(stemKey), after.inChannels(), stemKey));
        }
        Model model = Models.create(after);
        LoadReport report = ModelWeights.load(model.getBlock(), weights, ModelWeights.LoadOptions.PARTIAL);
        return new Result(model, after, report, changes);
    }
}
