package org.efficientmixnet.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;
import org.junit.jupiter.api.Test;

class SchedulesAndLossTest {

    @Test
    void schedulesAtKnownSteps() {
        Tracker step = Schedules.step(0.1f, 10, 0.5f);
        assertEquals(0.1f, step.getNewValue(1), 1e-9);
        assertEquals(0.1f, step.getNewValue(10), 1e-9);
        assertEquals(0.05f, step.getNewValue(11), 1e-9);
        assertEquals(0.025f, step.getNewValue(25), 1e-9);
        Tracker cos = Schedules.cosine(1f, 10, 110, 0f);
        assertEquals(0.1f, cos.getNewValue(1), 1e-7);
        assertEquals(1f, cos.getNewValue(10), 1e-7);
        assertEquals(0.5f, cos.getNewValue(60), 1e-6);   // halfway through the cosine
        assertEquals(0f, cos.getNewValue(110), 1e-7);
        assertEquals(0f, cos.getNewValue(500), 1e-7);
        Tracker one = Schedules.oneCycle(1f, 100, 0.3, 25, 1e4);
        assertEquals(0.04f, one.getNewValue(1), 1e-7);        // max / 25
        assertEquals(1f, one.getNewValue(30), 1e-6);          // the peak at step 0.3·100 − 1 (0-based)
        assertEquals(0.04f / 1e4f, one.getNewValue(100), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Schedules.cosine(1f, 10, 10, 0f));
    }

    @Test
    void labelSmoothingByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {2f, 0f, 0f, 0f, 1f, 3f}, new Shape(2, 3));
            NDArray y = m.create(new float[] {0f, 2f});
            double[][] lp = new double[2][3];
            double[][] l = {{2, 0, 0}, {0, 1, 3}};
            for (int i = 0; i < 2; i++) {
                double z = Math.log(Math.exp(l[i][0]) + Math.exp(l[i][1]) + Math.exp(l[i][2]));
                for (int c = 0; c < 3; c++) {
                    lp[i][c] = l[i][c] - z;
                }
            }
            double eps = 0.1;
            double expected = 0;
            int[] t = {0, 2};
            for (int i = 0; i < 2; i++) {
                expected += (1 - eps) * -lp[i][t[i]] + eps * -(lp[i][0] + lp[i][1] + lp[i][2]) / 3;
            }
            expected /= 2;
            float got = new LabelSmoothingCrossEntropy(0.1f).evaluate(new NDList(y), new NDList(logits)).getFloat();
            assertEquals(expected, got, 1e-6);
            float plain = new LabelSmoothingCrossEntropy(0f).evaluate(new NDList(y), new NDList(logits)).getFloat();
            float djl = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(logits)).getFloat();
            assertEquals(djl, plain, 1e-6);
        }
    }

    @Test
    void optimizerStateSurvivesSaveAndLoad() {
        EfficientNetConfig c = EfficientNetConfig.builder("tiny", BlockStrings.parseArch("ds_r1_k3_s1_c8")).stemSize(8)
                .headChannels(16).numClasses(2).resolution(32).build();
        try (Model a = Models.create(c); Model b = Models.create(c); NDManager m = NDManager.newBaseManager()) {
            ModelWeights.load(b.getBlock(), ModelWeights.stateDict(a.getBlock()), ModelWeights.LoadOptions.STRICT);
            TorchOptimizer oa = new Lookahead(new RAdam(Tracker.fixed(0.01f), 0.9f, 0.999f, 1e-8f, 0.01f, false), 2, 0.5f);
            var pa = ModelWeights.namedParameters(a.getBlock());
            var pb = ModelWeights.namedParameters(b.getBlock());
            for (int t = 0; t < 3; t++) {
                for (var e : pa.entrySet()) {
                    oa.update(e.getValue().getId(), e.getValue().getArray(), e.getValue().getArray().onesLike().mul(0.1f * (t + 1)));
                }
            }
            StateDict saved = oa.stateDict(a.getBlock());
            ModelWeights.load(b.getBlock(), ModelWeights.stateDict(a.getBlock()), ModelWeights.LoadOptions.STRICT);
            TorchOptimizer ob = new Lookahead(new RAdam(Tracker.fixed(0.01f), 0.9f, 0.999f, 1e-8f, 0.01f, false), 2, 0.5f);
            ob.loadStateDict(b.getBlock(), saved);
            for (int t = 3; t < 6; t++) {
                for (var e : pa.entrySet()) {
                    NDArray g = e.getValue().getArray().onesLike().mul(0.1f * (t + 1));
                    oa.update(e.getValue().getId(), e.getValue().getArray(), g);
                    ob.update(pb.get(e.getKey()).getId(), pb.get(e.getKey()).getArray(), g);
                }
            }
            for (String k : pa.keySet()) {
                assertArrayEquals(pa.get(k).getArray().toFloatArray(), pb.get(k).getArray().toFloatArray(), 0f, k);
            }
        }
    }

    @Test
    void emaAveragesAndSwaps() {
        EfficientNetConfig c = EfficientNetConfig.builder("tiny", BlockStrings.parseArch("ds_r1_k3_s1_c8")).stemSize(8)
                .headChannels(16).numClasses(2).resolution(32).build();
        try (Model a = Models.create(c)) {
            var p = ModelWeights.namedParameters(a.getBlock()).get("classifier.bias");
            p.getArray().set(new float[] {0f, 0f});
            try (WeightEma ema = new WeightEma(a.getBlock(), 0.9f)) {
                p.getArray().set(new float[] {1f, 2f});
                ema.update(); // 0.9·0 + 0.1·w
                assertArrayEquals(new float[] {0.1f, 0.2f}, ema.shadow("classifier.bias").toFloatArray(), 1e-6f);
                ema.swapIn();
                assertArrayEquals(new float[] {0.1f, 0.2f}, p.getArray().toFloatArray(), 1e-6f);
                ema.swapOut();
                assertArrayEquals(new float[] {1f, 2f}, p.getArray().toFloatArray(), 0f);
            }
        }
    }
}
