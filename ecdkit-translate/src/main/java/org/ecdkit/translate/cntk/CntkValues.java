package org.ecdkit.translate.cntk;

import java.util.HashMap;
import java.util.Map;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.cntk.CntkModelFile;
import org.ecdkit.model.cntk.CntkValue;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;

/** The ONNX values of a CNTK model's variables and function outputs, by uid, with their static rank (batch excluded). */
final class CntkValues {

    /** An ONNX value and the rank CNTK gives it, the batch axis not counted. */
    record Value(String name, int rank) {
    }

    private final OnnxGraph onnx;
    private final CntkModelFile model;
    private final Map<String, Value> values;
    private final Map<String, FloatTensor> folded = new HashMap<>();
    /** A block's placeholders stand for its operands; a block's output is its composite root's output. */
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, CntkValue.Dict> functions = new HashMap<>();
    private final java.util.Set<String> translating = new java.util.HashSet<>();
    private CntkValue.Dict current;

    CntkValues(OnnxGraph onnx, CntkModelFile model, Map<String, Value> values) {
        this.onnx = onnx;
        this.model = model;
        this.values = values;
        for (CntkValue.Dict function : model.functions()) {
            functions.put(function.text("uid"), function);
            if (function.number("op", -1) == CntkOperators.BLOCK) {
                var keys = function.vector("block_function_composite_arguments_map_keys");
                var targets = function.vector("block_function_composite_arguments_map_values");
                for (int i = 0; i < Math.min(keys.size(), targets.size()); i++) {
                    if (keys.get(i) instanceof CntkValue.Text key && targets.get(i) instanceof CntkValue.Text target) {
                        aliases.put(key.value(), target.value());
                    }
                }
                aliases.put(function.text("uid") + "_Output_0",
                        function.dict("block_function_composite").text("root") + "_Output_0");
            }
        }
    }

    /** What {@code uid} stands for once placeholders and block outputs are followed. */
    String resolve(String uid) {
        String resolved = uid;
        for (int i = 0; i < 1000 && aliases.containsKey(resolved); i++) {
            resolved = aliases.get(resolved);
        }
        return resolved;
    }

    OnnxGraph onnx() {
        return onnx;
    }

    void at(CntkValue.Dict function) {
        this.current = function;
    }

    String uid() {
        return current.text("uid");
    }

    CntkValue.Dict attributes() {
        return current.dict("attributes");
    }

    String input(int i) {
        var inputs = current.vector("inputs");
        if (i >= inputs.size() || !(inputs.get(i) instanceof CntkValue.Text text)) {
            throw refused("has no operand " + i);
        }
        return text.value();
    }

    int inputCount() {
        return current.vector("inputs").size();
    }

    boolean constant(String uid) {
        String resolved = resolve(uid);
        ensure(resolved);
        CntkValue.Dict variable = model.variables().get(resolved);
        return folded.containsKey(resolved) || variable != null && variable.get("value") instanceof CntkValue.ArrayView;
    }

    FloatTensor constantValue(String raw) {
        String uid = resolve(raw);
        ensure(uid);
        FloatTensor value = folded.get(uid);
        if (value != null) {
            return value;
        }
        CntkValue.Dict variable = model.variables().get(uid);
        if (variable == null || !(variable.get("value") instanceof CntkValue.ArrayView)) {
            throw refused("needs operand \"" + uid + "\" known when translating (a parameter or constant)");
        }
        return CntkTranslator.weights(variable);
    }

    /** The value of {@code uid}: a function's output, a model input, or a parameter or constant (as an initializer). */
    Value value(String raw) {
        String uid = resolve(raw);
        ensure(uid);
        Value value = values.get(uid);
        if (value != null) {
            return value;
        }
        if (constant(uid)) {
            FloatTensor tensor = constantValue(uid);
            value = new Value(onnx.weight(safe(uid), tensor), tensor.rank());
            values.put(uid, value);
            return value;
        }
        throw refused("reads \"" + uid + "\", which no earlier function makes");
    }

    /**
     * Translates the function making {@code uid} first if it has not been: CNTK lists a block's
     * inner functions before the block that feeds them, so the order is followed by demand, not by
     * the list.
     */
    private void ensure(String uid) {
        if (values.containsKey(uid) || folded.containsKey(uid) || !uid.contains("_Output_")) {
            return;
        }
        CntkValue.Dict function = functions.get(uid.substring(0, uid.lastIndexOf("_Output_")));
        if (function == null || function.number("op", -1) == CntkOperators.BLOCK) {
            return;
        }
        if (!translating.add(function.text("uid"))) {
            throw refused("depends on itself through \"" + function.text("uid") + "\" (a cycle): the file is damaged");
        }
        CntkValue.Dict caller = current;
        try {
            CntkOperations.translate(function, this);
        } finally {
            current = caller;
        }
    }

    /** Defines this function's first output. */
    void out(String name, int rank) {
        values.put(uid() + "_Output_0", new Value(name, rank));
    }

    void fold(FloatTensor value) {
        folded.put(uid() + "_Output_0", value);
    }

    String base() {
        return safe(current.text("name").isEmpty() ? uid() : current.text("name") + "_" + uid());
    }

    UnsupportedInputException refused(String problem) {
        return new UnsupportedInputException(Place.in(model.file(), "function \"" + uid() + "\" ("
                + CntkOperators.name((int) current.number("op", -1)) + ")"), problem);
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_./:-]", "_");
    }
}
