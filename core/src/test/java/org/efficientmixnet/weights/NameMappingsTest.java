package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NameMappingsTest {
    /** name -> shape of a torchvision model's state dict, as written by the fixture script. */
    private static Map<String, String> keys(String file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Fixtures.weights(file))) {
            String[] p = line.split(" ", -1);
            out.put(p[0], p[1]);
        }
        return out;
    }

    private static Map<String, String> mapAll(Map<String, String> keys, Function<String, String> f) {
        Map<String, String> out = new LinkedHashMap<>();
        keys.forEach((k, s) -> {
            String n = f.apply(k);
            if (n != null) {
                assertNull(out.put(n, s), "two keys map to " + n);
            }
        });
        return out;
    }

    @Test
    void torchvisionEfficientNetB0MapsOntoTimmLayout() throws IOException {
        Map<String, String> tv = keys("torchvision_efficientnet_b0_keys.txt");
        Function<String, String> f = NameMappings.torchvisionEfficientNet();
        assertEquals("conv_stem.weight", f.apply("features.0.0.weight"));
        assertEquals("bn1.running_var", f.apply("features.0.1.running_var"));
        assertEquals("blocks.0.0.conv_dw.weight", f.apply("features.1.0.block.0.0.weight"));
        assertEquals("blocks.0.0.bn1.bias", f.apply("features.1.0.block.0.1.bias"));
        assertEquals("blocks.0.0.se.conv_reduce.weight", f.apply("features.1.0.block.1.fc1.weight"));
        assertEquals("blocks.0.0.se.conv_expand.bias", f.apply("features.1.0.block.1.fc2.bias"));
        assertEquals("blocks.0.0.conv_pw.weight", f.apply("features.1.0.block.2.0.weight"));
        assertEquals("blocks.0.0.bn2.running_mean", f.apply("features.1.0.block.2.1.running_mean"));
        assertEquals("blocks.1.0.conv_pw.weight", f.apply("features.2.0.block.0.0.weight"));
        assertEquals("blocks.1.0.bn1.running_mean", f.apply("features.2.0.block.0.1.running_mean"));
        assertEquals("blocks.1.0.conv_dw.weight", f.apply("features.2.0.block.1.0.weight"));
        assertEquals("blocks.1.0.bn2.weight", f.apply("features.2.0.block.1.1.weight"));
        assertEquals("blocks.1.0.se.conv_reduce.bias", f.apply("features.2.0.block.2.fc1.bias"));
        assertEquals("blocks.1.0.conv_pwl.weight", f.apply("features.2.0.block.3.0.weight"));
        assertEquals("blocks.6.0.bn3.running_var", f.apply("features.7.0.block.3.1.running_var"));
        assertEquals("conv_head.weight", f.apply("features.8.0.weight"));
        assertEquals("bn2.bias", f.apply("features.8.1.bias"));
        assertEquals("classifier.weight", f.apply("classifier.1.weight"));
        assertNull(f.apply("features.2.0.block.0.1.num_batches_tracked"));

        Map<String, String> timm = mapAll(tv, f);
        assertEquals(mapAll(tv, NameMappings.torchvisionEfficientNet(tv.keySet())), timm, "key-driven variant agrees");
        assertEquals(360 - 49, timm.size(), "every key but the 49 num_batches_tracked");
        Pattern block = Pattern.compile("blocks\\.(\\d)\\.(\\d+)\\.(.+)");
        Map<Integer, Integer> depth = new TreeMap<>();
        for (Map.Entry<String, String> e : timm.entrySet()) {
            Matcher m = block.matcher(e.getKey());
            if (!m.matches()) {
                assertTrue(List.of("conv_stem", "bn1", "conv_head", "bn2", "classifier").contains(e.getKey().replaceFirst("\\.[a-z_]+$", "")), e.getKey());
                continue;
            }
            depth.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1, Math::max);
            String[] s = e.getValue().split("x");
            // the shapes agree with what each timm module is
            if (m.group(3).equals("conv_dw.weight")) {
                assertEquals("1", s[1], e.getKey() + " is depthwise");
            }
            if (m.group(3).equals("conv_pw.weight") || m.group(3).equals("conv_pwl.weight")) {
                assertEquals("1", s[2], e.getKey() + " is pointwise");
            }
        }
        assertEquals(List.of(1, 2, 2, 3, 3, 4, 1), new ArrayList<>(depth.values()), "B0 stage depths");
        assertTrue(timm.containsKey("blocks.0.0.conv_pw.weight") && !timm.containsKey("blocks.0.0.conv_pwl.weight"));
        assertTrue(timm.containsKey("blocks.1.0.conv_pwl.weight"));
    }

    @Test
    void keyDrivenVariantSeesAnExpandingFirstStage() {
        List<String> keys = List.of("features.1.0.block.0.0.weight", "features.1.0.block.3.0.weight", "features.9.0.weight");
        Function<String, String> f = NameMappings.torchvisionEfficientNet(new java.util.HashSet<>(keys));
        assertEquals("blocks.0.0.conv_pw.weight", f.apply("features.1.0.block.0.0.weight"));
        assertEquals("blocks.0.0.conv_pwl.weight", f.apply("features.1.0.block.3.0.weight"));
        assertEquals("conv_head.weight", f.apply("features.9.0.weight"));
    }

    @Test
    void torchvisionResNetKeysAreTimmKeys() throws IOException {
        Map<String, String> tv = keys("torchvision_resnet18_keys.txt");
        Map<String, String> timm = mapAll(tv, NameMappings.torchvisionResNet());
        assertTrue(timm.containsKey("conv1.weight") && timm.containsKey("layer1.0.conv1.weight")
                && timm.containsKey("layer2.0.downsample.0.weight") && timm.containsKey("layer4.1.bn2.running_var"));
        assertEquals("1000x512", timm.get("fc.weight"));
        assertTrue(timm.keySet().stream().noneMatch(k -> k.contains("num_batches_tracked")));
        assertEquals(tv.size() - tv.keySet().stream().filter(k -> k.endsWith("num_batches_tracked")).count(), timm.size());
    }

    @Test
    void lukemelasGlobalBlockIndexUsesStageDepths() {
        Function<String, String> f = NameMappings.lukemelasEfficientNet(1, 2, 2, 3, 3, 4, 1);
        assertEquals("conv_stem.weight", f.apply("_conv_stem.weight"));
        assertEquals("bn1.running_mean", f.apply("_bn0.running_mean"));
        assertEquals("blocks.0.0.conv_dw.weight", f.apply("_blocks.0._depthwise_conv.weight"));
        assertEquals("blocks.0.0.bn1.weight", f.apply("_blocks.0._bn1.weight"));
        assertEquals("blocks.0.0.se.conv_reduce.bias", f.apply("_blocks.0._se_reduce.bias"));
        assertEquals("blocks.0.0.conv_pw.weight", f.apply("_blocks.0._project_conv.weight"));
        assertEquals("blocks.0.0.bn2.bias", f.apply("_blocks.0._bn2.bias"));
        assertEquals("blocks.1.0.conv_pw.weight", f.apply("_blocks.1._expand_conv.weight"));
        assertEquals("blocks.1.0.bn1.weight", f.apply("_blocks.1._bn0.weight"));
        assertEquals("blocks.1.1.bn2.running_var", f.apply("_blocks.2._bn1.running_var"));
        assertEquals("blocks.2.0.conv_pwl.weight", f.apply("_blocks.3._project_conv.weight"));
        assertEquals("blocks.5.3.bn3.weight", f.apply("_blocks.14._bn2.weight"));
        assertEquals("blocks.6.0.se.conv_expand.weight", f.apply("_blocks.15._se_expand.weight"));
        assertEquals("conv_head.weight", f.apply("_conv_head.weight"));
        assertEquals("bn2.weight", f.apply("_bn1.weight"));
        assertEquals("classifier.bias", f.apply("_fc.bias"));
        assertNull(f.apply("_bn1.num_batches_tracked"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply("_blocks.16._bn0.weight"));
        assertTrue(e.getMessage().contains("16"), e.getMessage());

        StateDict sd = new StateDict()
                .put("_blocks.0._depthwise_conv.weight", TensorData.ofFloats(new long[] {1}, new float[] {1}))
                .put("_blocks.0._bn1.num_batches_tracked", TensorData.ofFloats(new long[] {1}, new float[] {1}))
                .put("unknown.key", TensorData.ofFloats(new long[] {1}, new float[] {2}));
        StateDict mapped = sd.renamed(f);
        assertEquals(List.of("blocks.0.0.conv_dw.weight", "unknown.key"), List.copyOf(mapped.keys()), "unknown keys pass through");
    }
}
