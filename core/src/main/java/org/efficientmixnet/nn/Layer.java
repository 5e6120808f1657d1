package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Base of our DJL blocks. Children keep plain names ({@code conv_dw}, {@code 0}) instead of DJL's numbered
 * ones, so that joining the path with dots gives PyTorch's state-dict key. Every layer describes its data
 * flow once, in {@link #trace}: initialization, output shapes and the model summary all walk it.
 */
public abstract class Layer extends AbstractBlock {

    /** Receives each child with the shape it is fed; returns the child's output shape. */
    @FunctionalInterface
    public interface ShapeVisitor {
        Shape visit(String name, Block child, Shape input);

        /** Only computes shapes. */
        ShapeVisitor SHAPES = (name, child, input) -> child.getOutputShapes(new Shape[] {input})[0];
    }

    protected Layer() {
        super((byte) 1);
    }

    /**
     * Runs {@code body} in its own {@code NDScope}, so that the intermediates it makes are freed when it returns
     * (autograd keeps what the backward pass needs), and hands the arrays it returns to the caller's scope:
     * {@code NDScope.unregister} alone leaves an array in no scope, alive until its manager closes (for a model's
     * input, the model's root manager: one feature map per forward pass, found by counting that manager's arrays
     * over training steps).
     */
    protected static List<NDArray> inOwnScope(Supplier<List<NDArray>> body) {
        List<NDArray> out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = body.get();
            out.forEach(NDScope::unregister);
        }
        out.forEach(NDScope::register);
        return out;
    }

    /** {@link #inOwnScope(Supplier)} for one result. */
    protected static NDArray inOwnScopeOne(Supplier<NDArray> body) {
        return inOwnScope(() -> List.of(body.get())).get(0);
    }

    protected final <B extends Block> B child(String name, B block) {
        for (var p : children) {
            if (p.getKey().equals(name)) {
                throw new IllegalStateException(getClass().getSimpleName() + " already has a child named '" + name + "'");
            }
        }
        children.add(name, block);
        return block;
    }

    protected final Parameter param(String name, Parameter.Type type, Shape shape, ai.djl.training.initializer.Initializer init,
            boolean trainable) {
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init)
                .optRequiresGrad(trainable).build());
    }

    /**
     * Walks the children in data-flow order, handing each the shape it receives, and returns the output shape.
     * Leaves (no children) just compute their output shape.
     */
    public abstract Shape trace(Shape input, ShapeVisitor visitor);

    /** Our layers take and give one NCHW (or NC) array. */
    public abstract NDArray forward(ParameterStore ps, NDArray x, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    /** Runs a child block of ours, or any DJL block, on one array. */
    protected static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        if (b instanceof Layer l) {
            return l.forward(ps, x, training);
        }
        return b.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {trace(inputShapes[0], ShapeVisitor.SHAPES)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        trace(inputShapes[0], (name, child, input) -> {
            child.initialize(manager, dataType, input);
            return child.getOutputShapes(new Shape[] {input})[0];
        });
    }

    /** Multiply-accumulates of this layer itself (not its children) for one sample with the given input. */
    public long macs(Shape input) {
        return 0;
    }
}
