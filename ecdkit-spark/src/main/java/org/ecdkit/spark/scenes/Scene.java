package org.ecdkit.spark.scenes;

import java.io.Serializable;

/**
 * One scene of a many-scene job.
 *
 * @param name     what its outputs are called (the file's name without extension, or the STAC item's id)
 * @param location a local path or a URL ({@code https://}, {@code s3://}) ecdkit reads
 * @param origin   where the scene was listed, for messages ("scenes.txt:3", "items.json: features[2]")
 */
public record Scene(String name, String location, String origin) implements Serializable {

    private static final long serialVersionUID = 1L;
}
