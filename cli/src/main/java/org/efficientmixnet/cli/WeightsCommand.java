package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.weights.DownloadProgress;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.NameMappings;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;
import org.efficientmixnet.weights.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "weights", description = "Inspect, convert and download weight files.",
        subcommands = {WeightsCommand.Info.class, WeightsCommand.Convert.class, WeightsCommand.Download.class})
final class WeightsCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", description = "Keys, dtypes and shapes of a weights file (safetensors, npz, .pth, Keras .h5).")
    static final class Info implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "weights file")
        Path file;

        @Override
        public Integer call() throws Exception {
            StateDict sd = WeightFiles.read(file);
            PrintWriter out = spec.commandLine().getOut();
            long n = 0;
            for (var e : sd.asMap().entrySet()) {
                TensorData t = e.getValue();
                n += t.numel();
                out.printf(Locale.ROOT, "%-60s %-9s %s%n", e.getKey(), t.dtype(), Arrays.toString(t.shape()));
            }
            out.printf(Locale.ROOT, "%s: %s, %d tensors, %,d values%n", file, WeightFiles.detect(file), sd.size(), n);
            out.flush();
            return 0;
        }
    }

    @Command(name = "convert", description = "Rename a weights file to timm's names and write it as safetensors or npz.")
    static final class Convert implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "input weights file")
        Path in;

        @Parameters(index = "1", description = "output .safetensors or .npz")
        Path out;

        @Option(names = "--from", defaultValue = "timm",
                description = "naming of the input: timm, torchvision (EfficientNet or ResNet), lukemelas (needs --model)")
        String from;

        @Option(names = "--model", description = "preset whose stage depths the lukemelas layout needs")
        String model;

        @Override
        public Integer call() throws Exception {
            StateDict sd = WeightFiles.read(in);
            Function<String, String> mapping = switch (from.toLowerCase(Locale.ROOT)) {
                case "timm" -> NameMappings.timm();
                case "torchvision" -> sd.keys().stream().anyMatch(k -> k.startsWith("features."))
                        ? NameMappings.torchvisionEfficientNet(sd.keys()) : NameMappings.torchvisionResNet();
                case "lukemelas" -> {
                    if (model == null) {
                        throw new IllegalArgumentException("--from lukemelas needs --model (its stage depths name the blocks)");
                    }
                    EfficientNetConfig c = Presets.efficientNet(model);
                    yield NameMappings.lukemelasEfficientNet(c.scaledStages().stream().mapToInt(java.util.List::size).toArray(), sd.keys());
                }
                default -> throw new IllegalArgumentException("unknown naming '" + from + "'; expected timm, torchvision or lukemelas");
            };
            StateDict renamed = sd.renamed(mapping);
            WeightFiles.write(out, renamed);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d tensors in timm names%n", out, renamed.size());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "download", description = "Fetch a preset's pretrained weights into the Hugging Face cache (HF_HOME, HF_ENDPOINT, HF_HUB_OFFLINE apply).")
    static final class Download implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "preset or weights name (efficientnet_b0, efficientnet_b0.ra_in1k)")
        String name;

        @Override
        public Integer call() throws Exception {
            PretrainedConfig pc = PretrainedRegistry.get(name);
            Path p = new HubDownloader().setProgress(DownloadProgress.stderr()).download(pc);
            spec.commandLine().getOut().println(p);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
