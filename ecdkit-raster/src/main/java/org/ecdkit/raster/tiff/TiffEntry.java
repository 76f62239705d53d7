package org.ecdkit.raster.tiff;

/**
 * One IFD entry: a tag, its field type and count, and either the value itself (when it fits the
 * entry's value field) or the offset of the value.
 *
 * @param tag      the tag number
 * @param type     the field type
 * @param count    how many values
 * @param inline   the value field's raw bytes, when the value fits in it; else null
 * @param offset   where the value lies in the file, when it does not fit
 */
record TiffEntry(int tag, int type, long count, byte[] inline, long offset) {

    TiffEntry {
        inline = inline == null ? null : inline.clone();
    }

    @Override
    public byte[] inline() {
        return inline == null ? null : inline.clone();
    }

    long byteLength() {
        return count * FieldType.size(type);
    }
}
