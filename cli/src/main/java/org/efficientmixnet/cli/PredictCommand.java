package org.efficientmixnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Top-k classes with probabilities for images and folders of images.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelSource source = new ModelSource();

    @Parameters(arity = "1..*", description = "image files or folders")
    List<Path> inputs;

    @Option(names = "--top", defaultValue = "5", description = "classes shown per image, ≥ 1 (default: ${DEFAULT-VALUE})") int top;
    @Option(names = "--batch", defaultValue = "32", description = "images per forward pass, ≥ 1 (default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--json", description = "JSON with every class's probability") boolean json;

    @Override
    public Integer call() throws Exception {
        var o = spec.commandLine().getOut();
        if (top < 1) {
            throw new IllegalArgumentException("--top must be ≥ 1, got " + top);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be ≥ 1, got " + batch);
        }
        List<Path> failed = new java.util.ArrayList<>();
        try (TrainedModel model = source.open(null)) {
            List<String> names = model.classes();
            List<TrainedModel.Prediction> preds = model.predict(inputs, batch);
            java.util.Set<Path> done = new java.util.HashSet<>();
            preds.forEach(p -> done.add(p.file()));
            TrainedModel.expand(inputs).stream().filter(f -> !done.contains(f)).forEach(failed::add);
            if (json) {
                JsonArray arr = new JsonArray();
                for (TrainedModel.Prediction p : preds) {
                    JsonObject e = new JsonObject();
                    e.addProperty("file", p.file().toString());
                    int[] t = p.top(1);
                    e.addProperty("class", names.get(t[0]));
                    JsonObject probs = new JsonObject();
                    for (int c = 0; c < names.size(); c++) {
                        probs.addProperty(names.get(c), p.probabilities()[c]);
                    }
                    e.add("probabilities", probs);
                    arr.add(e);
                }
                o.println(new GsonBuilder().setPrettyPrinting().create().toJson(arr));
            } else {
                for (TrainedModel.Prediction p : preds) {
                    StringBuilder sb = new StringBuilder(p.file().toString()).append(':');
                    for (int c : p.top(top)) {
                        sb.append(String.format(Locale.ROOT, "  %s %.4f", names.get(c), p.probabilities()[c]));
                    }
                    o.println(sb);
                }
            }
        }
        o.flush();
        if (!failed.isEmpty()) {
            spec.commandLine().getErr().println("error: " + failed.size() + " image(s) could not be read: "
                    + org.efficientmixnet.io.Excerpt.of(failed.toString(), 2000));
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }
}
