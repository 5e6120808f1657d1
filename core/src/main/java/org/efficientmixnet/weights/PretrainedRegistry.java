package org.efficientmixnet.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pretrained weights known by name: timm's tagged names ({@code efficientnet_b0.ra_in1k}) and, for each
 * architecture, its default tag (the first one timm lists) under the bare name ({@code efficientnet_b0}). All
 * point at timm's Hugging Face repositories and their {@code model.safetensors}. Facts (input sizes, crop
 * percentages, interpolation, normalization) are taken from timm's {@code default_cfgs}.
 */
public final class PretrainedRegistry {
    private static final Map<String, PretrainedConfig> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> DEFAULT_TAG = new LinkedHashMap<>();
    private static final String FILE = "model.safetensors";

    private PretrainedRegistry() {
    }

    private static void add(String name, int size, double crop, String cropMode, String interp, double[] mean, double[] std) {
        PretrainedConfig c = new PretrainedConfig(name, "timm/" + name, FILE, new int[] {3, size, size}, crop, cropMode,
                interp, mean, std, 1000);
        BY_NAME.put(name, c);
        DEFAULT_TAG.putIfAbsent(c.architecture(), name);
    }

    private static void add(String name, int size, double crop, String interp, double[] mean, double[] std) {
        add(name, size, crop, "center", interp, mean, std);
    }

    private static void imagenet(String name, int size, double crop) {
        add(name, size, crop, "bicubic", PretrainedConfig.IMAGENET_MEAN, PretrainedConfig.IMAGENET_STD);
    }

    static {
        double[] im = PretrainedConfig.IMAGENET_MEAN;
        double[] is = PretrainedConfig.IMAGENET_STD;
        double[] in = PretrainedConfig.INCEPTION_MEAN;
        double[] ins = PretrainedConfig.INCEPTION_STD;
        // timm-trained EfficientNets (the first tag per architecture is timm's default)
        imagenet("efficientnet_b0.ra_in1k", 224, 0.875);
        add("efficientnet_b0.ra4_e3600_r224_in1k", 224, 0.9, "bicubic", in, ins);
        add("efficientnet_b1.ra4_e3600_r240_in1k", 240, 0.9, "bicubic", in, ins);
        imagenet("efficientnet_b1.ft_in1k", 224, 0.875);
        imagenet("efficientnet_b2.ra_in1k", 256, 0.875);
        imagenet("efficientnet_b3.ra2_in1k", 288, 0.875);
        imagenet("efficientnet_b4.ra2_in1k", 320, 0.875);
        add("efficientnet_b5.sw_in12k_ft_in1k", 448, 1.0, "squash", "bicubic", im, is);
        imagenet("efficientnet_lite0.ra_in1k", 224, 0.875);
        // TensorFlow ports: sizes and crops per scale
        int[] sizes = {224, 240, 260, 300, 380, 456, 528, 600};
        double[] crops = {0.875, 0.882, 0.890, 0.904, 0.922, 0.934, 0.942, 0.949};
        for (int b = 0; b < 8; b++) {
            imagenet("tf_efficientnet_b" + b + ".ns_jft_in1k", sizes[b], crops[b]);
        }
        for (int b = 0; b < 8; b++) {
            imagenet("tf_efficientnet_b" + b + ".aa_in1k", sizes[b], crops[b]);
        }
        for (int b = 0; b < 8; b++) {
            add("tf_efficientnet_b" + b + ".ap_in1k", sizes[b], crops[b], "bicubic", in, ins);
        }
        for (int b = 0; b < 6; b++) {
            imagenet("tf_efficientnet_b" + b + ".in1k", sizes[b], crops[b]);
        }
        int[] liteSizes = {224, 240, 260, 300, 380};
        double[] liteCrops = {0.875, 0.882, 0.890, 0.904, 0.920};
        for (int i = 0; i < 5; i++) {
            add("tf_efficientnet_lite" + i + ".in1k", liteSizes[i], liteCrops[i], i < 3 ? "bicubic" : "bilinear", in, ins);
        }
        for (String m : new String[] {"mixnet_s.ft_in1k", "mixnet_m.ft_in1k", "mixnet_l.ft_in1k", "mixnet_xl.ra_in1k",
                "tf_mixnet_s.in1k", "tf_mixnet_m.in1k", "tf_mixnet_l.in1k"}) {
            imagenet(m, 224, 0.875);
        }
        // ResNets: timm's RSB recipe (a1) first, torchvision's originals as tv_in1k
        for (String r : new String[] {"resnet18", "resnet34", "resnet50"}) {
            imagenet(r + ".a1_in1k", 224, 0.95);
        }
        for (String r : new String[] {"resnet18", "resnet34", "resnet50"}) {
            add(r + ".tv_in1k", 224, 0.875, "bilinear", im, is);
        }
    }

    /**
     * The config for a tagged name ({@code tf_efficientnet_b3.ns_jft_in1k}) or a bare architecture, which means
     * its default tag.
     *
     * @throws IllegalArgumentException naming the known architectures when there is no such entry
     */
    public static PretrainedConfig get(String name) {
        PretrainedConfig c = BY_NAME.get(name);
        if (c == null && DEFAULT_TAG.containsKey(name)) {
            c = BY_NAME.get(DEFAULT_TAG.get(name));
        }
        if (c == null) {
            throw new IllegalArgumentException("no pretrained weights known for '" + name + "'; known: "
                    + String.join(", ", DEFAULT_TAG.keySet()) + " (add .tag for another tag, see names())");
        }
        return c;
    }

    /** Whether {@link #get} knows the name. */
    public static boolean contains(String name) {
        return BY_NAME.containsKey(name) || DEFAULT_TAG.containsKey(name);
    }

    /** Every tagged name, in timm's order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.keySet()));
    }

    /** Every architecture with weights, each mapped to its default tagged name. */
    public static Map<String, String> defaults() {
        return Collections.unmodifiableMap(DEFAULT_TAG);
    }
}
