package org.efficientmixnet.arch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses and formats block strings, timm's grammar extended with per-block normalization.
 *
 * <pre>
 * block    := type ('_' option)*
 * type     := ds | dsa | ir | er | cn | bb
 * option   := r&lt;int&gt;            repeats (required)
 *           | k&lt;int&gt;(.&lt;int&gt;)*   kernel size(s); several = mixed depthwise conv (required)
 *           | a&lt;int&gt;(.&lt;int&gt;)*   expansion conv kernel(s); a1.1 = 1×1 conv in two groups
 *           | p&lt;int&gt;(.&lt;int&gt;)*   projection conv kernel(s)
 *           | s&lt;int&gt;            stride (required)
 *           | e&lt;number&gt;         expansion ratio
 *           | c&lt;int&gt;            output channels (required)
 *           | se&lt;number&gt;        squeeze-excitation ratio (of the block's input channels)
 *           | fc&lt;int&gt;           force the input channels used for the expansion (er blocks)
 *           | n&lt;act&gt;            activation: re relu, r6 relu6, sw swish, mi mish, hs hard_swish,
 *                                 hg hard_sigmoid, ge gelu, sg sigmoid, id identity
 *           | b&lt;norm&gt;           normalization: bn batch norm, fbn frozen batch norm,
 *                                 an attentive norm, ie instance-enhancement batch norm
 *           | m&lt;int&gt;            mixture components of attentive normalization
 *           | skip | noskip       force the residual connection on or off
 * </pre>
 *
 * Formatting writes the options in the order above, the order timm's own strings use, so that every
 * canonical string survives {@code format(parse(s))} unchanged. The TensorFlow form of the original
 * EfficientNet code ({@code r1_k3_s11_e1_i32_o16_se0.25}) is read too: it becomes {@code ds} when the
 * expansion is 1 and {@code ir} otherwise, {@code o} gives the output channels and {@code i} is checked only.
 */
public final class BlockStrings {
    private BlockStrings() {
    }

    private record Token(String text, int position) {
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '_') {
                out.add(new Token(s.substring(start, i), start));
                start = i + 1;
            }
        }
        return out;
    }

    public static BlockSpec parse(String blockString) {
        if (blockString == null || blockString.isBlank()) {
            throw new BlockStringException(String.valueOf(blockString), "", 0, "a block type (ds, dsa, ir, er, cn, bb)");
        }
        String s = blockString.trim();
        List<Token> toks = tokens(s);
        Token first = toks.get(0);
        boolean tfForm = first.text().matches("r\\d+");
        BlockType type = null;
        int from = 0;
        if (!tfForm) {
            type = BlockType.fromPrefix(first.text());
            if (type == null) {
                throw new BlockStringException(s, first.text(), first.position(),
                        "a block type: one of ds, dsa, ir, er, cn, bb (or an 'r' option for the TensorFlow form)");
            }
            from = 1;
        }
        Integer repeats = null;
        Integer stride = null;
        Integer out = null;
        Integer inTf = null;
        Integer fc = null;
        Integer mixtures = null;
        List<Integer> k = null;
        List<Integer> a = null;
        List<Integer> p = null;
        Double e = null;
        Double se = null;
        ActivationType act = null;
        NormType norm = null;
        Boolean skip = null;
        Set<String> seen = new HashSet<>();
        for (int i = from; i < toks.size(); i++) {
            Token t = toks.get(i);
            String x = t.text();
            if (x.isEmpty()) {
                throw new BlockStringException(s, x, t.position(), "an option between underscores, not an empty token");
            }
            String key;
            String v;
            if (x.equals("skip") || x.equals("noskip")) {
                key = "skip";
                v = x;
            } else if (x.startsWith("se")) {
                key = "se";
                v = x.substring(2);
            } else if (x.startsWith("fc")) {
                key = "fc";
                v = x.substring(2);
            } else {
                key = x.substring(0, 1);
                v = x.substring(1);
            }
            if (!seen.add(key)) {
                throw new BlockStringException(s, x, t.position(), "option '" + key + "' only once");
            }
            switch (key) {
                case "r" -> repeats = positiveInt(s, t, v, "r<repeats>, a whole number ≥ 1");
                case "k" -> k = kernelList(s, t, v, "k");
                case "a" -> a = tfForm ? null : kernelList(s, t, v, "a");
                case "p" -> p = kernelList(s, t, v, "p");
                case "s" -> stride = parseStride(s, t, v, tfForm);
                case "e" -> e = positiveNumber(s, t, v, "e<expansion ratio>, a number > 0");
                case "c" -> out = positiveInt(s, t, v, "c<output channels>, a whole number ≥ 1");
                case "o" -> {
                    if (!tfForm) {
                        throw unknown(s, t);
                    }
                    out = positiveInt(s, t, v, "o<output channels>, a whole number ≥ 1");
                }
                case "i" -> {
                    if (!tfForm) {
                        throw unknown(s, t);
                    }
                    inTf = positiveInt(s, t, v, "i<input channels>, a whole number ≥ 1");
                }
                case "d", "f" -> {
                    if (!tfForm) {
                        throw unknown(s, t);
                    }
                }
                case "se" -> {
                    se = number(s, t, v, "se<ratio>, a number in [0, 1]");
                    if (se < 0 || se > 1) {
                        throw new BlockStringException(s, x, t.position(), "se<ratio>, a number in [0, 1]");
                    }
                }
                case "fc" -> fc = positiveInt(s, t, v, "fc<input channels>, a whole number ≥ 1");
                case "n" -> {
                    act = ActivationType.fromCode(v);
                    if (act == null) {
                        throw new BlockStringException(s, x, t.position(), "an activation code after 'n': one of "
                                + java.util.Arrays.stream(ActivationType.values()).map(ActivationType::code)
                                        .collect(Collectors.joining(", ")));
                    }
                }
                case "b" -> {
                    norm = NormType.fromCode(v);
                    if (norm == null) {
                        throw new BlockStringException(s, x, t.position(), "a normalization code after 'b': one of "
                                + java.util.Arrays.stream(NormType.values()).map(NormType::code)
                                        .collect(Collectors.joining(", ")));
                    }
                }
                case "m" -> mixtures = positiveInt(s, t, v, "m<mixture components>, a whole number ≥ 1");
                case "skip" -> skip = x.equals("skip");
                default -> throw unknown(s, t);
            }
        }
        int end = s.length();
        if (repeats == null) {
            throw new BlockStringException(s, "", end, "a repeat option 'r<n>' (missing)");
        }
        if (k == null) {
            throw new BlockStringException(s, "", end, "a kernel option 'k<n>' (missing)");
        }
        if (stride == null) {
            throw new BlockStringException(s, "", end, "a stride option 's<n>' (missing)");
        }
        if (out == null) {
            throw new BlockStringException(s, "", end, tfForm ? "an output option 'o<n>' (missing)"
                    : "an output channels option 'c<n>' (missing)");
        }
        if (mixtures != null && norm != NormType.ATTENTIVE) {
            throw new BlockStringException(s, "m" + mixtures, s.indexOf("_m" + mixtures) + 1,
                    "'m' only together with attentive normalization 'ban'");
        }
        if (tfForm) {
            type = (e == null || e == 1.0) ? BlockType.DS : BlockType.IR;
            if (inTf == null) {
                throw new BlockStringException(s, "", end, "an input option 'i<n>' (missing) in the TensorFlow form");
            }
        }
        if (type == BlockType.CN && k.size() > 1) {
            throw new BlockStringException(s, "k" + v(k), s.indexOf("_k") + 1, "a single kernel size for a cn block");
        }
        if (type == BlockType.BASIC && !k.equals(List.of(3))) {
            throw new BlockStringException(s, "k" + v(k), s.indexOf("_k") + 1, "k3 for a bb block (ResNet's 3×3)");
        }
        return new BlockSpec(type, repeats, k, a, p, stride, e, out, se, act, norm, mixtures, skip, fc);
    }

    private static String v(List<Integer> l) {
        return l.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    private static BlockStringException unknown(String s, Token t) {
        return new BlockStringException(s, t.text(), t.position(),
                "an option: r, k, a, p, s, e, c, se, fc, n<act>, b<norm>, m, skip or noskip");
    }

    private static int parseStride(String s, Token t, String v, boolean tfForm) {
        String expected = "s<stride>, 1 or 2 (or the TensorFlow pairs s11, s22)";
        if (v.length() == 2 && v.charAt(0) == v.charAt(1)) {
            v = v.substring(1);
        }
        if (!v.equals("1") && !v.equals("2")) {
            throw new BlockStringException(s, t.text(), t.position(), expected);
        }
        return Integer.parseInt(v);
    }

    private static List<Integer> kernelList(String s, Token t, String v, String key) {
        String expected = key + "<kernel>[.<kernel>...], odd whole numbers ≥ 1 separated by dots";
        if (v.isEmpty()) {
            throw new BlockStringException(s, t.text(), t.position(), expected);
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split("\\.", -1)) {
            if (!part.matches("\\d+")) {
                throw new BlockStringException(s, t.text(), t.position(), expected);
            }
            int kk = Integer.parseInt(part);
            if (kk < 1 || kk % 2 == 0) {
                throw new BlockStringException(s, t.text(), t.position(), expected);
            }
            out.add(kk);
        }
        return out;
    }

    private static int positiveInt(String s, Token t, String v, String expected) {
        if (!v.matches("\\d{1,7}") || Integer.parseInt(v) < 1) {
            throw new BlockStringException(s, t.text(), t.position(), expected);
        }
        return Integer.parseInt(v);
    }

    private static double number(String s, Token t, String v, String expected) {
        if (!v.matches("\\d+(\\.\\d+)?")) {
            throw new BlockStringException(s, t.text(), t.position(), expected);
        }
        return Double.parseDouble(v);
    }

    private static double positiveNumber(String s, Token t, String v, String expected) {
        double d = number(s, t, v, expected);
        if (!(d > 0)) {
            throw new BlockStringException(s, t.text(), t.position(), expected);
        }
        return d;
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    public static String format(BlockSpec b) {
        StringBuilder sb = new StringBuilder(b.type().prefix());
        sb.append("_r").append(b.repeats());
        sb.append("_k").append(v(b.kernels()));
        if (b.expKernels() != null) {
            sb.append("_a").append(v(b.expKernels()));
        }
        if (b.pwKernels() != null) {
            sb.append("_p").append(v(b.pwKernels()));
        }
        sb.append("_s").append(b.stride());
        if (b.expRatio() != null) {
            sb.append("_e").append(num(b.expRatio()));
        }
        sb.append("_c").append(b.outChannels());
        if (b.seRatio() != null) {
            sb.append("_se").append(num(b.seRatio()));
        }
        if (b.forceInChannels() != null) {
            sb.append("_fc").append(b.forceInChannels());
        }
        if (b.activation() != null) {
            sb.append("_n").append(b.activation().code());
        }
        if (b.norm() != null) {
            sb.append("_b").append(b.norm().code());
        }
        if (b.mixtures() != null) {
            sb.append("_m").append(b.mixtures());
        }
        if (b.skip() != null) {
            sb.append(b.skip() ? "_skip" : "_noskip");
        }
        return sb.toString();
    }

    /** Parses a whole architecture: stages separated by ';' or newlines, blocks within a stage by ',' or spaces. */
    public static List<List<BlockSpec>> parseArch(String text) {
        List<List<BlockSpec>> stages = new ArrayList<>();
        for (String stage : text.split("[;\\n]")) {
            if (stage.isBlank()) {
                continue;
            }
            List<BlockSpec> specs = new ArrayList<>();
            for (String b : stage.trim().split("[,\\s]+")) {
                specs.add(parse(b));
            }
            stages.add(specs);
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("architecture '" + text + "' has no stages");
        }
        return stages;
    }

    public static String formatArch(List<List<BlockSpec>> stages) {
        return stages.stream()
                .map(st -> st.stream().map(BlockStrings::format).collect(Collectors.joining(",")))
                .collect(Collectors.joining(";"));
    }
}
