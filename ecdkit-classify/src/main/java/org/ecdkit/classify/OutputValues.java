package org.ecdkit.classify;

import java.util.Arrays;
import java.util.OptionalLong;
import org.ecdkit.core.error.UsageException;
import org.ecdkit.format.definition.ClassEntry;
import org.ecdkit.format.definition.ClassifierDefinition;
import org.ecdkit.raster.SampleType;

/**
 * The values the classified raster holds: class index i becomes {@code Classes[i].Value}; nodata
 * becomes a value no class uses (0 when free, else the type's largest, else one above the largest
 * class); the type is the smallest unsigned one that holds them all.
 *
 * @param classValues the value of each class index
 * @param nodata      the nodata value
 * @param type        the raster's type
 */
record OutputValues(long[] classValues, long nodata, SampleType type) {

    OutputValues {
        classValues = classValues.clone();
    }

    @Override
    public long[] classValues() {
        return classValues.clone();
    }

    static OutputValues choose(ClassifierDefinition definition, OptionalLong wanted) {
        long[] values = definition.classes().stream().mapToLong(ClassEntry::value).toArray();
        long max = Arrays.stream(values).max().orElse(0);
        long nodata;
        if (wanted.isPresent()) {
            nodata = wanted.getAsLong();
            if (nodata < 0 || nodata > ClassEntry.MAX_VALUE) {
                throw new UsageException("--nodata " + nodata + " is not a value of an unsigned output (0 to " + ClassEntry.MAX_VALUE + ")");
            }
            if (Arrays.stream(values).anyMatch(v -> v == nodata)) {
                throw new UsageException("--nodata " + nodata + " is the value of a class; choose a value no class uses");
            }
        } else if (Arrays.stream(values).noneMatch(v -> v == 0)) {
            nodata = 0;
        } else {
            long typeMax = (long) SampleType.smallestUnsigned(max).max();
            nodata = Arrays.stream(values).noneMatch(v -> v == typeMax) ? typeMax : max + 1;
        }
        return new OutputValues(values, nodata, SampleType.smallestUnsigned(Math.max(max, nodata)));
    }
}
