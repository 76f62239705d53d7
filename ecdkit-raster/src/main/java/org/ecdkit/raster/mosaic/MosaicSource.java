package org.ecdkit.raster.mosaic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ecdkit.raster.GeoReference;
import org.ecdkit.raster.RasterSource;
import org.ecdkit.raster.RasterSources;
import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.Window;

/**
 * A {@link Mosaic} read window by window: only the members a window touches are read, found through
 * each band's {@link PlacementIndex}. Members are
 * opened when first needed and at most {@link #MAX_OPEN} stay open, least recently used closed
 * first, so a mosaic of ten thousand tiles holds neither ten thousand files nor their caches; each
 * member gets an equal share of the mosaic's cache.
 */
public final class MosaicSource implements RasterSource {

    static final int MAX_OPEN = 16;

    private final Mosaic mosaic;
    private final long cacheBytes;
    /** Each band's members by where they lie. */
    private final List<PlacementIndex> indexes;
    /** Open members, least recently used first, with how many reads hold each. */
    private final LinkedHashMap<Path, Member> open = new LinkedHashMap<>(MAX_OPEN, 0.75f, true);

    private static final class Member {
        final RasterSource source;
        int readers;

        Member(RasterSource source) {
            this.source = source;
        }
    }

    public MosaicSource(Mosaic mosaic, long cacheBytes) {
        this.mosaic = mosaic;
        this.cacheBytes = cacheBytes;
        this.indexes = mosaic.bands().stream().map(band -> new PlacementIndex(band, mosaic.width(), mosaic.height())).toList();
    }

    public Mosaic mosaic() {
        return mosaic;
    }

    @Override
    public String name() {
        return mosaic.name();
    }

    /** The mosaic's own files and every member: an output must not be written over a member either. */
    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>(mosaic.files());
        files.addAll(mosaic.members());
        return files;
    }

    @Override
    public int width() {
        return mosaic.width();
    }

    @Override
    public int height() {
        return mosaic.height();
    }

    @Override
    public int bandCount() {
        return mosaic.bands().size();
    }

    @Override
    public SampleType sampleType() {
        return mosaic.type();
    }

    /** The nodata value, where every band declares the same one. */
    @Override
    public OptionalDouble nodata() {
        OptionalDouble first = mosaic.nodata().get(0);
        for (OptionalDouble value : mosaic.nodata()) {
            if (!value.equals(first)) {
                return OptionalDouble.empty();
            }
        }
        return first;
    }

    @Override
    public GeoReference geoReference() {
        return mosaic.geoReference();
    }

    @Override
    public List<String> bandDescriptions() {
        return mosaic.descriptions();
    }

    @Override
    public long cacheBytes() {
        return cacheBytes;
    }

    @Override
    public String summary() {
        OptionalDouble nodata = nodata();
        return width() + " x " + height() + ", " + bandCount() + (bandCount() == 1 ? " band" : " bands") + " of " + sampleType().gdalName()
                + " (a mosaic of " + mosaic.members().size() + (mosaic.members().size() == 1 ? " file" : " files") + ")"
                + (nodata.isPresent() ? ", nodata " + nodata.getAsDouble() : "") + ", " + geoReference().describe();
    }

    @Override
    public void read(Window window, int[] bands, float[] target) {
        if (!bounds().contains(window)) {
            throw new IllegalArgumentException(window + " is not inside the " + width() + " x " + height() + " raster");
        }
        int plane = (int) window.pixels();
        float[] part = new float[0];
        for (int b = 0; b < bands.length; b++) {
            float background = (float) mosaic.nodata().get(bands[b]).orElse(0);
            Arrays.fill(target, b * plane, (b + 1) * plane, background);
            for (PlacedSource placed : indexes.get(bands[b]).overlapping(window)) {
                Window overlap = placed.to().intersect(window);
                Window from = new Window(placed.from().x() + overlap.x() - placed.to().x(), placed.from().y() + overlap.y() - placed.to().y(),
                        overlap.width(), overlap.height());
                if (part.length < from.pixels()) {
                    part = new float[(int) from.pixels()];
                }
                Member member = acquire(placed.file());
                try {
                    member.source.read(from, new int[] {placed.band()}, part);
                } finally {
                    release(member);
                }
                copy(part, overlap, window, target, b * plane, placed.nodata());
            }
        }
    }

    /** Draws a member's values over {@code target}, leaving what lies beneath where the member holds its nodata. */
    private static void copy(float[] part, Window overlap, Window window, float[] target, int planeStart, OptionalDouble nodata) {
        boolean skip = nodata.isPresent();
        float skipped = skip ? (float) nodata.getAsDouble() : 0;
        boolean skipNaN = skip && Float.isNaN(skipped);
        for (int y = 0; y < overlap.height(); y++) {
            int to = planeStart + (overlap.y() - window.y() + y) * window.width() + overlap.x() - window.x();
            int from = y * overlap.width();
            if (!skip) {
                System.arraycopy(part, from, target, to, overlap.width());
                continue;
            }
            for (int x = 0; x < overlap.width(); x++) {
                float value = part[from + x];
                if (!(skipNaN ? Float.isNaN(value) : value == skipped)) {
                    target[to + x] = value;
                }
            }
        }
    }

    private synchronized Member acquire(Path file) {
        Member member = open.get(file);
        if (member == null) {
            member = new Member(RasterSources.open(file, Math.max(1L << 20, cacheBytes / MAX_OPEN)));
            open.put(file, member);
        }
        member.readers++;
        closeIdle();
        return member;
    }

    private synchronized void release(Member member) {
        member.readers--;
        closeIdle();
    }

    /** Closes the least recently used members no read holds, down to {@link #MAX_OPEN}. */
    private void closeIdle() {
        Iterator<Map.Entry<Path, Member>> eldest = open.entrySet().iterator();
        while (open.size() > MAX_OPEN && eldest.hasNext()) {
            Member member = eldest.next().getValue();
            if (member.readers == 0) {
                member.source.close();
                eldest.remove();
            }
        }
    }

    @Override
    public synchronized void close() {
        for (Member member : open.values()) {
            member.source.close();
        }
        open.clear();
    }
}
