package org.ecdkit.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecdkit.core.error.InvalidInputException;
import org.ecdkit.core.error.MismatchException;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.format.definition.BandSelector;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.raster.RasterSource;

/**
 * Which of the input's bands feed the model, in order: {@code --bands} (1-based, as GDAL counts), else
 * the definition's {@code ExtractBands} (0-based indexes or band names), else all bands when their
 * number is the definition's. Anything else is refused before any tile is read.
 *
 * @param bands       0-based band indexes
 * @param description how they were chosen, for the plan
 */
public record BandSelection(int[] bands, String description) {

    public BandSelection {
        bands = bands.clone();
    }

    /** The 0-based band indexes, in a new array. */
    @Override
    public int[] bands() {
        return bands.clone();
    }

    /** How many bands are fed. */
    public int count() {
        return bands.length;
    }

    public static BandSelection choose(Path definitionFile, ClassifierDefinition definition, RasterSource source,
            List<Integer> oneBased) {
        int wanted = definition.numberBands();
        int available = source.bandCount();
        if (!oneBased.isEmpty()) {
            if (oneBased.size() != wanted) {
                throw new UsageException("--bands lists " + oneBased.size() + " bands but " + definitionFile
                        + " takes " + wanted);
            }
            int[] bands = new int[wanted];
            for (int i = 0; i < wanted; i++) {
                int band = oneBased.get(i);
                if (band < 1 || band > available) {
                    throw new UsageException("--bands names band " + band + " but " + source.name() + " has bands 1 to " + available);
                }
                bands[i] = band - 1;
            }
            return new BandSelection(bands, "bands " + oneBased + " as asked");
        }
        List<BandSelector> extract = definition.settings().extractBands();
        if (!extract.isEmpty()) {
            if (extract.size() != wanted) {
                throw new InvalidInputException(Place.in(definitionFile, "ExtractBands"), "lists " + extract.size()
                        + " bands but NumberBands is " + wanted);
            }
            int[] bands = new int[wanted];
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < wanted; i++) {
                bands[i] = resolve(definitionFile, extract.get(i), source);
                chosen.add(Integer.toString(bands[i] + 1));
            }
            return new BandSelection(bands, "bands [" + String.join(", ", chosen) + "] from the definition's ExtractBands");
        }
        if (available == wanted + 1 && source.alphaBand().isPresent()) {
            // RGBA imagery for an RGB model: the alpha band is not a colour; it marks what is no data.
            int alpha = source.alphaBand().getAsInt();
            int[] bands = new int[wanted];
            List<String> chosen = new ArrayList<>();
            for (int band = 0, i = 0; band < available; band++) {
                if (band != alpha) {
                    bands[i++] = band;
                    chosen.add(Integer.toString(band + 1));
                }
            }
            return new BandSelection(bands, "bands [" + String.join(", ", chosen) + "]; band " + (alpha + 1)
                    + " is alpha, not fed: where it is 0 the pixel is nodata");
        }
        if (available != wanted) {
            String hint = available > wanted ? "; choose " + wanted + " of them with --bands" : "";
            throw new MismatchException(List.of(source.name() + " has " + available + (available == 1 ? " band" : " bands")
                    + " but " + definitionFile + " takes " + wanted + " (NumberBands)" + hint));
        }
        int[] bands = new int[wanted];
        for (int i = 0; i < wanted; i++) {
            bands[i] = i;
        }
        return new BandSelection(bands, "all " + wanted + (wanted == 1 ? " band" : " bands") + " in order");
    }

    private static int resolve(Path definitionFile, BandSelector selector, RasterSource source) {
        if (selector.isIndex()) {
            if (selector.index() >= source.bandCount()) {
                throw new MismatchException(List.of(definitionFile + ": ExtractBands names band index " + selector.index()
                        + " (0-based) but " + source.name() + " has " + source.bandCount() + " bands"));
            }
            return selector.index();
        }
        List<String> names = source.bandDescriptions();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).toLowerCase(Locale.ROOT).equals(selector.name().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new MismatchException(List.of(definitionFile + ": ExtractBands names band \"" + selector.name() + "\" but "
                + source.name() + " has no band of that name (its bands: " + names + "); choose them with --bands"));
    }
}
