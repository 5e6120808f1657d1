package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after the other, named {@code 0}, {@code 1}, … as PyTorch's nn.Sequential names them. */
public final class Sequential extends Layer {
    private final List<Block> layers = new ArrayList<>();

    public Sequential add(Block layer) {
        child(String.valueOf(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    public List<Block> layers() {
        return List.copyOf(layers);
    }

    public int size() {
        return layers.size();
    }

    public Block get(int i) {
        return layers.get(i);
    }

    /** Inserts a layer at {@code index}, renaming the following ones, as a list insert in PyTorch would. */
    public void insert(int index, Block layer) {
        if (index < 0 || index > layers.size()) {
            throw new IllegalArgumentException("insert position " + index + " outside 0.." + layers.size());
        }
        layers.add(index, layer);
        children.clear();
        for (int i = 0; i < layers.size(); i++) {
            children.add(String.valueOf(i), layers.get(i));
        }
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = v.visit(String.valueOf(i), layers.get(i), x);
        }
        return x;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (Block b : layers) {
            NDArray next = run(b, ps, y, training);
            if (y != x && next != y) {
                y.close();
            }
            y = next;
        }
        return y;
    }
}
