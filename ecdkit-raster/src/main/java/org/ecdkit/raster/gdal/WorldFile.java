package org.ecdkit.raster.gdal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.raster.GeoTransform;

/**
 * An ESRI world file beside a raster ({@code .tfw}, {@code .tifw}, {@code .tiffw} or {@code .wld}, in
 * either case): six lines, the pixel's width, the two rotations, its (negative) height, then the
 * position of the <em>centre</em> of the upper-left pixel. GDAL reads one where the raster has no
 * georeferencing of its own; so does ecdkit.
 */
public final class WorldFile {

    static final int MAX_BYTES = 4096;
    private static final List<String> SUFFIXES = List.of(".tfw", ".tifw", ".tiffw", ".wld");

    private WorldFile() {
    }

    /** The geotransform of the world file beside {@code raster}, to the corner of pixel (0, 0); empty where none. */
    public static Optional<GeoTransform> besides(Path raster) {
        Path name = raster.getFileName();
        if (name == null) {
            return Optional.empty();
        }
        String file = name.toString();
        int dot = file.lastIndexOf('.');
        String base = dot > 0 ? file.substring(0, dot) : file;
        for (String suffix : SUFFIXES) {
            for (String spelled : List.of(suffix, suffix.toUpperCase(Locale.ROOT))) {
                Path world = raster.resolveSibling(base + spelled);
                if (Files.isRegularFile(world)) {
                    return Optional.of(read(world));
                }
            }
        }
        return Optional.empty();
    }

    static GeoTransform read(Path world) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(world)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidInputException(Place.of(world), "cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException(Place.of(world), "larger than " + MAX_BYTES + " bytes; a world file holds six numbers");
        }
        String[] lines = new String(bytes, StandardCharsets.US_ASCII).strip().split("\\s*\\R\\s*");
        if (lines.length < 6) {
            throw new InvalidInputException(Place.of(world), "holds " + lines.length + " lines; a world file holds six numbers");
        }
        double[] v = new double[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Double.parseDouble(lines[i].strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(Place.of(world), "line " + (i + 1) + ": \"" + lines[i].strip()
                        + "\" is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new InvalidInputException(Place.of(world), "line " + (i + 1) + " is not a finite number");
            }
        }
        // A, D, B, E, C, F: C and F place the upper-left pixel's centre; the transform starts at its corner.
        double a = v[0];
        double d = v[1];
        double b = v[2];
        double e = v[3];
        return new GeoTransform(v[4] - 0.5 * a - 0.5 * b, a, b, v[5] - 0.5 * d - 0.5 * e, d, e);
    }
}
