package org.ecdkit.translate.cntk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UnsupportedInputException;
import org.ecdkit.model.cntk.CntkModelFile;
import org.ecdkit.model.cntk.CntkValue;
import org.ecdkit.translate.onnx.FloatTensor;
import org.ecdkit.translate.onnx.OnnxGraph;
import org.ecdkit.translate.onnx.proto.Onnx.ModelProto;

/**
 * Translates a CNTK v2 model into ONNX, primitive function by primitive function. CNTK stores shapes
 * reversed (column-major); reversed back ("Python's order") and with the batch axis in front they
 * are ONNX's NCHW, and an NDArrayView's values in storage order are the row-major values of the
 * Python shape, so weights pass as they are and only axis numbers need mapping: a static axis index
 * {@code i} of a tensor of rank {@code r} is ONNX axis {@code 1 + (r - 1 - i)}. The ONNX model takes
 * and gives one sample, as CNTK's shapes (and ecdkit's inspection) describe it; the batch axis lives
 * inside.
 *
 * <p>Blocks (the layers of CNTK's layers library, and what its ONNX importer makes of Flatten, Gemm
 * or Softmax) are translated through their primitive functions: the file lists those beside the
 * others, reading the block's placeholders, which stand for the block's operands.
 */
public final class CntkTranslator {

    private static final Set<Integer> TRANSLATED = Set.of(CntkOperators.NEGATE, CntkOperators.SIGMOID, CntkOperators.TANH,
            CntkOperators.RELU, CntkOperators.EXP, CntkOperators.LOG, CntkOperators.SQRT, CntkOperators.FLOOR, CntkOperators.ABS,
            CntkOperators.RECIPROCAL, CntkOperators.SOFTMAX, CntkOperators.TRANSPOSE_AXES, CntkOperators.DROPOUT,
            CntkOperators.RESHAPE, CntkOperators.POOLING, CntkOperators.PLUS, CntkOperators.MINUS, CntkOperators.ELEMENT_TIMES,
            CntkOperators.TIMES, CntkOperators.CONVOLUTION, CntkOperators.BATCH_NORMALIZATION, CntkOperators.CLIP,
            CntkOperators.SPLICE, CntkOperators.COMBINE, CntkOperators.LOG_SOFTMAX, CntkOperators.SIN, CntkOperators.COS,
            CntkOperators.PASS, CntkOperators.NO_OP, CntkOperators.STOP_GRADIENT, CntkOperators.ELU, CntkOperators.STABLE_SIGMOID,
            CntkOperators.PAD, CntkOperators.BLOCK, CntkOperators.REDUCE_ELEMENTS);

    private CntkTranslator() {
    }

    /** What would stop the translation, one line per function; empty when nothing does. */
    public static List<String> blockers(CntkModelFile model) {
        List<String> blockers = new ArrayList<>();
        List<CntkValue.Dict> functions = model.functions();
        for (int i = 0; i < functions.size(); i++) {
            CntkValue.Dict function = functions.get(i);
            int op = (int) function.number("op", -1);
            if (!TRANSLATED.contains(op)) {
                blockers.add("function \"" + function.text("uid") + "\" (" + CntkOperators.name(op) + ", " + (i + 1) + " of "
                        + functions.size() + ") has no ONNX translation in ecdkit");
            }
        }
        return blockers;
    }

    public static ModelProto translate(CntkModelFile model, String producerVersion) {
        List<String> blockers = blockers(model);
        if (!blockers.isEmpty()) {
            throw new UnsupportedInputException(Place.of(model.file()), blockers.get(0)
                    + (blockers.size() > 1 ? " (and " + (blockers.size() - 1) + " more: ecdkit inspect lists them)" : ""));
        }
        OnnxGraph onnx = new OnnxGraph("cntk");
        Map<String, CntkValues.Value> values = new HashMap<>();
        CntkValues context = new CntkValues(onnx, model, values);
        // CNTK's ONNX importer makes one Input per consumer of a graph input, all of one name: one ONNX input serves them.
        Map<String, CntkValues.Value> byName = new HashMap<>();
        for (CntkValue.Dict variable : model.variables().values()) {
            if (variable.number("kind", -1) == 0 && byName.containsKey(CntkModelFile.inputName(variable))) {
                values.put(variable.text("uid"), byName.get(CntkModelFile.inputName(variable)));
            } else if (variable.number("kind", -1) == 0) {
                long[] shape = CntkModelFile.pythonShape(variable.shape("shape"));
                String name = CntkModelFile.inputName(variable);
                // The input is one sample, as inspect reports it (CNTK's batch is a dynamic axis, not part
                // of its shapes); the graph adds the batch axis inside, and removes it from the outputs.
                String sample = onnx.input(name, shape, false);
                String batched = onnx.node("Unsqueeze", sample, onnx.int64s(name + "_batch_axis", 0)).output(name + "_batch");
                CntkValues.Value input = new CntkValues.Value(batched, shape.length);
                values.put(variable.text("uid"), input);
                byName.put(name, input);
            }
        }
        List<String> outputs = outputs(model);
        outputs.forEach(o -> onnx.reserve(model.outputName(o)));
        // Functions are translated as the outputs need them: blocks list their inner functions out of order.
        for (String output : outputs) {
            String sample = onnx.node("Squeeze", context.value(output).name(), onnx.int64s("batch_axis", 0))
                    .output(model.outputName(output) + "_sample");
            onnx.output(sample, model.outputName(output));
        }
        return onnx.model("ecdkit", producerVersion, "Translated by ecdkit from a CNTK v2 model (" + model.file().getFileName()
                + ")", List.<String[]>of(new String[] {"ecdkit.translated_from", "cntk-v2"}));
    }

    /** The root function's output, or the outputs a root Combine gathers. */
    private static List<String> outputs(CntkModelFile model) {
        for (CntkValue.Dict function : model.functions()) {
            if (function.text("uid").equals(model.root()) && function.number("op", -1) == CntkOperators.COMBINE) {
                List<String> outputs = new ArrayList<>();
                function.vector("inputs").forEach(v -> outputs.add(v instanceof CntkValue.Text t ? t.value() : ""));
                return outputs;
            }
        }
        return List.of(model.root() + "_Output_0");
    }

    static FloatTensor weights(CntkValue.Dict variable) {
        CntkValue.ArrayView view = (CntkValue.ArrayView) variable.get("value");
        return new FloatTensor(CntkModelFile.pythonShape(view.dims()), view.values());
    }
}
