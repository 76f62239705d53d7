package org.ecdkit.raster.mosaic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.GeoTransform;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;
import org.ecdkit.raster.tiff.GeoTiffSource;

/**
 * A folder of raster tiles read as one mosaic, as {@code gdalbuildvrt mosaic.vrt FOLDER/*.tif} would
 * build it: every {@code .tif}, {@code .tiff}, {@code .jp2} or {@code .j2k} in the folder (not below),
 * placed by its georeferencing on one grid. The tiles must share bands, sample type, coordinate system
 * and pixel size, be north-up and lie on each other's grid; anything else is refused naming the tile,
 * since resampling is not a reader's business. Tiles later in name order are drawn over earlier ones.
 */
public final class TileFolder {

    /** More tiles than a mosaic of one folder holds in practice; a larger folder is refused, not listed into memory. */
    static final int MAX_TILES = 100_000;
    /** How far, in pixels, a tile's origin may lie off the mosaic's grid (rounding in the tiles' own coordinates). */
    static final double GRID_TOLERANCE = 1e-6;

    private TileFolder() {
    }

    public static MosaicSource open(Path folder) {
        List<Path> tiles = tiles(folder);
        if (tiles.isEmpty()) {
            throw new InvalidInputException(Place.of(folder), "a folder with no raster tiles (.tif, .tiff, .jp2, .j2k) in it");
        }
        return mosaic(folder, tiles);
    }

    /**
     * The tiles {@code tiles} as one mosaic named {@code name} (a folder, or a list of tiles), drawn in
     * the order given, later over earlier.
     */
    static MosaicSource mosaic(Path name, List<Path> tiles) {
        Path folder = name;
        List<Tile> described = new ArrayList<>();
        for (Path tile : tiles) {
            try (RasterSource source = RasterSources.open(tile, 1L << 20)) {
                described.add(Tile.of(tile, source));
            }
        }
        Tile first = described.get(0);
        GeoTransform grid = first.transform;
        double minX = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Tile tile : described) {
            tile.requireSameGridAs(first);
            minX = Math.min(minX, tile.transform.originX());
            maxY = Math.max(maxY, tile.transform.originY());
        }
        long width = 0;
        long height = 0;
        List<Window> places = new ArrayList<>();
        for (Tile tile : described) {
            long column = Math.round((tile.transform.originX() - minX) / grid.pixelWidth());
            long row = Math.round((tile.transform.originY() - maxY) / grid.pixelHeight());
            width = Math.max(width, column + tile.width);
            height = Math.max(height, row + tile.height);
            if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
                throw new InvalidInputException(Place.of(tile.file), "makes the mosaic more than " + Integer.MAX_VALUE + " pixels across");
            }
            places.add(new Window((int) column, (int) row, tile.width, tile.height));
        }
        List<List<PlacedSource>> bands = new ArrayList<>();
        for (int b = 0; b < first.bands; b++) {
            List<PlacedSource> band = new ArrayList<>();
            for (int i = 0; i < described.size(); i++) {
                Tile tile = described.get(i);
                band.add(new PlacedSource(tile.file, b, new Window(0, 0, tile.width, tile.height), places.get(i), tile.nodata));
            }
            bands.add(band);
        }
        GeoTransform corner = new GeoTransform(minX, grid.pixelWidth(), 0, maxY, 0, grid.pixelHeight());
        GeoReference geo = new GeoReference(Optional.of(corner), first.geo.crs(), first.geo.geoTiffTags().map(t -> t.movedTo(corner)));
        Mosaic mosaic = new Mosaic(folder.toString(), Files.isDirectory(folder) ? List.of() : List.of(folder), (int) width, (int) height, first.type, bands,
                java.util.Collections.nCopies(first.bands, first.nodata), first.descriptions, geo);
        return new MosaicSource(mosaic, GeoTiffSource.DEFAULT_CACHE_BYTES);
    }

    private static List<Path> tiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> tiles = entries.filter(Files::isRegularFile).filter(TileFolder::isTileName).sorted().limit(MAX_TILES + 1L).toList();
            if (tiles.size() > MAX_TILES) {
                throw new InvalidInputException(Place.of(folder), "more than " + MAX_TILES + " tiles; build a VRT of it with gdalbuildvrt");
            }
            return tiles;
        } catch (IOException e) {
            throw StorageException.of("list", folder, e);
        }
    }

    static boolean isTileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".tif") || name.endsWith(".tiff") || name.endsWith(".jp2") || name.endsWith(".j2k");
    }

    /** What a tile contributes, read once when the mosaic is built. */
    private record Tile(Path file, int width, int height, int bands, SampleType type, GeoTransform transform, GeoReference geo,
            OptionalDouble nodata, List<String> descriptions) {

        static Tile of(Path file, RasterSource source) {
            GeoReference geo = source.geoReference();
            GeoTransform transform = geo.transform().orElseThrow(() -> new InvalidInputException(Place.of(file),
                    "has no georeferencing; a mosaic of tiles places them by their coordinates"));
            if (!transform.isNorthUp()) {
                throw new InvalidInputException(Place.of(file), "is rotated; a mosaic of tiles takes north-up tiles only");
            }
            return new Tile(file, source.width(), source.height(), source.bandCount(), source.sampleType(), transform, geo,
                    source.nodata(), source.bandDescriptions());
        }

        void requireSameGridAs(Tile first) {
            String differs = null;
            if (bands != first.bands || type != first.type) {
                differs = bands + " bands of " + type.gdalName() + ", where " + first.file.getFileName() + " has " + first.bands
                        + " of " + first.type.gdalName();
            } else if (!geo.describe().equals(first.geo.describe())) {
                differs = "coordinate system " + geo.describe() + ", where " + first.file.getFileName() + " has "
                        + first.geo.describe();
            } else if (!close(transform.pixelWidth(), first.transform.pixelWidth())
                    || !close(transform.pixelHeight(), first.transform.pixelHeight())) {
                differs = "pixels of " + transform.pixelWidth() + " x " + -transform.pixelHeight() + ", where "
                        + first.file.getFileName() + " has " + first.transform.pixelWidth() + " x " + -first.transform.pixelHeight();
            } else if (!onGrid((transform.originX() - first.transform.originX()) / first.transform.pixelWidth())
                    || !onGrid((transform.originY() - first.transform.originY()) / first.transform.pixelHeight())) {
                differs = "an origin off " + first.file.getFileName() + "'s pixel grid";
            }
            if (differs != null) {
                throw new InvalidInputException(Place.of(file), differs + "; a mosaic of tiles is not resampled (gdalwarp the tiles "
                        + "to one grid first)");
            }
        }

        private static boolean close(double a, double b) {
            return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
        }

        private static boolean onGrid(double pixels) {
            return Math.abs(pixels - Math.rint(pixels)) <= GRID_TOLERANCE;
        }
    }
}
