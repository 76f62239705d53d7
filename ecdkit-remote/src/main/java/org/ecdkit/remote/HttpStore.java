package org.ecdkit.remote;

import java.net.http.HttpClient;
import java.util.Locale;
import org.ecdkit.raster.io.ByteRanges;
import org.ecdkit.raster.io.RemoteStore;

/** https:// and http:// URLs, read with range requests through the JDK's HTTP client (redirects followed). */
public final class HttpStore implements RemoteStore {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(HttpRanges.TIMEOUT).build();

    @Override
    public boolean handles(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    @Override
    public ByteRanges open(String location) {
        return HttpRanges.open(location, CLIENT, Retry.DEFAULT);
    }
}
