package org.ecdkit.model.cntk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ecdkit.core.model.Confidence;
import org.ecdkit.core.model.Dim;
import org.ecdkit.core.model.ElementType;
import org.ecdkit.core.model.Layout;
import org.ecdkit.core.model.LayoutInference;
import org.ecdkit.core.model.Shape;
import org.ecdkit.core.model.TensorLayout;
import org.ecdkit.core.model.TensorSpec;

/**
 * A CNTK v2 composite function, as CompositeFunction::Serialize writes it (CNTK's
 * CompositeFunction.cpp, Variable.cpp, PrimitiveFunction.cpp): {@code inputs} are the leaf variables
 * (kind 0 Input, 2 Parameter, 3 Constant, 4 Placeholder) with their shapes, {@code primitive_functions}
 * the operations (op: PrimitiveOpType) in topological order, {@code root} the uid of the last one.
 *
 * <p>CNTK does not store output shapes; it infers them when it loads a model. ecdkit reads the output
 * the way classification models end: it walks back from the root through element-wise steps
 * (softmax, bias, activation) to the last Convolution or Times, whose weights' shape gives the number
 * of classes; a convolution's output is assumed to keep the input's spatial size. The result says it
 * was inferred.
 */
final class CntkGraph {

    static final int OP_SIGMOID = 1;
    static final int OP_SOFTMAX = 10;
    static final int OP_TIMES = 31;
    static final int OP_CONVOLUTION = 33;
    static final int OP_COMBINE = 44;
    static final int OP_BLOCK = 57;

