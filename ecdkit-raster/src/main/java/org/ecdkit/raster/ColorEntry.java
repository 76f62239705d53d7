package org.ecdkit.raster;

/** The colour of one raster value in a palette. */
public record ColorEntry(long value, int red, int green, int blue) {
}
