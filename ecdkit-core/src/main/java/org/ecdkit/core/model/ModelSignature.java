package org.ecdkit.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model file says about itself, read without a deep-learning runtime: its format and
 * producer, and the tensors it takes and gives. The same type describes every format.
 *
 * @param format        the file format
 * @param formatVersion the format's own version ("IR 8, opset 17", "schema 3")
 * @param producer      the tool that wrote it, with its version, or empty
 * @param inputs        the inputs a caller must feed, in the model's order
 * @param outputs       the outputs, in the model's order
 * @param properties    key/value metadata the file carries (ONNX metadata_props, Keras versions)
 * @param notes         facts a user should know (several signatures exist; shapes not recorded)
 */
public record ModelSignature(ModelFormat format, String formatVersion, String producer,
        List<TensorSpec> inputs, List<TensorSpec> outputs, Map<String, String> properties, List<String> notes) {

    public ModelSignature {
        Objects.requireNonNull(format, "format");
        formatVersion = formatVersion == null ? "" : formatVersion;
        producer = producer == null ? "" : producer;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        properties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        notes = List.copyOf(notes);
    }

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * This signature with {@code settled} in place of the input or output of its name: a layout
     * conversion settled with the class info's help, recorded so that a run feeds what was checked.
     */
    public ModelSignature with(TensorSpec settled) {
        java.util.function.UnaryOperator<TensorSpec> swap = t -> t.name().equals(settled.name()) ? settled : t;
        return new ModelSignature(format, formatVersion, producer, inputs.stream().map(swap).toList(),
                outputs.stream().map(swap).toList(), properties, notes);
    }

    /**
     * The one input with rows and columns, when exactly one has them: the imagery, without asking
     * the user. Conversion chooses with the class info's help; this is for describing a model alone.
     */
    public Optional<TensorSpec> soleImageInput() {
        List<TensorSpec> images = inputs.stream()
                .filter(t -> t.layout().layout().heightAxis().isPresent() && t.layout().layout().widthAxis().isPresent())
                .toList();
        return images.size() == 1 ? Optional.of(images.get(0)) : Optional.empty();
    }
}
