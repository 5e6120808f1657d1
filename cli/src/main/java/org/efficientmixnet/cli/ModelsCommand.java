package org.efficientmixnet.cli;

import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.models.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "models", description = "List the model presets with parameters, default resolution and MACs.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--filter", description = "only names containing this text")
    String filter;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String fmt = "%-24s %14s %6s %10s%n";
        out.printf(Locale.ROOT, fmt, "model", "params", "res", "MACs");
        for (String name : Presets.names()) {
            if (filter != null && !name.contains(filter)) {
                continue;
            }
            NetworkConfig c = Presets.get(name);
            Network net = Models.build(c);
            ModelSummary s = ModelSummary.of(name, net, new Shape(1, c.inChannels(), c.resolution(), c.resolution()));
            out.printf(Locale.ROOT, fmt, name, String.format(Locale.ROOT, "%,d", s.params()), c.resolution(),
                    ModelSummary.human(s.macs()));
        }
        out.flush();
        return 0;
    }
}
