package org.ecdkit.classify.report;

/** How many pixels one class got. */
public record ClassCount(long value, String name, long pixels) {
}
