package org.efficientmixnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.weights.WeightFiles;
import org.junit.jupiter.api.Test;

/**
 * The README's Java examples, compiled and (where they need no network or files) run. Every {@code ```java} block
 * of README.md is one region between a {@code // README} and a {@code // README end} line below, in the same order,
 * letter for letter (indentation aside): {@link #theReadmeHoldsExactlyTheseExamples} checks it.
 */
class ReadmeExamplesTest {

    @Test
    void javaApi() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomNormal(new Shape(2, 1, 64, 64));
            // README
            // any network by name, with options, surgery and (true) timm's pretrained weights carried over
            ModelSpec spec = ModelSpec.builder("efficientnet_b0").inChannels(1).classes(2).resolution(64)
                    .surgery("stem-stride=1,insert=4").build();
            try (Model model = Models.create(spec, false)) {
                Network net = (Network) model.getBlock();
                NDArray logits = net.forward(new ParameterStore(model.getNDManager(), false), images, false);
            }
            // a description of your own: block strings, timm's defaults for the family
            EfficientNetConfig custom = EfficientNetConfig.builder("mine",
                    BlockStrings.parseArch("ds_r1_k3_s1_c16;ir_r2_k3.5.7_s2_e6_c24_se0.25_nmi")).widthMultiplier(1.2).build();
            // shapes, parameters and MACs without running anything
            System.out.println(ModelSummary.of("mine", Models.build(custom), new Shape(1, 3, 224, 224)).toText(3));
            // the registry: every network by name
            NetworkConfig r18 = Presets.get("resnet18");
            // README end
            assertEquals(1536, custom.headChannels());
            assertTrue(r18 instanceof ResNetConfig);
            assertEquals(4, ((EfficientNetConfig) spec.config()).postStemBlocks());
        }
    }

    @Test
    void surgery() {
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b0").toBuilder().resolution(64).build())) {
            // README
            Surgery.Result r = Surgery.apply(model, SurgerySpec.parse("stem-stride=1,insert=4,in-chans=1,classes=2"));
            r.changes().forEach(System.out::println);   // stem stride → 1: features (1, 1280, 7, 7) → (1, 1280, 14, 14), …
            System.out.println(r.report());              // loaded 309, missing (left as initialized): post_stem.…
            // README end
            assertEquals(4, r.changes().size());
            assertTrue(r.report().missing().stream().allMatch(k -> k.startsWith("post_stem.") || k.startsWith("classifier.")),
                    r.report().toString());
            r.model().close();
        }
    }

    /** Compiled, not run: it reads the hub and a file. */
    void weights() throws IOException {
        // README
        Model m = Models.create("efficientnet_b0", true);                // timm's create_model(…, pretrained=True)
        Model t = Models.create("efficientnet_b0.ra4_e3600_r224_in1k", true);   // another tag
        ModelSpec.Built b = ModelSpec.builder("efficientnet_b0").inChannels(1).classes(2).build()
                .create(WeightFiles.read(Path.of("b0.safetensors")));     // any file in timm names: stem adapted, new head
        System.out.println(b.weights());                                 // the load report
        // README end
    }

    @Test
    void theReadmeHoldsExactlyTheseExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> inReadme = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            inReadme.add(dedent(m.group(1)));
        }
        String source = Files.readString(Path.of("src/test/java/org/efficientmixnet/ReadmeExamplesTest.java"));
        List<String> here = new ArrayList<>();
        Matcher r = Pattern.compile("\\n[ ]*// README\\n(.*?)\\n[ ]*// README end\\n", Pattern.DOTALL).matcher(source);
        while (r.find()) {
            here.add(dedent(r.group(1) + "\n"));
        }
        assertEquals(3, inReadme.size(), "README's java blocks");
        assertEquals(inReadme, here);
    }

    /** Removes the indentation every non-blank line shares. */
    static String dedent(String block) {
        String[] lines = block.split("\n", -1);
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString().strip();
    }
}
