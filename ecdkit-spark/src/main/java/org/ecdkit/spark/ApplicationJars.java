package org.ecdkit.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars a cluster's executors need to run ecdkit's tasks when ecdkit itself started the job
 * ({@code ./ecdkit ... --engine spark:spark://host:7077}) rather than spark-submit (which ships its
 * application jar itself): this process's class path, with the jars its jars' manifests name
 * ({@code ecdkit-cli.jar} lists its libraries there), less Spark's own ({@code spark-lib}), which every
 * executor has. Spark fetches them from the driver into each executor.
 */
final class ApplicationJars {

    /** The folder the build copies Spark into, for the launcher: the cluster's executors have their own. */
    static final String SPARK_FOLDER = "spark-lib";

    private ApplicationJars() {
    }

    static List<String> ofThisProcess() {
        Set<Path> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                add(Path.of(entry).toAbsolutePath().normalize(), jars);
            }
        }
        return jars.stream().map(Path::toString).toList();
    }

    private static void add(Path jar, Set<Path> jars) {
        Path folder = jar.getParent();
        if (!Files.isRegularFile(jar) || folder != null && folder.getFileName() != null
                && folder.getFileName().toString().equals(SPARK_FOLDER) || !jars.add(jar)) {
            return;
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath != null) {
                for (String relative : classPath.trim().split("\\s+")) {
                    add(folder.resolve(relative).normalize(), jars);
                }
            }
        } catch (IOException e) {
            // A jar that cannot be read is shipped as it is; the executor reports it if it matters.
        }
    }
}
