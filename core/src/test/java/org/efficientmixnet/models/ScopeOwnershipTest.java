package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.List;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Presets;

/**
 * A forward pass inside the caller's {@code NDScope} leaves nothing behind in the input's manager once the scope
 * closes: every intermediate, and the outputs, belong to that scope. (Before, each block took its output out of
 * its own scope with {@code NDScope.unregister}, which left the last block's output in no scope: one leaked
 * feature map per pass in the model's root manager.)
 */
class ScopeOwnershipTest {

    private static int arraysIn(NDManager m) {
        return m.getManagedArrays().size();
    }

    @Test
    void efficientNetPassesLeaveNothingInTheRootManager() {
        EfficientNetConfig c = Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(7).resolution(64).dropPathRate(0.2).build();
        try (Model model = Models.create(c)) {
            check((Network) model.getBlock(), model.getNDManager(), new int[] {1, 3});
        }
    }

    @Test
    void resNetPassesLeaveNothingInTheRootManager() {
        try (Model model = Models.create(Presets.get("resnet18")
                .with(new NetworkConfig.CommonOptions(null, 7, 64, null, null, null, null, null)))) {
            check((Network) model.getBlock(), model.getNDManager(), new int[] {0, 2});
        }
    }

    private static void check(Network net, NDManager m, int[] levels) {
        ParameterStore ps = new ParameterStore(m, false);
        NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
        NDArray y = m.create(new float[] {1, 4});
        // first a training step, so that the gradient arrays exist before counting
        trainStep(net, ps, x, y);
        int before = arraysIn(m);
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = net.forward(ps, x, false);
            assertEquals(2, out.getShape().get(0));
        }
        assertTrue(out.isReleased(), "the output belongs to the caller's scope");
        assertEquals(before, arraysIn(m), "inference");
        trainStep(net, ps, x, y);
        assertEquals(before, arraysIn(m), "training");
        List<NDArray> features;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            features = net.forwardIntermediates(ps, x, levels, false);
            for (NDArray f : features) {
                assertFalse(f.isReleased());
            }
        }
        assertEquals(before, arraysIn(m), "intermediates");
        // without a scope of the caller's, the output stays usable
        NDArray kept = net.forwardFeatures(ps, x, false);
        assertFalse(kept.isReleased());
        assertEquals(before + 1, arraysIn(m), "only the features themselves, outside any scope");
        kept.close();
    }

    private static void trainStep(Network net, ParameterStore ps, NDArray x, NDArray y) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(ps, x, true);
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out)));
            }
            net.getParameters().values().stream().filter(p -> p.requiresGradient())
                    .forEach(p -> p.getArray().getGradient().subi(p.getArray().getGradient()));
        }
    }
}