    /** Operations that keep their first non-parameter operand's shape (PrimitiveOpType.h). */
    private static final Set<Integer> SHAPE_PRESERVING = Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 19, 20, 21,
            40, 41, 48, 51, 56, 62, 64, 65, 69, 75, 91);
    private static final int MAX_STEPS = 64;

    private final Map<String, CntkValue.Dict> variables = new HashMap<>();
    private final Map<String, CntkValue.Dict> functions = new HashMap<>();
    private final List<CntkValue.Dict> inputs = new ArrayList<>();
    private final String root;

    CntkGraph(CntkValue.Dict model) {
        java.util.Set<String> inputNames = new java.util.HashSet<>();
        for (CntkValue value : model.vector("inputs")) {
            if (value instanceof CntkValue.Dict variable) {
                variables.put(variable.text("uid"), variable);
                // CNTK's ONNX importer makes one Input per consumer of a graph input, all of one name: one input.
                if (variable.number("kind", -1) == 0 && inputNames.add(nameOf(variable))) {
                    inputs.add(variable);
                }
            }
        }
        for (CntkValue value : model.vector("primitive_functions")) {
            if (value instanceof CntkValue.Dict function) {
                functions.put(function.text("uid"), function);
            }
        }
        this.root = model.text("root");
    }

    int functionCount() {
        return functions.size();
    }

    List<TensorSpec> inputs() {
        List<TensorSpec> result = new ArrayList<>();
        for (CntkValue.Dict input : inputs) {
            Shape shape = shapeOf(input);
            result.add(TensorSpec.read(nameOf(input), elementType(input), shape,
                    LayoutInference.infer(shape, false, Layout.NCHW, "CNTK")));
        }
        return result;
    }

    /** The model's outputs: the root function, or the functions a root Combine gathers. */
    List<TensorSpec> outputs() {
        CntkValue.Dict rootFunction = functions.get(root);
        if (rootFunction == null) {
            return List.of();
        }
        List<String> outputUids = new ArrayList<>();
        if (rootFunction.number("op", -1) == OP_COMBINE) {
            rootFunction.vector("inputs").forEach(v -> outputUids.add(v instanceof CntkValue.Text t ? t.value() : ""));
        } else {
            outputUids.add(root + "_Output_0");
        }
        List<TensorSpec> result = new ArrayList<>();
        for (String uid : outputUids) {
            result.add(output(uid));
        }
        return result;
    }

    private TensorSpec output(String outputUid) {
        String functionUid = ownerOf(outputUid);
        CntkValue.Dict function = functions.get(functionUid);
        String name = function == null ? outputUid : function.text("name").isEmpty() ? outputUid : function.text("name");
        ElementType type = inputs.isEmpty() ? ElementType.FLOAT32 : elementType(inputs.get(0));
        Optional<Shape> shape = inferShape(outputUid);
        if (shape.isEmpty()) {
            return TensorSpec.read(name, type, Shape.unknownRank(), TensorLayout.UNKNOWN);
        }
        Shape s = shape.get();
        TensorLayout layout = s.rank() == 3
                ? new TensorLayout(Layout.CHW, Confidence.INFERRED, "the last convolution's filters are the classes; "
                        + "its spatial size is taken to follow the input")
                : LayoutInference.infer(s, false, Layout.NCHW, "CNTK");
        return TensorSpec.read(name, type, s, layout);
    }

    /** Walks back from an output to the operation that sets its channels. */
    private Optional<Shape> inferShape(String outputUid) {
        String uid = outputUid;
        for (int step = 0; step < MAX_STEPS; step++) {
            CntkValue.Dict function = functions.get(ownerOf(uid));
            if (function == null) {
                return Optional.empty();
            }
            int op = (int) function.number("op", -1);
            String blockOp = function.text("block_function_op_name");
            if (op == OP_CONVOLUTION || op == OP_BLOCK && blockOp.equals("Convolution")) {
                return weight(function).map(w -> Shape.of(List.of(Dim.of(w[0]), spatial(1), spatial(2))));
            }
            if (op == OP_TIMES || op == OP_BLOCK && blockOp.equals("Dense")) {
                return weight(function).map(w -> Shape.of(List.of(Dim.of(w[w.length - 1]))));
            }
            if (!SHAPE_PRESERVING.contains(op) && op != OP_BLOCK) {
                return Optional.empty();
            }
            Optional<String> operand = firstComputedOperand(function);
            if (operand.isEmpty()) {
                return Optional.empty();
            }
            uid = operand.get();
        }
        return Optional.empty();
    }

    /**
     * The weights a convolution or dense step multiplies by, in Python's axis order: a Parameter in a
     * model CNTK trained, a Constant in one CNTK imported from ONNX (its importer makes every
     * initializer a Constant; found on a model CNTK 2.4 imported and saved).
     */
    private Optional<long[]> weight(CntkValue.Dict function) {
        for (CntkValue value : function.vector("inputs")) {
            CntkValue.Dict variable = variables.get(value instanceof CntkValue.Text t ? t.value() : "");
            long kind = variable == null ? -1 : variable.number("kind", -1);
            if ((kind == 2 || kind == 3) && variable.get("shape") instanceof CntkValue.Shape s
                    && s.dims().length >= 2) {
                return Optional.of(reversed(s.dims()));
            }
        }
        return Optional.empty();
    }

    /** The first operand that is another function's output, not a parameter or constant. */
    private Optional<String> firstComputedOperand(CntkValue.Dict function) {
        for (CntkValue value : function.vector("inputs")) {
            String uid = value instanceof CntkValue.Text t ? t.value() : "";
            CntkValue.Dict variable = variables.get(uid);
            if (variable == null && functions.containsKey(ownerOf(uid))) {
                return Optional.of(uid);
            }
        }
        return Optional.empty();
    }

    /** The input image's size along a spatial axis (1 rows, 2 columns of CHW), or free. */
    private Dim spatial(int axis) {
        if (inputs.isEmpty()) {
            return Dim.unknown();
        }
        Shape shape = shapeOf(inputs.get(0));
        return shape.rank() == 3 ? shape.dim(axis) : Dim.unknown();
    }

    /** A function's output "Plus11_Output_0" belongs to the function "Plus11". */
    static String ownerOf(String outputUid) {
        int at = outputUid.lastIndexOf("_Output_");
        return at > 0 ? outputUid.substring(0, at) : outputUid;
    }

    private static String nameOf(CntkValue.Dict variable) {
        String name = variable.text("name");
        return name.isEmpty() ? variable.text("uid") : name;
    }

    private static Shape shapeOf(CntkValue.Dict variable) {
        if (!(variable.get("shape") instanceof CntkValue.Shape s)) {
            return Shape.unknownRank();
        }
        long[] dims = reversed(s.dims());
        List<Dim> result = new ArrayList<>();
        for (long dim : dims) {
            // NDShape::InferredDimension and FreeDimension are the largest size_t values.
            result.add(dim < 0 || dim > Integer.MAX_VALUE ? Dim.unknown() : Dim.of(dim));
        }
        return Shape.of(result);
    }

    private static long[] reversed(long[] dims) {
        long[] result = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            result[i] = dims[dims.length - 1 - i];
        }
        return result;
    }

    /** CNTK's DataType: 1 float, 2 double, 4 float16, 5 int8, 6 int16. */
    static ElementType elementType(CntkValue.Dict variable) {
        return switch ((int) variable.number("data_type", 1)) {
            case 1 -> ElementType.FLOAT32;
            case 2 -> ElementType.FLOAT64;
            case 4 -> ElementType.FLOAT16;
            case 5 -> ElementType.INT8;
            case 6 -> ElementType.INT16;
            default -> ElementType.UNKNOWN;
        };
    }
}
