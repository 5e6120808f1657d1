package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.efficientmixnet.inspect.CostReport;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.models.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "summary", description = "Per-layer output shapes, parameters and MACs of a network, with totals.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", description = "preset name (see `emn models`), or a name for --blocks")
    String name;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--batch", defaultValue = "1", description = "batch size for MACs and activation memory")
    int batch;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--depth", defaultValue = "3", description = "table levels: 1 top-level, 2 stages, 3 blocks, more for layers")
    int depth;

    @Option(names = "--variant", description = "compare costs with this surgery variant (repeatable); prints a cost table")
    List<String> variants;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "optimizer whose state the cost table counts: sgd, adamw, radam, none")
    String optimizer;

    @Option(names = "--plot", description = "with --variant: also draw MACs against training-step memory per variant as PNG")
    java.nio.file.Path plot;

    @Override
    public Integer call() throws java.io.IOException {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be ≥ 1, got " + batch);
        }
        List<String> changes = new ArrayList<>();
        NetworkConfig c = model.network(name, changes);
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            changes.forEach(out::println);
        }
        if (variants != null && !variants.isEmpty()) {
            CostReport report = new CostReport(c.resolution(), batch, optimizer);
            report.add(c.name(), c);
            for (String v : variants) {
                report.add(v, Surgery.plan(c, SurgerySpec.parse(v), null));
            }
            out.print(report.toText());
            if (plot != null) {
                java.util.Map<String, double[]> pts = new java.util.LinkedHashMap<>();
                for (CostReport.Entry e : report.entries()) {
                    pts.put(e.variant(), new double[] {e.macs() / 1e9, e.trainingBytes() / (double) (1L << 30)});
                }
                org.efficientmixnet.train.plots.Charts.scatter(plot, "cost at " + report.resolution() + "×"
                        + report.resolution() + ", batch " + report.batch(), "GMACs per image", "training step memory (GiB)", pts);
                out.println("wrote " + plot);
            }
            out.flush();
            return 0;
        }
        if (depth < 1) {
            throw new IllegalArgumentException("--depth must be ≥ 1 (1: top-level layers only), got " + depth);
        }
        Models.checkResolution(c, c.resolution());
        Network net = Models.build(c);
        ModelSummary s = ModelSummary.of(c.name(), net, Models.inputShape(c, batch, c.resolution()));
        out.print(json ? s.toJson() + "\n" : s.toText(depth));
        out.flush();
        return 0;
    }
}
