package org.efficientmixnet.surgery;

import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockType;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.arch.PostStemKind;
import org.efficientmixnet.io.Excerpt;

/**
 * Surgery written as text, for the command line and configs: comma-separated steps, applied in order.
 * <pre>
 * stem-stride=1          stem convolution stride
 * insert=4               blocks after the stem (insert-kind=ir|basic_se, default ir; give it before insert)
 * insert=ir_r2_k3_s2_e6_c32_se0.25   any blocks after the stem, as block strings (several: separated by ';')
 * remove-strides=2       stride 1 in the first 2 stages
 * no-stem-pool           remove the stem max pool (ResNet)
 * in-chans=1             input channels (pretrained stem adapted)
 * classes=2              new classifier (pool=avg|max|avgmax|none, drop=0.3 before it go with it)
 * pool=max, drop=0.3     on their own (no classes= after them): the head's pooling / dropout, classifier kept
 * norm=frozen_batchnorm  replace every normalization
 * act=swish:mish         replace an activation (act=mish replaces all)
 * </pre>
 */
public final class SurgerySpec {
    private SurgerySpec() {
    }

    public static List<SurgeryStep> parse(String text) {
        List<SurgeryStep> steps = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return steps;
        }
        PostStemKind kind = PostStemKind.INVERTED_RESIDUAL;
        Pooling pool = null;
        Double drop = null;
        int pos = 0;
        for (String raw : text.split(",")) {
            String tok = raw.trim();
            int at = text.indexOf(raw, pos);
            pos = at + raw.length();
            String key = tok.contains("=") ? tok.substring(0, tok.indexOf('=')) : tok;
            String val = tok.contains("=") ? tok.substring(tok.indexOf('=') + 1) : null;
            try {
                switch (key) {
                    case "stem-stride" -> steps.add(new SurgeryStep.StemStride(intValue(val)));
                    case "insert-kind" -> kind = PostStemKind.fromName(need(val));
                    case "insert" -> steps.add(isBlockString(need(val)) ? SurgeryStep.InsertBlocks.of(val)
                            : new SurgeryStep.InsertBlocks("stem", intValue(val), kind));
                    case "remove-strides" -> steps.add(new SurgeryStep.RemoveStrides(intValue(val)));
                    case "no-stem-pool" -> steps.add(new SurgeryStep.RemoveStemPooling());
                    case "in-chans" -> steps.add(new SurgeryStep.InputChannels(intValue(val)));
                    case "pool" -> pool = Pooling.fromName(need(val));
                    case "drop" -> drop = Double.parseDouble(need(val));
                    case "classes" -> {
                        steps.add(new SurgeryStep.NewHead(intValue(val), pool, drop));
                        pool = null;
                        drop = null;
                    }
                    case "norm" -> steps.add(new SurgeryStep.ReplaceNorm(NormType.fromName(need(val))));
                    case "act" -> {
                        String v = need(val);
                        if (v.contains(":")) {
                            steps.add(new SurgeryStep.ReplaceActivation(ActivationType.fromName(v.substring(0, v.indexOf(':'))),
                                    ActivationType.fromName(v.substring(v.indexOf(':') + 1))));
                        } else {
                            steps.add(new SurgeryStep.ReplaceActivation(null, ActivationType.fromName(v)));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown step; expected stem-stride, insert, insert-kind, "
                            + "remove-strides, no-stem-pool, in-chans, classes, pool, drop, norm or act");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad surgery '" + Excerpt.of(text, 200) + "': step '" + Excerpt.of(tok, 200) + "' at position " + at
                        + ": expected a number after '='" + (key.equals("insert") ? " (or block strings)" : ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad surgery '" + Excerpt.of(text, 200) + "': step '" + Excerpt.of(tok, 200) + "' at position " + at
                        + ": " + e.getMessage(), e);
            }
        }
        if (pool != null || drop != null) {
            steps.add(new SurgeryStep.NewHead(null, pool, drop)); // a head change of its own, the classifier kept
        }
        return steps;
    }

    /** A block string starts with a block type and an option ({@code ir_r2…}). */
    private static boolean isBlockString(String v) {
        int u = v.indexOf('_');
        return u > 0 && BlockType.fromPrefix(v.substring(0, u)) != null;
    }

    private static String need(String v) {
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("expected a value after '='");
        }
        return v;
    }

    private static int intValue(String v) {
        return Integer.parseInt(need(v));
    }
}
