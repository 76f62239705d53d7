package org.ecdkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ecdkit.core.model.ModelFormat;
import org.ecdkit.translate.ModelTranslation;
import org.ecdkit.translate.TranslatedModel;

/**
 * How long translating a model to ONNX takes, per format, for the benchmarks' small net and for a
 * 200 MB one (written by Keras and TensorFlow, {@link BenchScenes#kerasAndTflite}, and by CNTK 2.4,
 * {@link CntkBenchModels}): reading the
 * file, its weights included, building the ONNX graph, and writing it. The median of five runs after
 * a warm-up.
 *
 * <pre>bench/run TranslationBenchmark [FOLDER]</pre>
 */
public final class TranslationBenchmark {

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "target/translation-bench");
        Path models = BenchScenes.kerasAndTflite(folder.resolve("keras-tflite"), 3);
        Path cntk = CntkBenchModels.write(folder.resolve("cntk"), 3);
        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| model | format | file MB | translation s (median of 5) | ONNX nodes | ONNX MB |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : new String[] {"fcn3", "large"}) {
            for (String extension : new String[] {"h5", "keras", "tflite", "model"}) {
                Path model = (extension.equals("model") ? cntk : models).resolve(name + "." + extension);
                ModelFormat format = switch (extension) {
                    case "h5" -> ModelFormat.KERAS_HDF5;
                    case "keras" -> ModelFormat.KERAS_V3;
                    case "model" -> ModelFormat.CNTK_V2;
                    default -> ModelFormat.TFLITE;
                };
                Path onnx = folder.resolve(name + "-" + extension + ".onnx");
                ModelTranslation.write(ModelTranslation.translate(model, format), onnx);
                double[] seconds = new double[5];
                TranslatedModel last = null;
                for (int run = 0; run < seconds.length; run++) {
                    long start = System.nanoTime();
                    last = ModelTranslation.translate(model, format);
                    ModelTranslation.write(last, onnx);
                    seconds[run] = (System.nanoTime() - start) / 1e9;
                }
                Arrays.sort(seconds);
                System.out.printf("| %s | %s | %.1f | %.3f | %d | %.1f |%n", name, format.description(),
                        Files.size(model) / 1e6, seconds[2], last.nodes(), Files.size(onnx) / 1e6);
            }
        }
    }
}
