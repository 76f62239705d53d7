package org.ecdkit.raster.mosaic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.RasterFormat;
import org.ecdkit.raster.RasterSource;

/**
 * A text file listing raster tiles, one path per line (what {@code gdalbuildvrt -input_file_list}
 * reads), read as one mosaic as a folder of them is: relative paths are taken from the list's folder;
 * blank lines and lines starting with {@code #} are skipped. Recognised by its content: text whose
 * first lines each name a .tif, .tiff, .jp2 or .j2k file.
 */
public final class TileListFormat implements RasterFormat {

    /** More lines than a list of tiles holds in practice; a longer file is refused, not read into memory. */
    static final int MAX_BYTES = 16 << 20;

    @Override
    public String name() {
        return "list of tiles";
    }

    @Override
    public boolean recognises(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        // The last line of the head may be cut short: judge by the whole lines before it.
        List<String> whole = head.length >= org.ecdkit.raster.RasterSources.HEAD_BYTES && lines.size() > 1
                ? lines.subList(0, lines.size() - 1) : lines;
        return !whole.isEmpty() && whole.stream().allMatch(line -> line.indexOf('\0') < 0 && line.indexOf('<') < 0
                && TileFolder.isTileName(Path.of(line.replace('\\', '/'))));
    }

    @Override
    public RasterSource open(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(Place.of(file), "a list of tiles larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw StorageException.of("read", file, e);
        }
        Path folder = file.toAbsolutePath().getParent();
        List<Path> tiles = new ArrayList<>();
        int number = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).lines().toList()) {
            number++;
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            Path tile = folder.resolve(entry).normalize();
            if (!Files.isRegularFile(tile)) {
                throw new InvalidInputException(Place.json(file, number, 1, ""), "\"" + entry + "\": no such file (" + tile + ")");
            }
            if (tiles.size() >= TileFolder.MAX_TILES) {
                throw new InvalidInputException(Place.of(file), "more than " + TileFolder.MAX_TILES + " tiles; build a VRT of them "
                        + "with gdalbuildvrt");
            }
            tiles.add(tile);
        }
        return TileFolder.mosaic(file, tiles);
    }
}
