package org.efficientmixnet.weights;

import java.util.List;

/**
 * What a weight load did: keys copied, model keys the file lacked, file keys the model lacks, keys whose
 * shapes differ (skipped only when the caller allowed it) and file keys ignored on purpose
 * ({@code num_batches_tracked}).
 */
public record LoadReport(List<String> loaded, List<String> missing, List<String> unexpected,
        List<String> shapeMismatches, List<String> ignored) {

    public LoadReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        shapeMismatches = List.copyOf(shapeMismatches);
        ignored = List.copyOf(ignored);
    }

    public boolean complete() {
        return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
    }

    /** One line per category, listing up to {@code max} keys of each. */
    public String summary(int max) {
        StringBuilder sb = new StringBuilder();
        sb.append("loaded ").append(loaded.size()).append(" tensors");
        line(sb, "missing (left as initialized)", missing, max);
        line(sb, "unexpected (not in the model)", unexpected, max);
        line(sb, "shape mismatch (left as initialized)", shapeMismatches, max);
        return sb.toString();
    }

    private static void line(StringBuilder sb, String what, List<String> keys, int max) {
        if (keys.isEmpty()) {
            return;
        }
        sb.append('\n').append(what).append(": ").append(keys.size());
        sb.append(" [").append(String.join(", ", keys.subList(0, Math.min(max, keys.size()))));
        if (keys.size() > max) {
            sb.append(", …");
        }
        sb.append(']');
    }

    @Override
    public String toString() {
        return summary(5);
    }
}
