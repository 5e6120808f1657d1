package org.efficientmixnet.train.loop;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a run's history is written as CSV and JSON. */
public interface HistoryFormat {
    String csv(List<EpochResult> history);

    String json(List<EpochResult> history);

    /**
     * Columns {@code epoch} and every metric by its name, in the order they first appear (a metric an epoch lacks is
     * NaN there); JSON: a list of objects with the same keys.
     */
    static HistoryFormat named() {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
        return new HistoryFormat() {
            @Override
            public String csv(List<EpochResult> history) {
                Set<String> names = names(history);
                StringBuilder sb = new StringBuilder("epoch");
                names.forEach(n -> sb.append(',').append(n));
                sb.append('\n');
                for (EpochResult r : history) {
                    sb.append(r.epoch());
                    names.forEach(n -> sb.append(',').append(r.getOrNaN(n)));
                    sb.append('\n');
                }
                return sb.toString();
            }

            @Override
            public String json(List<EpochResult> history) {
                Set<String> names = names(history);
                List<Map<String, Object>> rows = new ArrayList<>();
                for (EpochResult r : history) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("epoch", r.epoch());
                    names.forEach(n -> row.put(n, r.getOrNaN(n)));
                    rows.add(row);
                }
                return gson.toJson(rows);
            }

            private Set<String> names(List<EpochResult> history) {
                Set<String> names = new LinkedHashSet<>();
                history.forEach(r -> names.addAll(r.metrics().keySet()));
                return names;
            }
        };
    }
}
