package org.ecdkit.format.definition;

/**
 * One entry of {@code ExtractBands}: a 0-based band index, or a band name such as "NearInfrared".
 * Exactly one of the two is set.
 */
public record BandSelector(int index, String name) {

    public BandSelector {
        if ((index < 0) == (name == null)) {
            throw new IllegalArgumentException("a band is chosen by a non-negative index or by name, not both");
        }
    }

    public static BandSelector index(int index) {
        return new BandSelector(index, null);
    }

    public static BandSelector named(String name) {
        return new BandSelector(-1, name);
    }

    public boolean isIndex() {
        return name == null;
    }

    @Override
    public String toString() {
        return isIndex() ? Integer.toString(index) : '"' + name + '"';
    }
}
