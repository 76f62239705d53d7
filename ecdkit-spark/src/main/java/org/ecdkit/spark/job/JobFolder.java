package org.ecdkit.spark.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.io.AtomicOutput;
import org.ecdkit.core.io.Sha256;
import org.ecdkit.core.json.JsonArray;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.core.json.JsonObject;
import org.ecdkit.core.json.JsonValue;
import org.ecdkit.core.json.JsonWriter;

/**
 * The folder a distributed job writes into, and what makes it resumable. The job's identity (the
 * definition's SHA-256 and the settings that decide the outputs' bytes) is recorded first, in
 * {@value #JOB_FILE}; each unit of work (a scene, or a window of one raster) records its outputs
 * with their SHA-256 and size in {@value #DONE_FOLDER}/NAME.json only after they are committed. A
 * re-run with {@code --resume} trusts a unit only where every output is present with the recorded
 * digest; anything else (a task killed between its outputs, a file truncated or edited since) is
 * redone. A folder holding another job's outputs is refused, never mixed into.
 */
public final class JobFolder {

    public static final String JOB_FILE = "ecdkit-job.json";
    public static final String DONE_FOLDER = ".ecdkit-done";
    public static final String MANIFEST = "ecdkit-manifest.json";

    /** A unit's committed output: its name in the folder, its SHA-256 and its size. */
    public record Output(String file, String sha256, long bytes) implements java.io.Serializable {
    }

    private final Path folder;
    private final JobIdentity identity;

    private JobFolder(Path folder, JobIdentity identity) {
        this.folder = folder;
        this.identity = identity;
    }

    /** The job's identity: what must match for a folder's outputs to be this job's. */
    public record JobIdentity(String definition, String definitionSha256, String settings) {

        JsonObject json() {
            return JsonObject.builder().put("Engine", "ecdkit on Apache Spark").put("Definition", definition)
                    .put("DefinitionSha256", definitionSha256).put("Settings", settings).build();
        }
    }

    /**
     * Opens {@code folder} for the job {@code identity}: creates it, or, where it holds files, resumes
     * it when {@code resume} is asked and it is the same job; refuses it otherwise.
     */
    public static JobFolder open(Path folder, JobIdentity identity, boolean resume) {
        try {
            Files.createDirectories(folder);
            Path job = folder.resolve(JOB_FILE);
            boolean empty;
            try (Stream<Path> entries = Files.list(folder)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                if (!Files.exists(job)) {
                    throw new UsageException(folder + " holds files that are not an ecdkit job's; choose an empty or new folder");
                }
                JobIdentity earlier = read(job);
                if (!resume) {
                    throw new UsageException(folder + " holds the outputs of an earlier job (" + earlier.definition()
                            + "); pass --resume to finish it, or choose another folder");
                }
                if (!earlier.definitionSha256().equals(identity.definitionSha256())) {
                    throw new UsageException("--resume: " + folder + " holds outputs of another definition (" + earlier.definition()
                            + ", SHA-256 " + earlier.definitionSha256().substring(0, 12) + "...; this one is "
                            + identity.definitionSha256().substring(0, 12) + "...); choose another folder");
                }
                if (!earlier.settings().equals(identity.settings())) {
                    throw new UsageException("--resume: " + folder + " holds outputs made with other settings (" + earlier.settings()
                            + "; now " + identity.settings() + "); use the same options, or choose another folder");
                }
            } else {
                byte[] text = (JsonWriter.write(identity.json()) + "\n").getBytes(StandardCharsets.UTF_8);
                AtomicOutput.write(job, List.of(), out -> out.write(text));
            }
            Files.createDirectories(folder.resolve(DONE_FOLDER));
            return new JobFolder(folder, identity);
        } catch (IOException e) {
            throw StorageException.of("prepare", folder, e);
        }
    }

    private static JobIdentity read(Path job) {
        JsonCursor root = JsonDocumentReader.read(job).cursor();
        return new JobIdentity(root.get("Definition").asString(), root.get("DefinitionSha256").asString(),
                root.get("Settings").asString());
    }

    public Path folder() {
        return folder;
    }

    public JobIdentity identity() {
        return identity;
    }

    /**
     * The outputs unit {@code name} recorded, if it finished and they are all still as recorded; empty
     * where it has to be done (again).
     */
    public Optional<List<Output>> complete(String name) {
        Path record = record(name);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        try {
            List<Output> outputs = new ArrayList<>();
            for (JsonCursor entry : JsonDocumentReader.read(record).cursor().get("Outputs").elements()) {
                Output output = new Output(entry.get("File").asString(), entry.get("Sha256").asString(),
                        entry.get("Bytes").asLong(0, Long.MAX_VALUE));
                Path file = folder.resolve(output.file()).normalize();
                if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file) || Files.size(file) != output.bytes()
                        || !Sha256.ofFile(file).equals(output.sha256())) {
                    return Optional.empty();
                }
                outputs.add(output);
            }
            return Optional.of(outputs);
        } catch (IOException | InvalidInputException | StorageException e) {
            // A record cut short or damaged is no record: the unit is done again.
            return Optional.empty();
        }
    }

    /** Records unit {@code name} complete with {@code files} (in this folder), after they are committed. */
    public static List<Output> record(Path folder, String name, String source, List<Path> files) {
        List<Output> outputs = new ArrayList<>();
        List<JsonValue> entries = new ArrayList<>();
        try {
            for (Path file : files) {
                Output output = new Output(folder.relativize(file).toString(), Sha256.ofFile(file), Files.size(file));
                outputs.add(output);
                entries.add(JsonObject.builder().put("File", output.file()).put("Sha256", output.sha256())
                        .put("Bytes", output.bytes()).build());
            }
        } catch (IOException e) {
            throw StorageException.of("read", folder, e);
        }
        JsonObject record = JsonObject.builder().put("Name", name).put("Source", source).put("Outputs", JsonArray.of(entries))
                .build();
        byte[] text = (JsonWriter.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(folder.resolve(DONE_FOLDER).resolve(name + ".json"), List.of(), out -> out.write(text));
        return outputs;
    }

    private Path record(String name) {
        return folder.resolve(DONE_FOLDER).resolve(name + ".json");
    }

    /**
     * Writes {@value #MANIFEST}: the job, and per unit its outputs with their digests or why it failed,
     * for people and for scripts that check a delivery.
     */
    public void writeManifest(Map<String, List<Output>> done, Map<String, String> failed) {
        Map<String, JsonValue> units = new LinkedHashMap<>();
        done.forEach((name, outputs) -> units.put(name, JsonObject.builder().put("Outputs", JsonArray.of(outputs.stream()
                .map(o -> (JsonValue) JsonObject.builder().put("File", o.file()).put("Sha256", o.sha256())
                        .put("Bytes", o.bytes()).build()).toList())).build()));
        failed.forEach((name, why) -> units.put(name, JsonObject.builder().put("Failed", why).build()));
        JsonObject manifest = JsonObject.builder().putAll(identity.json().members()).put("Complete", failed.isEmpty())
                .put("Units", JsonObject.builder().putAll(units).build()).build();
        byte[] text = (JsonWriter.write(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(folder.resolve(MANIFEST), List.of(), out -> out.write(text));
    }
}
