package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.train.TrainedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where eval and predict get their model: a run folder or checkpoint, or a network and a weight file. */
public final class ModelSource {
    @Option(names = "--run", description = "a run folder (its best checkpoint) or a checkpoint .json")
    Path run;

    @Option(names = "--model", description = "preset name, with --weights")
    String modelName;

    @Option(names = "--weights", description = "a safetensors file with timm names, with --model")
    Path weights;

    @Option(names = "--class-names", split = ",", description = "class names for --weights, in label order")
    List<String> classNames;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOptions pre = new PreprocessOptions();

    TrainedModel open(List<String> defaultNames) throws Exception {
        if (run != null) {
            if (weights != null || modelName != null) {
                throw new IllegalArgumentException("give either --run, or --model with --weights, not both");
            }
            return TrainedModel.load(run);
        }
        if (weights == null || (modelName == null && model.blocks == null)) {
            throw new IllegalArgumentException("give --run RUN_DIR, or --model NAME --weights FILE");
        }
        List<String> names = classNames != null ? classNames : defaultNames;
        var spec = model.spec(modelName != null ? modelName : "custom");
        if (model.classes == null && names != null) {
            spec = spec.withClasses(names.size());
        }
        if (names != null && spec.config().numClasses() != names.size()) {
            names = null;
        }
        return TrainedModel.of(spec, weights, names, pre.eval());
    }
}
