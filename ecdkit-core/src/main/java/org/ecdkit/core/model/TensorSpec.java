package org.ecdkit.core.model;

import java.util.Objects;

/**
 * One input or output of a model.
 *
 * @param name   the name a runtime feeds or fetches it by
 * @param type   element type
 * @param shape  shape in feed order
 * @param layout what the axes mean, and how sure that is
 * @param source whether the shape was read from the model or declared by the user
 */
public record TensorSpec(String name, ElementType type, Shape shape, TensorLayout layout, ShapeSource source) {

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(source, "source");
    }

    /** A tensor read from a model file. */
    public static TensorSpec read(String name, ElementType type, Shape shape, TensorLayout layout) {
        return new TensorSpec(name, type, shape, layout, ShapeSource.READ);
    }

    /** The size of the channel axis (bands or classes) when the layout has one and it is fixed, else -1. */
    public long channels() {
        return layout.layout().channelAxis().stream()
                .filter(axis -> axis < shape.rank())
                .mapToLong(axis -> shape.dim(axis).sizeOrMinusOne())
                .findFirst().orElse(-1);
    }

    public TensorSpec withLayout(TensorLayout newLayout) {
        return new TensorSpec(name, type, shape, newLayout, source);
    }
}
