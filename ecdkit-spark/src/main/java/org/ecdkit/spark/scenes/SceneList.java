package org.ecdkit.spark.scenes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.core.json.JsonCursor;
import org.ecdkit.core.json.JsonDocumentReader;
import org.ecdkit.raster.RasterSources;

/**
 * The scenes of a many-scene job, from what the user names: a folder (its rasters, not its
 * subfolders), a glob ({@code tiles/*.tif}), a text file of paths or URLs (one per line, {@code #}
 * comments, relative paths from the file's folder), or a STAC ItemCollection (a GeoJSON
 * FeatureCollection of items, each giving its raster as the asset {@code asset} names). Every local
 * scene is checked to exist before any work, and two scenes whose outputs would share a name are
 * refused: one would silently replace the other.
 */
public final class SceneList {

    /** What a folder or a glob takes as rasters. */
    private static final List<String> RASTER_SUFFIXES = List.of(".tif", ".tiff", ".vrt", ".jp2");
    /** A text list longer than this is not a list of scenes. */
    private static final long MAX_LIST_BYTES = 64L << 20;

    private SceneList() {
    }

    /** Whether {@code location} names one raster (so a job splits it into windows) rather than a set of scenes. */
    public static boolean isOneRaster(String location) {
        if (RasterSources.isRemote(location)) {
            return true;
        }
        if (isGlob(location)) {
            return false;
        }
        Path path = Path.of(location);
        return Files.isRegularFile(path) && !isList(path) && !isStac(path);
    }

    /** The scenes {@code location} names, in a stable order (listed order, or file names sorted). */
    public static List<Scene> read(String location, String asset) {
        List<Scene> scenes;
        if (isGlob(location)) {
            scenes = glob(location);
        } else {
            Path path = Path.of(location);
            if (Files.isDirectory(path)) {
                scenes = folder(path);
            } else if (!Files.exists(path)) {
                throw new StorageException("cannot read " + path + ": no such file or folder", null);
            } else if (isStac(path)) {
                scenes = stac(path, asset);
            } else {
                scenes = list(path);
            }
        }
        if (scenes.isEmpty()) {
            throw new UsageException(location + " names no scenes (rasters: " + String.join(", ", RASTER_SUFFIXES) + ")");
        }
        checkNames(scenes);
        return scenes;
    }

    private static boolean isGlob(String location) {
        return !RasterSources.isRemote(location) && (location.contains("*") || location.contains("?") || location.contains("["));
    }

    private static boolean isList(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".txt") || name.endsWith(".list") || name.endsWith(".csv");
    }

    private static boolean isStac(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".geojson");
    }

    private static boolean isRaster(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return RASTER_SUFFIXES.stream().anyMatch(name::endsWith) && Files.isRegularFile(path);
    }

    private static List<Scene> folder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            // Absolute: an executor's working folder is not the driver's.
            return files.filter(SceneList::isRaster).sorted()
                    .map(p -> new Scene(baseName(p.getFileName().toString()), p.toAbsolutePath().normalize().toString(),
                            folder.toString())).toList();
        } catch (IOException e) {
            throw StorageException.of("list", folder, e);
        }
    }

    private static List<Scene> glob(String pattern) {
        Path absolute = Path.of(pattern).toAbsolutePath();
        // The folder is the part of the pattern before its first wildcard.
        Path folder = absolute;
        while (folder != null && isGlob(folder.toString())) {
            folder = folder.getParent();
        }
        if (folder == null || !Files.isDirectory(folder)) {
            throw new UsageException(pattern + ": no folder " + folder + " to match in");
        }
        PathMatcher matcher = folder.getFileSystem().getPathMatcher("glob:" + absolute);
        List<Path> matched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).forEach(matched::add);
        } catch (IOException e) {
            throw StorageException.of("list", folder, e);
        }
        return matched.stream().sorted().map(p -> new Scene(baseName(p.getFileName().toString()), p.toString(), pattern)).toList();
    }

    private static List<Scene> list(Path file) {
        byte[] bytes = readBounded(file);
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1);
        List<Scene> scenes = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Place place = new Place(file, null, i + 1, 0, "", -1);
            scenes.add(scene(line, base, place, place.toString()));
        }
        return scenes;
    }

    private static List<Scene> stac(Path file, String asset) {
        JsonCursor root = JsonDocumentReader.read(file).cursor();
        if (!root.isObject() || !root.has("type") || !"FeatureCollection".equals(root.get("type").asString())) {
            throw root.invalid("a STAC ItemCollection (a GeoJSON FeatureCollection of items)");
        }
        Path base = file.toAbsolutePath().getParent();
        List<Scene> scenes = new ArrayList<>();
        for (JsonCursor item : root.get("features").elements()) {
            JsonCursor assets = item.get("assets");
            Optional<JsonCursor> chosen = assets.find(asset);
            if (chosen.isEmpty()) {
                throw new InvalidInputException(assets.place(), "no asset \"" + asset + "\" (the item has "
                        + String.join(", ", assets.keys()) + "); name the raster's asset with --asset");
            }
            JsonCursor href = chosen.get().get("href");
            Scene scene = scene(href.asString(), base, href.place(), href.place().toString());
            String name = item.find("id").map(JsonCursor::asString).orElse(scene.name());
            scenes.add(new Scene(safeName(name, item.place()), scene.location(), scene.origin()));
        }
        return scenes;
    }

    /** A scene named at {@code place}: a URL as it is, a local path resolved and checked to exist. */
    private static Scene scene(String named, Path base, Place place, String origin) {
        if (RasterSources.isRemote(named)) {
            String path = URI.create(named).getPath();
            return new Scene(baseName(path.substring(path.lastIndexOf('/') + 1)), named, origin);
        }
        String local = named.startsWith("file://") ? URI.create(named).getPath() : named;
        Path path = base.resolve(local).normalize();
        if (!Files.isRegularFile(path)) {
            throw new InvalidInputException(place, "scene " + path + (Files.exists(path) ? " is not a file" : " does not exist"));
        }
        return new Scene(baseName(path.getFileName().toString()), path.toString(), origin);
    }

    private static String baseName(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** An item id as a file name: path separators and the like would write outside the output folder. */
    private static String safeName(String id, Place place) {
        if (id.isEmpty() || id.startsWith(".") || !id.matches("[A-Za-z0-9._\\-]+")) {
            throw new InvalidInputException(place.locate(place.locator() + ".id"), "item id \"" + id
                    + "\" is not usable as a file name (letters, digits, '.', '_' and '-' only)");
        }
        return id;
    }

    private static void checkNames(List<Scene> scenes) {
        Map<String, Scene> byName = new HashMap<>();
        for (Scene scene : scenes) {
            Scene other = byName.putIfAbsent(scene.name().toLowerCase(Locale.ROOT), scene);
            if (other != null) {
                throw new UsageException("scenes " + other.location() + " (" + other.origin() + ") and " + scene.location()
                        + " (" + scene.origin() + ") would both write outputs named " + scene.name()
                        + "; give the scenes distinct file names");
            }
        }
    }

    private static byte[] readBounded(Path file) {
        try {
            if (Files.size(file) > MAX_LIST_BYTES) {
                throw new InvalidInputException(Place.of(file), "is larger than " + (MAX_LIST_BYTES >> 20)
                        + " MiB: not a list of scenes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
    }
}
