package org.efficientmixnet.cli;

import ai.djl.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "surgery", description = "Apply surgery to a network (with its weights) and write the changed network's weights.")
final class SurgeryCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "preset name")
    String name;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--weights", description = "weights of the unchanged network (timm names; any format the core reads)")
    Path weights;

    @Option(names = "--out", description = "write the changed network's weights here (.safetensors or .npz)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (model.surgery == null) {
            throw new IllegalArgumentException("give the changes with --surgery, e.g. --surgery \"stem-stride=1,insert=4\"");
        }
        NetworkConfig base = model.baseNetwork(name);
        PrintWriter pw = spec.commandLine().getOut();
        try (Model source = Models.create(base)) {
            if (weights != null) {
                Pretrained.load(source, WeightFiles.read(weights));
            }
            Surgery.Result r = Surgery.apply(source, model.surgerySteps());
            try (Model changed = r.model()) {
                r.changes().forEach(pw::println);
                pw.println("weights: " + r.report().summary(8).replace("missing (left as initialized)", "new (initialized)"));
                if (out != null) {
                    WeightFiles.write(out, ModelWeights.stateDict(changed.getBlock()));
                    pw.println("wrote " + out);
                }
            }
        }
        pw.flush();
        return 0;
    }
}
