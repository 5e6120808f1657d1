package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.models.Models;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** The command line and the Java API build the same network from the same block strings (issue 11, item 2). */
class ModelDefaultsCliTest {
    static final String BLOCKS = "ds_r1_k3_s1_e1_c16_se0.25;ir_r2_k3_s2_e6_c24_se0.25;ir_r2_k5_s2_e6_c40_se0.25";

    static final class Holder {
        @Mixin
        ModelOptions model = new ModelOptions();
    }

    @Test
    void widthOnePointTwoGivesTheSameNetworkBothWays() {
        EfficientNetConfig api = EfficientNetConfig.builder("mine", BlockStrings.parseArch(BLOCKS)).widthMultiplier(1.2).build();
        Holder h = CommandLine.populateCommand(new Holder(), "--blocks", BLOCKS, "--width", "1.2");
        EfficientNetConfig cli = (EfficientNetConfig) h.model.network("mine");
        assertEquals(1536, api.headChannels());
        assertEquals(1536, cli.headChannels());
        assertEquals(ActivationType.SWISH, cli.activation());
        assertEquals(api.activation(), cli.activation());
        long params = Models.countParameters(Models.build(api));
        CliTest.Result r = CliTest.run("summary", "mine", "--blocks", BLOCKS, "--width", "1.2", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(params, JsonParser.parseString(r.out()).getAsJsonObject().get("params").getAsLong());
    }

    @Test
    void everyNetworkByNameOnTheCommandLine() {
        CliTest.Result r = CliTest.run("summary", "resnet18", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(11_689_512L, JsonParser.parseString(r.out()).getAsJsonObject().get("params").getAsLong());
        CliTest.Result bad = CliTest.run("summary", "resnt18");
        assertTrue(bad.code() != 0 && bad.err().contains("did you mean resnet18"), bad.err());
    }
}
