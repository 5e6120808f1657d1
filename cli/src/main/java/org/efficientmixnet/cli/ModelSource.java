package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.train.TrainedModel;
import org.efficientmixnet.weights.HubDownloader;
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

    @Option(names = "--pretrained", description = "with --model: pretrained weights (timm's, from the Hugging Face cache "
            + "or hub), the preset's default or a tag given with the name (--model efficientnet_b0.ra_in1k); "
            + "--normalize defaults to theirs")
    boolean pretrained;

    @Option(names = "--class-names", split = ",", description = "class names for --weights, in label order")
    List<String> classNames;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOptions pre = new PreprocessOptions();

    /** The model, its batch norms folded into the convolutions: predict and eval only score. */
    TrainedModel open(List<String> defaultNames) throws Exception {
        TrainedModel m = openUnfolded(defaultNames);
        try {
            m.foldBatchNorms();
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private TrainedModel openUnfolded(List<String> defaultNames) throws Exception {
        if (run != null) {
            if (weights != null || modelName != null || pretrained) {
                throw new IllegalArgumentException("give either --run, or --model with --weights or --pretrained, not both");
            }
            return TrainedModel.load(run);
        }
        if ((weights == null) != pretrained || (modelName == null && model.blocks == null)) {
            throw new IllegalArgumentException("give --run RUN_DIR, or --model NAME with one of --weights FILE and "
                    + "--pretrained");
        }
        List<String> names = classNames != null ? classNames : defaultNames;
        model.resolutionOf(pretrained ? ModelOptions.weightsName(modelName) : null);
        var spec = model.spec(modelName != null ? ModelOptions.architecture(modelName) : "custom");
        if (model.classes == null && names != null && !pretrained) {
            spec = spec.withClasses(names.size());
        }
        if (names != null && spec.config().numClasses() != names.size()) {
            names = null;
        }
        if (pretrained) {
            String tag = ModelOptions.weightsName(modelName);
            return TrainedModel.pretrained(spec, tag, new HubDownloader(), names, pre.eval(tag));
        }
        return TrainedModel.of(spec, weights, names, pre.eval(null));
    }
}
