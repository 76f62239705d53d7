package org.ecdkit.model.hdf5;

import java.nio.ByteBuffer;

/**
 * One message of an object header: its type (File Format Specification IV.A.2), flags, where its
 * data starts in the file, and the data.
 */
record HeaderMessage(int type, int flags, long offset, ByteBuffer data) {

    static final int DATASPACE = 0x01;
    static final int LINK_INFO = 0x02;
    static final int DATATYPE = 0x03;
    static final int LINK = 0x06;
    static final int LAYOUT = 0x08;
    static final int FILTER_PIPELINE = 0x0B;
    static final int ATTRIBUTE = 0x0C;
    static final int CONTINUATION = 0x10;
    static final int SYMBOL_TABLE = 0x11;
    static final int ATTRIBUTE_INFO = 0x15;

    /** Flag bit 1: the data is a reference to a message shared elsewhere in the file. */
    boolean shared() {
        return (flags & 0x02) != 0;
    }
}
