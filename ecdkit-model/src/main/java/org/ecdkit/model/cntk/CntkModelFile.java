package org.ecdkit.model.cntk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.model.protobuf.ProtoReader;

/**
 * A CNTK v2 model read for translation: its composite function's variables (inputs, parameters and
 * constants with their values) and primitive functions in the order CNTK serialised them
 * (topological: a function's operands come before it), as {@link CntkValue} dictionaries.
 *
 * @param variables by uid
 * @param functions in order
 * @param root      the uid of the root function
 */
public record CntkModelFile(Path file, Map<String, CntkValue.Dict> variables, List<CntkValue.Dict> functions, String root) {

    public static CntkModelFile read(Path file) {
        return read(file, true);
    }

    /** The model's variables and functions, its NDArrayViews' values skipped: what a check of the functions needs. */
    public static CntkModelFile readStructure(Path file) {
        return read(file, false);
    }

    private static CntkModelFile read(Path file, boolean weights) {
        CntkValue.Dict model;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ProtoReader in = new ProtoReader(channel, file, 0, channel.size());
            model = weights ? CntkDictionary.readWithWeights(in) : CntkDictionary.read(in);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        if (!model.text("type").equals("CompositeFunction")) {
            throw new InvalidInputException(Place.in(file, "type"), "a CNTK dictionary of type \"" + model.text("type")
                    + "\", not a model (a CompositeFunction)");
        }
        Map<String, CntkValue.Dict> variables = new LinkedHashMap<>();
        for (CntkValue value : model.vector("inputs")) {
            if (value instanceof CntkValue.Dict variable) {
                variables.put(variable.text("uid"), variable);
            }
        }
        List<CntkValue.Dict> functions = new ArrayList<>();
        for (CntkValue value : model.vector("primitive_functions")) {
            if (value instanceof CntkValue.Dict function) {
                functions.add(function);
            }
        }
        return new CntkModelFile(file, Map.copyOf(variables), List.copyOf(functions), model.text("root"));
    }

    /** A variable's shape in Python's order (CNTK stores it reversed); -1 for a free or inferred dimension. */
    public static long[] pythonShape(long[] stored) {
        long[] result = new long[stored.length];
        for (int i = 0; i < stored.length; i++) {
            long dim = stored[stored.length - 1 - i];
            result[i] = dim < 0 || dim > Integer.MAX_VALUE ? -1 : dim;
        }
        return result;
    }

    /** The name inspection gives a function's output: the function's name, else the output's uid. */
    public String outputName(String outputUid) {
        String owner = CntkGraph.ownerOf(outputUid);
        for (CntkValue.Dict function : functions) {
            if (function.text("uid").equals(owner)) {
                return function.text("name").isEmpty() ? outputUid : function.text("name");
            }
        }
        return outputUid;
    }

    /** The name inspection gives an input variable: its name, else its uid. */
    public static String inputName(CntkValue.Dict variable) {
        return variable.text("name").isEmpty() ? variable.text("uid") : variable.text("name");
    }
}
