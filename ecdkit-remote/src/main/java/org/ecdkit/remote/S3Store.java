package org.ecdkit.remote;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.raster.io.ByteRanges;
import org.ecdkit.raster.io.RemoteStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * s3://bucket/key objects, read with ranged GETs and written with a PUT, through AWS SDK v2.
 * Credentials and region come from the SDK's standard chains (environment, system properties,
 * ~/.aws, instance roles); the region falls back to us-east-1. An S3-compatible store (MinIO, Ceph,
 * s3proxy) is named by the SDK's own settings, {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL}
 * (system properties {@code aws.endpointUrlS3}, {@code aws.endpointUrl}), and is then addressed
 * path-style, which such stores serve without DNS for each bucket. Checksums are computed and
 * validated only where S3 requires them, which S3-compatible stores accept.
 */
public final class S3Store implements RemoteStore {

    private volatile S3Client client;

    @Override
    public boolean handles(String location) {
        return location.startsWith("s3://");
    }

    @Override
    public ByteRanges open(String location) {
        S3Location object = S3Location.parse(location);
        S3Client s3 = client();
        try {
            HeadObjectResponse head = Retry.DEFAULT.run(() -> call(object, "read", () -> s3.headObject(b -> b.bucket(object.bucket())
                    .key(object.key()))));
            return new S3Ranges(object, s3, head.contentLength(), Optional.ofNullable(head.eTag()));
        } catch (IOException e) {
            throw StorageException.of("read", location, e);
        }
    }

    /** Uploads {@code file} to {@code location}, whole, once it is complete on disk. */
    public void upload(Path file, String location) {
        S3Location object = S3Location.parse(location);
        S3Client s3 = client();
        try {
            Retry.DEFAULT.run(() -> call(object, "write", () -> s3.putObject(b -> b.bucket(object.bucket()).key(object.key()),
                    RequestBody.fromFile(file))));
        } catch (IOException e) {
            throw StorageException.of("write", location, e);
        }
    }

    private S3Client client() {
        S3Client made = client;
        if (made == null) {
            synchronized (this) {
                made = client;
                if (made == null) {
                    made = build();
                    client = made;
                }
            }
        }
        return made;
    }

    private static S3Client build() {
        S3ClientBuilder builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        Region region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            region = Region.US_EAST_1;
        }
        builder.region(region);
        endpoint().ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    /** The S3-compatible endpoint the user named, if any, in the SDK's own settings. */
    static Optional<URI> endpoint() {
        for (String property : new String[] {"aws.endpointUrlS3", "aws.endpointUrl"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return Optional.of(URI.create(value.strip()));
            }
        }
        for (String variable : new String[] {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(URI.create(value.strip()));
            }
        }
        return Optional.empty();
    }

    interface S3Call<T> {
        T run();
    }

    /** One SDK call, its failures sorted into those worth trying again and those that will not change. */
    static <T> T call(S3Location object, String action, S3Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (S3Exception e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
            String reason = "HTTP " + status + code + switch (status) {
                case 403 -> " (access denied)";
                case 404 -> " (no such object" + (action.equals("read") ? ", or it was removed" : "") + ")";
                case 412 -> " (the object changed while it was being read)";
                default -> "";
            };
            if (status == 429 || status >= 500) {
                throw new Retry.Transient(reason);
            }
            throw new Retry.Refused(reason);
        } catch (SdkClientException e) {
            throw new Retry.Transient(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                    .orElse(""));
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One object's bytes, each read a ranged GET of the version opened. */
    private static final class S3Ranges extends RangedObject {
        private final S3Location object;
        private final S3Client s3;
        private final Optional<String> etag;

        S3Ranges(S3Location object, S3Client s3, long size, Optional<String> etag) {
            super(object.toString(), size, Retry.DEFAULT);
            this.object = object;
            this.s3 = s3;
            this.etag = etag;
        }

        @Override
        InputStream fetch(long from, long to) throws IOException {
            ResponseInputStream<GetObjectResponse> body = call(object, "read", () -> s3.getObject(b -> {
                b.bucket(object.bucket()).key(object.key()).range("bytes=" + from + "-" + to);
                etag.ifPresent(b::ifMatch);
            }));
            return body;
        }
    }
}
