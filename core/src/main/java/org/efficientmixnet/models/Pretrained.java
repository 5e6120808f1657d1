package org.efficientmixnet.models;

import ai.djl.Model;
import java.io.IOException;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.InputConvAdapter;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.WeightFiles;

/**
 * Pretrained weights for a network: reading a registry entry's weights (from the Hugging Face hub, timm's weights
 * cached in the Hugging Face layout) and loading weights in timm names into an initialized network. Other input
 * channels get the stem adapted as timm does; another number of classes leaves the classifier as initialized.
 * Every other tensor must fit. Networks are made by {@link Models#create(ModelSpec, boolean)} (default weights) or
 * {@link ModelSpec#create} (any weights, with load reports).
 */
public final class Pretrained {
    private Pretrained() {
    }

    /**
     * The weights of a registry entry, downloaded if not cached, refused before any download when they belong to
     * another architecture than {@code architecture}.
     */
    public static StateDict read(PretrainedConfig pc, String architecture, HubDownloader downloader) throws IOException {
        if (!pc.architecture().equals(architecture)) {
            throw new IllegalArgumentException("weights '" + pc.name() + "' are for " + pc.architecture() + ", not "
                    + architecture);
        }
        return WeightFiles.read(downloader.download(pc));
    }

    /**
     * Loads weights in timm names into an initialized network, adapting the stem to its input channels and
     * leaving a classifier of another size (or none) as initialized; its keys are reported as shape mismatches.
     * Any other mismatch is an error naming the key and both shapes, raised before anything is copied.
     */
    public static LoadReport load(Model model, StateDict weights) {
        Network net = (Network) model.getBlock();
        StateDict sd = weights.toFloat32();
        String stem = net.getChildren().keys().get(0) + ".weight";
        if (sd.contains(stem) && sd.get(stem).shape().length == 4 && sd.get(stem).shape()[1] != net.inChannels()) {
            sd.put(stem, InputConvAdapter.adapt(sd.get(stem), net.inChannels(), stem));
        }
        String head = net.classifierName();
        java.util.List<String> newHead = new java.util.ArrayList<>();
        if (sd.contains(head + ".weight") && (net.classifier() == null
                || sd.get(head + ".weight").shape()[0] != net.classifier().outFeatures())) {
            for (String k : java.util.List.of(head + ".weight", head + ".bias")) {
                if (sd.remove(k) != null) {
                    newHead.add(k);
                }
            }
        }
        LoadReport r = ModelWeights.load(net, sd, ModelWeights.LoadOptions.LENIENT);
        if (newHead.isEmpty()) {
            return r;
        }
        java.util.List<String> missing = new java.util.ArrayList<>(r.missing());
        missing.removeAll(newHead);
        return new LoadReport(r.loaded(), missing, r.unexpected(), newHead, r.ignored());
    }
}
