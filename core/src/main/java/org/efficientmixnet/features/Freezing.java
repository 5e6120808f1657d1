package org.efficientmixnet.features;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.weights.ModelWeights;

/**
 * Freezes parameters by PyTorch name. Patterns are globs over the dotted names with {@code .} as the separator
 * ({@code blocks.0.*}, {@code conv_stem.*}, {@code **bn*}); running statistics are never trainable, so unfreezing
 * leaves them alone. To freeze batch-norm statistics as well, use the frozen-batch-norm surgery.
 */
public final class Freezing {
    private Freezing() {
    }

    /** Freezes (or unfreezes) every parameter whose name matches one of the globs; returns the names changed. */
    public static List<String> freeze(Block net, List<String> globs, boolean freeze) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String g : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g.replace('.', '/')));
        }
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : ModelWeights.namedParameters(net).entrySet()) {
            Parameter p = e.getValue();
            if (Models.isBuffer(p)) {
                continue;
            }
            var path = Paths.get(e.getKey().replace('.', '/'));
            if (matchers.stream().anyMatch(m -> m.matches(path))) {
                p.freeze(freeze);
                changed.add(e.getKey());
            }
        }
        if (changed.isEmpty()) {
            throw new IllegalArgumentException("no parameter matches " + globs + " (names look like conv_stem.weight, "
                    + "blocks.1.0.conv_pw.weight)");
        }
        return changed;
    }

    /** Freezes every parameter except those matching {@code keepTrainable} (e.g. the classifier). */
    public static void freezeAllBut(Block net, List<String> keepTrainable) {
        freeze(net, List.of("**"), true);
        if (!keepTrainable.isEmpty()) {
            freeze(net, keepTrainable, false);
        }
    }
}
