package org.efficientmixnet.steganalysis;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;

/**
 * A detector's network: an optional {@link SrmStem} and any network of the project. The weights are the network's
 * under timm's names plus the stem's as {@code srm_stem.weight}.
 */
public final class DetectorNet implements AutoCloseable {
    static final String STEM_PREFIX = "srm_stem.";

    private final Model model;
    private final Network net;
    private final SrmStem stem;

    /**
     * @param model an initialized model of the network (its input channels are the stem's outputs when there is a
     *              stem)
     * @param stem  the stem, not yet initialized, or null
     */
    DetectorNet(Model model, SrmStem stem, int inChannels, int resolution) {
        this.model = model;
        this.net = (Network) model.getBlock();
        this.stem = stem;
        if (stem != null) {
            stem.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, inChannels, resolution, resolution));
            stem.resetToSrm();
        }
    }

    public Network network() {
        return net;
    }

    public SrmStem stem() {
        return stem;
    }

    public Model model() {
        return model;
    }

    /** Logits of a batch (N, C, H, W). */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        if (stem == null) {
            return net.forward(ps, x, training);
        }
        NDArray h = stem.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray out = net.forward(ps, h, training);
        h.close();
        return out;
    }

    /** Every parameter by name, the stem's first ({@code srm_stem.weight}). */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        if (stem != null) {
            ModelWeights.namedParameters(stem).forEach((k, v) -> out.put(STEM_PREFIX + k, v));
        }
        out.putAll(ModelWeights.namedParameters(net));
        return out;
    }

    public StateDict stateDict() {
        StateDict sd = new StateDict();
        if (stem != null) {
            ModelWeights.stateDict(stem).asMap().forEach((k, v) -> sd.put(STEM_PREFIX + k, v));
        }
        ModelWeights.stateDict(net).asMap().forEach(sd::put);
        return sd;
    }

    /** Loads every tensor strictly (names and shapes must match). */
    public void load(StateDict sd) {
        StateDict netPart = sd.renamed(k -> k.startsWith(STEM_PREFIX) ? null : k);
        ModelWeights.load(net, netPart, ModelWeights.LoadOptions.STRICT);
        if (stem != null) {
            StateDict stemPart = sd.renamed(k -> k.startsWith(STEM_PREFIX) ? k.substring(STEM_PREFIX.length()) : null);
            ModelWeights.load(stem, stemPart, ModelWeights.LoadOptions.STRICT);
        } else if (sd.keys().stream().anyMatch(k -> k.startsWith(STEM_PREFIX))) {
            throw new IllegalArgumentException("the weights have an SRM stem but the detector has none");
        }
    }

    /** The blocks whose parameters an optimizer state is kept for, with their name prefixes. */
    List<Map.Entry<String, ai.djl.nn.Block>> blocks() {
        return stem == null ? List.of(Map.entry("", net)) : List.of(Map.entry(STEM_PREFIX, stem), Map.entry("", net));
    }

    @Override
    public void close() {
        model.close();
    }
}
