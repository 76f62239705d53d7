package org.ecdkit.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecdkit.core.error.Place;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.error.UnsupportedInputException;

/**
 * An object behind an HTTP(S) URL, read with range requests ({@code Range: bytes=a-b}, answered 206).
 * Opening asks for its first byte, which gives its size ({@code Content-Range}) and version
 * ({@code ETag}); later reads ask for that version ({@code If-Match}), so an object replaced during a
 * run is an error, not a mix of two files. A server that ignores Range (answers 200 with the whole
 * object) is refused before its body is read: ecdkit never loads a whole remote image into memory.
 */
final class HttpRanges extends RangedObject {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+\\d+-\\d+/(\\d+)");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String location;
    private final URI uri;
    private final HttpClient client;
    private final Optional<String> etag;

    private HttpRanges(String location, URI uri, HttpClient client, Retry retry, long size, Optional<String> etag) {
        super(location, size, retry);
        this.location = location;
        this.uri = uri;
        this.client = client;
        this.etag = etag;
    }

    static HttpRanges open(String location, HttpClient client, Retry retry) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            throw new org.ecdkit.core.error.UsageException(location + " is not a valid URL (" + e.getMessage() + ")");
        }
        try {
            HttpResponse<InputStream> first = retry.run(() -> send(client, uri, 0, 0, Optional.empty(), location));
            try (InputStream body = first.body()) {
                if (first.statusCode() == 200) {
                    throw new UnsupportedInputException(Place.remote(location), "the server ignores range requests (it answered "
                            + "200 with the whole object" + first.headers().firstValueAsLong("Content-Length").stream()
                            .mapToObj(n -> ", " + n + " bytes").findFirst().orElse("") + "); ecdkit reads remote rasters a "
                            + "block at a time, so download it first (e.g. curl -o scene.tif " + location + ")");
                }
                Matcher range = CONTENT_RANGE.matcher(first.headers().firstValue("Content-Range").orElse(""));
                if (!range.matches()) {
                    throw new StorageException("cannot read " + location + ": the server's answer to a range request has no "
                            + "Content-Range with the object's size", null);
                }
                return new HttpRanges(location, uri, client, retry, Long.parseLong(range.group(1)),
                        first.headers().firstValue("ETag").filter(tag -> !tag.startsWith("W/")));
            }
        } catch (IOException e) {
            throw StorageException.of("read", location, e);
        }
    }

    /** One range request; a 206 answer is returned, failures are thrown as transient or refused. */
    private static HttpResponse<InputStream> send(HttpClient client, URI uri, long from, long to, Optional<String> etag,
            String location) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Range", "bytes=" + from + "-" + to)
                .GET();
        etag.ifPresent(tag -> request.header("If-Match", tag));
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        int status = response.statusCode();
        if (status == 206 || status == 200) {
            return response;
        }
        response.body().close();
        String reason = "HTTP " + status + switch (status) {
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found (no such object)";
            case 412 -> " Precondition Failed: the object changed while it was being read";
            case 416 -> " Range Not Satisfiable (the object is shorter than it was)";
            default -> "";
        };
        if (status == 429 || status >= 500) {
            throw new Retry.Transient(reason);
        }
        throw new Retry.Refused(reason);
    }

    @Override
    InputStream fetch(long from, long to) throws IOException {
        HttpResponse<InputStream> response = send(client, uri, from, to, etag, location);
        if (response.statusCode() != 206) {
            response.body().close();
            throw new Retry.Refused("the server answered a range request with the whole object (HTTP 200)");
        }
        return response.body();
    }
}
