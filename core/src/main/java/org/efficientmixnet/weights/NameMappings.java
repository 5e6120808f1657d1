package org.efficientmixnet.weights;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key renamings from other projects' state-dict layouts to timm's, which our models mirror. Each mapping is a
 * {@code String -> String} function for {@link StateDict#renamed}: {@code null} drops a key
 * ({@code num_batches_tracked}, which our models do not keep); a key the mapping does not recognize passes through
 * unchanged, so the load report lists it as unexpected instead of it vanishing silently.
 *
 * <p>timm's EfficientNet blocks: stage 0 of the B-series is DepthwiseSeparable ({@code conv_dw, bn1, se, conv_pw,
 * bn2}), later stages InvertedResidual ({@code conv_pw, bn1, conv_dw, bn2, se, conv_pwl, bn3}); the squeeze-excite
 * convs are {@code se.conv_reduce} and {@code se.conv_expand}.
 */
public final class NameMappings {
    private static final String NBT = "num_batches_tracked";

    private NameMappings() {
    }

    private static boolean dropped(String key) {
        return key.endsWith("." + NBT) || key.equals(NBT);
    }

    /** timm's own keys: unchanged except {@code num_batches_tracked}, which is dropped. */
    public static Function<String, String> timm() {
        return k -> dropped(k) ? null : k;
    }

    /**
     * torchvision's ResNet: its keys ({@code conv1, bn1, layer1.0.conv1, …, layerN.0.downsample.0/1, fc}) are
     * exactly timm's {@code resnet*} keys, so only {@code num_batches_tracked} is dropped.
     */
    public static Function<String, String> torchvisionResNet() {
        return timm();
    }

    private static final Pattern TV_BLOCK = Pattern.compile("features\\.(\\d+)\\.(\\d+)\\.block\\.(\\d+)\\.(.+)");
    private static final Pattern TV_TOP = Pattern.compile("features\\.(\\d+)\\.([01])\\.(.+)");

    /**
     * torchvision's EfficientNet (B0–B7) assuming the B-series layout: blocks of {@code features.1} (stage 0)
     * have no expansion conv, all later ones do, and {@code features.8} is the head.
     */
    public static Function<String, String> torchvisionEfficientNet() {
        return torchvisionEfficientNet(stage -> stage == 0, 8);
    }

    /**
     * torchvision's EfficientNet, reading from the keys themselves which blocks expand (their
     * {@code block} list has four entries: expand, depthwise, SE, project) and which {@code features.N} is the
     * head. Use this for width/depth variants whose stage 0 might expand.
     */
    public static Function<String, String> torchvisionEfficientNet(Set<String> keys) {
        Map<String, Integer> maxIndex = new HashMap<>();
        int head = 0;
        for (String k : keys) {
            Matcher m = TV_BLOCK.matcher(k);
            if (m.matches()) {
                maxIndex.merge(m.group(1) + "." + m.group(2), Integer.parseInt(m.group(3)), Math::max);
            } else {
                Matcher t = TV_TOP.matcher(k);
                if (t.matches()) {
                    head = Math.max(head, Integer.parseInt(t.group(1)));
                }
            }
        }
        int headIndex = head;
        Function<String, String> byStage = torchvisionEfficientNet(stage -> false, headIndex);
        Function<String, String> dsStage = torchvisionEfficientNet(stage -> true, headIndex);
        return k -> {
            Matcher m = TV_BLOCK.matcher(k);
            if (m.matches()) {
                Integer max = maxIndex.get(m.group(1) + "." + m.group(2));
                return (max != null && max >= 3 ? byStage : dsStage).apply(k);
            }
            return byStage.apply(k);
        };
    }

