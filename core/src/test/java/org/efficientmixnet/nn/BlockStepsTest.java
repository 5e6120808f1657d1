package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Padding;
import org.junit.jupiter.api.Test;

/** Each block states its parts once: the step list is its children, its trace and (with activations) its forward. */
class BlockStepsTest {
    static final LayerOptions O = new LayerOptions(ActivationType.SWISH, NormType.BATCH_NORM, 8, 1e-5, 0.1, Padding.SYMMETRIC);

    /** Step names in order, "act" for an activation. */
    static List<String> steps(ResidualBlock b) {
        return b.steps().stream().map(s -> s.isActivation() ? "act:" + s.activation().id() : s.name()).toList();
    }

    static List<String> traced(ResidualBlock b, Shape in) {
        List<String> names = new ArrayList<>();
        b.trace(in, (name, child, x) -> {
            names.add(name);
            return Layer.ShapeVisitor.SHAPES.visit(name, child, x);
        });
        return names;
    }

    @Test
    void everyBlockDeclaresItsStepsOnce() {
        Shape in = new Shape(1, 8, 8, 8);
        ResidualBlock ir = new InvertedResidual(8, 8, 32, List.of(3, 5), List.of(1), List.of(1), 1, 2, false, 0, O);
        assertEquals(List.of("conv_pw", "bn1", "act:swish", "conv_dw", "bn2", "act:swish", "se", "conv_pwl", "bn3"), steps(ir));
        ResidualBlock ds = new DepthwiseSeparable(8, 16, List.of(3), List.of(1), 2, 0, true, true, 0, O);
        assertEquals(List.of("conv_dw", "bn1", "act:swish", "conv_pw", "bn2", "act:swish"), steps(ds));
        ResidualBlock er = new EdgeResidual(8, 8, 32, List.of(3), List.of(1), 1, 0, false, 0, O.withActivation(ActivationType.RELU));
        assertEquals(List.of("conv_exp", "bn1", "act:relu", "conv_pwl", "bn2"), steps(er));
        ResidualBlock cn = new ConvNormAct(8, 8, 3, 1, true, 0, O);
        assertEquals(List.of("conv", "bn1", "act:swish"), steps(cn));
        ResidualBlock bb = new BasicBlock(8, 16, 2, 4, O.withActivation(ActivationType.RELU));
        assertEquals(List.of("conv1", "bn1", "act:relu", "conv2", "bn2", "se"), steps(bb));
        ResidualBlock bo = new Bottleneck(16, 4, 1, 0, O);
        assertEquals(List.of("conv1", "bn1", "act:swish", "conv2", "bn2", "act:swish", "conv3", "bn3"), steps(bo));
        for (ResidualBlock b : List.of(ir, ds, er, cn, bb, bo)) {
            Shape x = b == bo ? new Shape(1, 16, 8, 8) : in;
            List<String> layers = steps(b).stream().filter(s -> !s.startsWith("act:")).toList();
            List<String> children = new ArrayList<>(layers);
            if (b.getChildren().contains("downsample")) {
                children.add("downsample"); // the shortcut, beside the branch, last in the state dict as in timm
            }
            assertEquals(children, b.getChildren().keys(), b.getClass().getSimpleName());
            assertEquals(children, traced(b, x), b.getClass().getSimpleName());
        }
    }
}
