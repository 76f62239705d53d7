package org.ecdkit.remote;

import org.ecdkit.core.error.UsageException;

/**
 * An object in S3 as users write it: {@code s3://bucket/key}.
 *
 * @param bucket the bucket
 * @param key    the object's key (never empty)
 */
record S3Location(String bucket, String key) {

    static S3Location parse(String location) {
        if (!location.startsWith("s3://")) {
            throw new UsageException(location + " is not an s3:// location");
        }
        String rest = location.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new UsageException(location + " names no object: write s3://BUCKET/KEY");
        }
        return new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