    private static Function<String, String> torchvisionEfficientNet(java.util.function.IntPredicate depthwiseSeparable,
                                                                     int headIndex) {
        return k -> {
            if (dropped(k)) {
                return null;
            }
            Matcher m = TV_BLOCK.matcher(k);
            if (m.matches()) {
                int stage = Integer.parseInt(m.group(1)) - 1;
                String block = m.group(2);
                int part = Integer.parseInt(m.group(3));
                String rest = m.group(4);
                boolean ds = depthwiseSeparable.test(stage);
                String[] parts = ds
                        ? new String[] {"conv_dw", "bn1", "se", "conv_pw", "bn2"}
                        : new String[] {"conv_pw", "bn1", "conv_dw", "bn2", "se", "conv_pwl", "bn3"};
                // torchvision part index -> position of its conv in the list above (se has no conv/bn pair)
                int[] convAt = ds ? new int[] {0, 2, 3} : new int[] {0, 2, 4, 5};
                if (part >= convAt.length) {
                    return k;
                }
                int at = convAt[part];
                String name;
                if (parts[at].equals("se")) {
                    if (rest.startsWith("fc1.")) {
                        name = "se.conv_reduce." + rest.substring(4);
                    } else if (rest.startsWith("fc2.")) {
                        name = "se.conv_expand." + rest.substring(4);
                    } else {
                        return k;
                    }
                } else if (rest.startsWith("0.")) {
                    name = parts[at] + "." + rest.substring(2);
                } else if (rest.startsWith("1.")) {
                    name = parts[at + 1] + "." + rest.substring(2);
                } else {
                    return k;
                }
                return "blocks." + stage + "." + block + "." + name;
            }
            Matcher t = TV_TOP.matcher(k);
            if (t.matches()) {
                int f = Integer.parseInt(t.group(1));
                boolean conv = t.group(2).equals("0");
                if (f == 0) {
                    return (conv ? "conv_stem." : "bn1.") + t.group(3);
                }
                if (f == headIndex) {
                    return (conv ? "conv_head." : "bn2.") + t.group(3);
                }
                return k;
            }
            if (k.startsWith("classifier.1.")) {
                return "classifier." + k.substring("classifier.1.".length());
            }
            return k;
        };
    }

    private static final Pattern LM_BLOCK = Pattern.compile("_blocks\\.(\\d+)\\.(_[a-z0-9_]+)\\.(.+)");

    /**
     * lukemelas' EfficientNet-PyTorch ({@code _conv_stem, _bn0, _blocks.N.…, _conv_head, _bn1, _fc}). Its blocks
     * are numbered globally, so the per-stage block counts (after depth scaling; B0: 1, 2, 2, 3, 3, 4, 1) place
     * {@code _blocks.N} at {@code blocks.S.B}. Blocks of stage 0 are DepthwiseSeparable.
     */
    public static Function<String, String> lukemelasEfficientNet(int... stageDepths) {
        return lukemelasEfficientNet(stageDepths, null);
    }

    /**
     * As {@link #lukemelasEfficientNet(int...)}, but a block is InvertedResidual exactly when {@code keys} holds
     * its {@code _expand_conv} (null keys: stage 0 is DepthwiseSeparable, the rest InvertedResidual).
     */
    public static Function<String, String> lukemelasEfficientNet(int[] stageDepths, Set<String> keys) {
        int total = Arrays.stream(stageDepths).sum();
        int[] stageOf = new int[total];
        int[] indexOf = new int[total];
        int n = 0;
        for (int s = 0; s < stageDepths.length; s++) {
            for (int b = 0; b < stageDepths[s]; b++, n++) {
                stageOf[n] = s;
                indexOf[n] = b;
            }
        }
        return k -> {
            if (dropped(k)) {
                return null;
            }
            Matcher m = LM_BLOCK.matcher(k);
            if (m.matches()) {
                int g = Integer.parseInt(m.group(1));
                if (g >= total) {
                    throw new IllegalArgumentException("key '" + k + "' names block " + g + " but the stage depths "
                            + Arrays.toString(stageDepths) + " hold only " + total + " blocks");
                }
                boolean expands = keys == null ? stageOf[g] > 0
                        : keys.stream().anyMatch(x -> x.startsWith("_blocks." + g + "._expand_conv."));
                String name = switch (m.group(2)) {
                    case "_expand_conv" -> "conv_pw";
                    case "_bn0" -> "bn1";
                    case "_depthwise_conv" -> "conv_dw";
                    case "_bn1" -> expands ? "bn2" : "bn1";
                    case "_se_reduce" -> "se.conv_reduce";
                    case "_se_expand" -> "se.conv_expand";
                    case "_project_conv" -> expands ? "conv_pwl" : "conv_pw";
                    case "_bn2" -> expands ? "bn3" : "bn2";
                    default -> null;
                };
                return name == null ? k : "blocks." + stageOf[g] + "." + indexOf[g] + "." + name + "." + m.group(3);
            }
            for (String[] top : new String[][] {{"_conv_stem.", "conv_stem."}, {"_bn0.", "bn1."},
                    {"_conv_head.", "conv_head."}, {"_bn1.", "bn2."}, {"_fc.", "classifier."}}) {
                if (k.startsWith(top[0])) {
                    return top[1] + k.substring(top[0].length());
                }
            }
            return k;
        };
    }
}
