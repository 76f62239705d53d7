package org.ecdkit.translate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecdkit.model.fixture.PythonFixtures;
import org.ecdkit.runtime.Tensor;

/**
 * Files the frameworks write for the tests (src/test/python): models, and for each the input it was
 * fed and what the framework computed, as {@code NAME.input.f32} and {@code NAME.output.f32}
 * (float32 little-endian), shapes in {@code NAME.json}. {@link #kerasFixtures} holds the models
 * keras_fixtures.py writes with the real Keras ({@code NAME.h5}, {@code NAME.keras}).
 */
public final class OracleFiles {

    private OracleFiles() {
    }

    public static Path kerasFixtures() {
        return PythonFixtures.run("src/test/python/keras_fixtures.py");
    }

    /** Keras's outputs for a model file a package ships (src/test/python/keras_reference.py): "reference" files. */
    public static Path reference(Path model) {
        return PythonFixtures.run("src/test/python/keras_reference.py", model.toString());
    }

    public static Tensor input(String name) throws IOException {
        return tensor(kerasFixtures(), name, "input");
    }

    public static Tensor output(String name) throws IOException {
        return tensor(kerasFixtures(), name, "output");
    }

    public static Tensor tensor(Path folder, String name, String which) throws IOException {
        return tensor(folder, name, which, name);
    }

    /** The tensor in {@code NAME.WHICH.f32}, its shape in {@code SHAPES.json}. */
    public static Tensor tensor(Path folder, String name, String which, String shapes) throws IOException {
        String json = Files.readString(folder.resolve(shapes + ".json"));
        Matcher matcher = Pattern.compile("\"" + which + "\": \\[([0-9, ]*)\\]").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException(name + ".json has no " + which + " shape");
        }
        String[] parts = matcher.group(1).split(",\\s*");
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Long.parseLong(parts[i].trim());
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(name + "." + which + ".f32"))).order(ByteOrder.LITTLE_ENDIAN);
        Tensor tensor = Tensor.heap(shape);
        FloatBuffer values = bytes.asFloatBuffer();
        tensor.data().put(values).flip();
        return tensor;
    }
}
