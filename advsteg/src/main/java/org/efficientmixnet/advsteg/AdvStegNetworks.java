package org.efficientmixnet.advsteg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.efficientmixnet.weights.ModelWeights;

/**
 * Alice, Bob and Eve built for one {@link AdvStegConfig}, initialized as DCGAN in one manager that owns their
 * parameters; close it to free them.
 */
public final class AdvStegNetworks implements AutoCloseable {
    private final AdvStegConfig config;
    private final Variant variant;
    private final NDManager manager;
    private final Alice alice;
    private final Analyzer bob;
    private final Analyzer eve;

    private AdvStegNetworks(AdvStegConfig config, Variant variant, NDManager manager) {
        this.config = config;
        this.variant = variant;
        this.manager = manager;
        this.alice = new Alice(config, variant);
        this.bob = Analyzer.bob(config);
        this.eve = Analyzer.eve(config);
    }

    /** The reference's networks, built, shape-checked and initialized (DCGAN) from the engine's generator seeded with {@code seed}. */
    public static AdvStegNetworks create(AdvStegConfig config, long seed) {
        return create(config, Variant.REFERENCE, seed);
    }

    /** The networks of {@code variant} (the same layers and initialization as the reference's). */
    public static AdvStegNetworks create(AdvStegConfig config, Variant variant, long seed) {
        AdvStegNetworks n = new AdvStegNetworks(config, variant, NDManager.newBaseManager());
        int s = config.imageSize();
        Shape image = new Shape(1, config.inChannels(), s, s);
        n.alice.initialize(n.manager, DataType.FLOAT32, new Shape(1, Alice.inputSize(config, variant)));
        n.bob.initialize(n.manager, DataType.FLOAT32, image);
        n.eve.initialize(n.manager, DataType.FLOAT32, image);
        Engine.getInstance().setRandomSeed((int) seed);
        for (Block b : new Block[] {n.alice, n.bob, n.eve}) {
            Dcgan.initialize(b, n.manager);
        }
        return n;
    }

    /** Built without initialization, for parameter counts and shapes only (the reference's 293 M need no memory). */
    public static Map<String, Long> parameterCounts(AdvStegConfig config) {
        return parameterCounts(config, Variant.REFERENCE);
    }

    /** As {@link #parameterCounts(AdvStegConfig)}, for {@code variant}'s Alice. */
    public static Map<String, Long> parameterCounts(AdvStegConfig config, Variant variant) {
        Map<String, Long> out = new LinkedHashMap<>();
        AdvStegNetworks n = new AdvStegNetworks(config, variant, null);
        out.put("alice", count(n.alice, new Shape(1, Alice.inputSize(config, variant))));
        int s = config.imageSize();
        out.put("bob", count(n.bob, new Shape(1, config.inChannels(), s, s)));
        out.put("eve", count(n.eve, new Shape(1, config.inChannels(), s, s)));
        return out;
    }

    private static long count(Block b, Shape input) {
        long[] total = {0};
        countInto(b, total);
        b.getOutputShapes(new Shape[] {input}); // checks the sizes fit together
        return total[0];
    }

    private static void countInto(Block b, long[] total) {
        for (var p : b.getDirectParameters().values()) {
            if (p.requiresGradient()) {
                total[0] += p.getShape().size();
            }
        }
        for (var c : b.getChildren().values()) {
            countInto(c, total);
        }
    }

    public AdvStegConfig config() {
        return config;
    }

    /** How Alice makes the stego (the reference, or the residual variant). */
    public Variant variant() {
        return variant;
    }

    public Alice alice() {
        return alice;
    }

    public Analyzer bob() {
        return bob;
    }

    public Analyzer eve() {
        return eve;
    }

    public NDManager manager() {
        return manager;
    }

    public ParameterStore parameterStore() {
        return new ParameterStore(manager, false);
    }

    /** Trainable parameters of the three networks by name, prefixed {@code alice.}, {@code bob.}, {@code eve.}. */
    public Map<String, Block> byName() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("alice", alice);
        m.put("bob", bob);
        m.put("eve", eve);
        return m;
    }

    /** The parameters of one network by its state-dict names (for checkpoints and counts). */
    public static Map<String, ai.djl.nn.Parameter> parameters(Block b) {
        return ModelWeights.namedParameters(b);
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
