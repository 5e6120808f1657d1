package org.efficientmixnet.arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one registry of named networks, spelled as timm spells them: the EfficientNet family (with timm's rules
 * for each) and the ResNets. The {@code tf_} twins differ only in TensorFlow "SAME" padding and batch-norm
 * epsilon 1e-3, which their ported weights need. {@link #get} also takes a block-string architecture
 * ({@code "ds_r1_k3_s1_c16;ir_r2_k3_s2_e6_c24"}): a custom network with the family's defaults.
 */
public final class Presets {
    private static final Map<String, Supplier<? extends NetworkConfig>> PRESETS = new LinkedHashMap<>();

    private static final String[] EFFICIENTNET = {
        "ds_r1_k3_s1_e1_c16_se0.25",
        "ir_r2_k3_s2_e6_c24_se0.25",
        "ir_r2_k5_s2_e6_c40_se0.25",
        "ir_r3_k3_s2_e6_c80_se0.25",
        "ir_r3_k5_s1_e6_c112_se0.25",
        "ir_r4_k5_s2_e6_c192_se0.25",
        "ir_r1_k3_s1_e6_c320_se0.25",
    };

    private static final String[] EFFICIENTNET_LITE = {
        "ds_r1_k3_s1_e1_c16",
        "ir_r2_k3_s2_e6_c24",
        "ir_r2_k5_s2_e6_c40",
        "ir_r3_k3_s2_e6_c80",
        "ir_r3_k5_s1_e6_c112",
        "ir_r4_k5_s2_e6_c192",
        "ir_r1_k3_s1_e6_c320",
    };

    private static final String[][] MIXNET_S = {
        {"ds_r1_k3_s1_e1_c16"},
        {"ir_r1_k3_a1.1_p1.1_s2_e6_c24", "ir_r1_k3_a1.1_p1.1_s1_e3_c24"},
        {"ir_r1_k3.5.7_s2_e6_c40_se0.5_nsw", "ir_r3_k3.5_a1.1_p1.1_s1_e6_c40_se0.5_nsw"},
        {"ir_r1_k3.5.7_p1.1_s2_e6_c80_se0.25_nsw", "ir_r2_k3.5_p1.1_s1_e6_c80_se0.25_nsw"},
        {"ir_r1_k3.5.7_a1.1_p1.1_s1_e6_c120_se0.5_nsw", "ir_r2_k3.5.7.9_a1.1_p1.1_s1_e3_c120_se0.5_nsw"},
        {"ir_r1_k3.5.7.9.11_s2_e6_c200_se0.5_nsw", "ir_r2_k3.5.7.9_p1.1_s1_e6_c200_se0.5_nsw"},
    };

    private static final String[][] MIXNET_M = {
        {"ds_r1_k3_s1_e1_c24"},
        {"ir_r1_k3.5.7_a1.1_p1.1_s2_e6_c32", "ir_r1_k3_a1.1_p1.1_s1_e3_c32"},
        {"ir_r1_k3.5.7.9_s2_e6_c40_se0.5_nsw", "ir_r3_k3.5_a1.1_p1.1_s1_e6_c40_se0.5_nsw"},
        {"ir_r1_k3.5.7_s2_e6_c80_se0.25_nsw", "ir_r3_k3.5.7.9_a1.1_p1.1_s1_e6_c80_se0.25_nsw"},
        {"ir_r1_k3_s1_e6_c120_se0.5_nsw", "ir_r3_k3.5.7.9_a1.1_p1.1_s1_e3_c120_se0.5_nsw"},
        {"ir_r1_k3.5.7.9_s2_e6_c200_se0.5_nsw", "ir_r3_k3.5.7.9_p1.1_s1_e6_c200_se0.5_nsw"},
    };

    static {
        // name: width, depth, resolution, dropout (Tan & Le 2019, and timm's b8 / l2)
        Object[][] effnet = {
            {"b0", 1.0, 1.0, 224, 0.2}, {"b1", 1.0, 1.1, 240, 0.2}, {"b2", 1.1, 1.2, 260, 0.3},
            {"b3", 1.2, 1.4, 300, 0.3}, {"b4", 1.4, 1.8, 380, 0.4}, {"b5", 1.6, 2.2, 456, 0.4},
            {"b6", 1.8, 2.6, 528, 0.5}, {"b7", 2.0, 3.1, 600, 0.5}, {"b8", 2.2, 3.6, 672, 0.5},
            {"l2", 4.3, 5.3, 800, 0.5},
        };
        registerScaled(effnet, Presets::efficientnet);
        Object[][] lite = {
            {"lite0", 1.0, 1.0, 224, 0.2}, {"lite1", 1.0, 1.1, 240, 0.2}, {"lite2", 1.1, 1.2, 260, 0.3},
            {"lite3", 1.2, 1.4, 280, 0.3}, {"lite4", 1.4, 1.8, 300, 0.3},
        };
        registerScaled(lite, Presets::lite);
        register("mixnet_s", () -> mixnetS("mixnet_s").build());
        register("mixnet_m", () -> mixnetM("mixnet_m", 1.0, 1.0).build());
        register("mixnet_l", () -> mixnetM("mixnet_l", 1.3, 1.0).build());
        register("mixnet_xl", () -> mixnetM("mixnet_xl", 1.6, 1.2).build());
        register("tf_mixnet_s", () -> tf(mixnetS("tf_mixnet_s")).build());
        register("tf_mixnet_m", () -> tf(mixnetM("tf_mixnet_m", 1.0, 1.0)).build());
        register("tf_mixnet_l", () -> tf(mixnetM("tf_mixnet_l", 1.3, 1.0)).build());
    }

    static {
        register("resnet18", () -> ResNetConfig.of("resnet18", false, List.of(2, 2, 2, 2), 0));
        register("resnet34", () -> ResNetConfig.of("resnet34", false, List.of(3, 4, 6, 3), 0));
        register("resnet50", () -> ResNetConfig.of("resnet50", true, List.of(3, 4, 6, 3), 0));
        register("seresnet18", () -> ResNetConfig.of("seresnet18", false, List.of(2, 2, 2, 2), 16));
    }

    private Presets() {
    }

    private static void register(String name, Supplier<? extends NetworkConfig> s) {
        PRESETS.put(name, s);
    }

    /** A compound-scaled family's generator: name, width, depth, resolution, dropout. */
    private interface Scaled {
        EfficientNetConfig.Builder make(String name, double width, double depth, int resolution, double drop);
    }

    /** Registers each row {variant, width, depth, resolution, dropout} as efficientnet_VARIANT and its tf_ twin. */
    private static void registerScaled(Object[][] rows, Scaled family) {
        for (Object[] e : rows) {
            String v = (String) e[0];
            double w = (Double) e[1];
            double d = (Double) e[2];
            int res = (Integer) e[3];
            double drop = (Double) e[4];
            register("efficientnet_" + v, () -> family.make("efficientnet_" + v, w, d, res, drop).build());
            register("tf_efficientnet_" + v, () -> tf(family.make("tf_efficientnet_" + v, w, d, res, drop)).build());
        }
    }

    private static List<List<BlockSpec>> stages(String[] oneBlockPerStage) {
        List<List<BlockSpec>> out = new ArrayList<>();
        for (String s : oneBlockPerStage) {
            out.add(List.of(BlockStrings.parse(s)));
        }
        return out;
    }

    private static List<List<BlockSpec>> stages(String[][] defs) {
        List<List<BlockSpec>> out = new ArrayList<>();
        for (String[] st : defs) {
            out.add(java.util.Arrays.stream(st).map(BlockStrings::parse).toList());
        }
        return out;
    }

    private static EfficientNetConfig.Builder efficientnet(String name, double w, double d, int res, double drop) {
        return EfficientNetConfig.builder(name, stages(EFFICIENTNET))
                .widthMultiplier(w).depthMultiplier(d)
                .stemSize(32)
                .resolution(res).dropRate(drop);
    }

    private static EfficientNetConfig.Builder lite(String name, double w, double d, int res, double drop) {
        return EfficientNetConfig.builder(name, stages(EFFICIENTNET_LITE))
                .widthMultiplier(w).depthMultiplier(d)
                .fixFirstLast(true)
                .stemSize(32).fixStem(true)
                .headChannels(1280)
                .activation(ActivationType.RELU6)
                .resolution(res).dropRate(drop);
    }

    private static EfficientNetConfig.Builder mixnetS(String name) {
        return EfficientNetConfig.builder(name, stages(MIXNET_S))
                .stemSize(16)
                .headChannels(1536)
                .activation(ActivationType.RELU)
                .resolution(224);
    }

    private static EfficientNetConfig.Builder mixnetM(String name, double w, double d) {
        return EfficientNetConfig.builder(name, stages(MIXNET_M))
                .widthMultiplier(w).depthMultiplier(d).depthTrunc(Scaling.DepthTrunc.ROUND)
                .stemSize(24)
                .headChannels(1536)
                .activation(ActivationType.RELU)
                .resolution(224);
    }

    private static EfficientNetConfig.Builder tf(EfficientNetConfig.Builder b) {
        return b.bnEps(1e-3).padding(Padding.SAME);
    }

    /** Every registered name: the EfficientNet family, then the ResNets. */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(PRESETS.keySet());
    }

    /** The registered EfficientNet-family names (every name but the ResNets). */
    public static List<String> efficientNetNames() {
        return PRESETS.keySet().stream().filter(n -> !n.contains("resnet")).toList();
    }

    /** Whether {@code name} is a registered network. */
    public static boolean exists(String name) {
        return PRESETS.containsKey(name);
    }

    /**
     * Any network by name: a registered one, or a block-string architecture (a custom EfficientNet-family network
     * named "custom", with the family's defaults); an unknown name is an error that suggests the closest names.
     */
    public static NetworkConfig get(String name) {
        Supplier<? extends NetworkConfig> s = name == null ? null : PRESETS.get(name);
        if (s != null) {
            return s.get();
        }
        if (name != null && looksLikeBlocks(name)) {
            return EfficientNetConfig.builder("custom", BlockStrings.parseArch(name)).build();
        }
        throw new IllegalArgumentException("unknown model '" + name + "'; did you mean "
                + String.join(", ", closest(name, 3)) + "? (`emn models` lists all " + PRESETS.size() + ")");
    }

    /** An EfficientNet-family network by name (as {@link #get}); a ResNet's name is an error saying what it is. */
    public static EfficientNetConfig efficientNet(String name) {
        NetworkConfig c = get(name);
        if (c instanceof EfficientNetConfig e) {
            return e;
        }
        throw new IllegalArgumentException("model '" + name + "' is a ResNet, not an EfficientNet-family network");
    }

    /** A block string starts with a block type and its options ({@code ir_r2_…}), never a registered name. */
    private static boolean looksLikeBlocks(String name) {
        int u = name.indexOf('_');
        return u > 0 && BlockType.fromPrefix(name.substring(0, u).trim()) != null && name.substring(u).startsWith("_r")
                || name.trim().matches("r\\d+_.*");
    }

    /** The {@code n} preset names nearest to {@code name} by edit distance. */
    public static List<String> closest(String name, int n) {
        String q = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        return PRESETS.keySet().stream()
                .sorted(Comparator.comparingInt((String k) -> editDistance(q, k)).thenComparing(k -> k))
                .limit(n)
                .toList();
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
