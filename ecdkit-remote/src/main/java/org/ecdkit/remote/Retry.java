package org.ecdkit.remote;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * How a remote read is tried again: a request that fails for a reason that passes (a dropped
 * connection, a 5xx, a 429 "slow down") is repeated after a pause that grows fourfold, a few times; a
 * refusal that will not change (403, 404, a changed object) is not.
 *
 * @param attempts   tries in all, the first included
 * @param firstPause the pause before the second try, in milliseconds
 */
record Retry(int attempts, long firstPause) {

    static final Retry DEFAULT = new Retry(4, 200);

    /** A failure worth trying again. */
    static final class Transient extends IOException {
        private static final long serialVersionUID = 1L;

        Transient(String message) {
            super(message);
        }
    }

    interface Call<T> {
        T run() throws IOException;
    }

    <T> T run(Call<T> call) throws IOException {
        long pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Transient e) {
                if (attempt >= attempts) {
                    throw new IOException(e.getMessage() + " (" + attempts + " tries)", e);
                }
            } catch (IOException e) {
                if (attempt >= attempts || e instanceof java.io.EOFException || e instanceof Refused) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting to try again");
            }
            pause *= 4;
        }
    }

    /** A refusal that trying again will not change: access denied, no such object, the object changed. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
