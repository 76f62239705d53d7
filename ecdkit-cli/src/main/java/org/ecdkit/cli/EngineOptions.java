package org.ecdkit.cli;

import java.util.Optional;
import org.ecdkit.core.error.UsageException;
import picocli.CommandLine.Option;

/**
 * Where classify and detect compute: this process ({@code local}, the default), or Apache Spark
 * ({@code spark}: embedded with every core, or spark-submit's cluster; {@code spark:MASTER} names the
 * master, e.g. {@code spark:local[2]} or {@code spark:spark://host:7077}), with the options only a
 * distributed job has.
 */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "local|spark[:MASTER]", description = "Where to compute: local (this "
            + "process, default) or spark (Apache Spark: embedded local[*], or the cluster spark-submit started; "
            + "spark:local[2], spark:spark://host:7077, spark:yarn name a master). With spark, INPUT may also be a folder, "
            + "a glob, a list file or a STAC ItemCollection of scenes, and OUTPUT is then a folder.")
    String engine = "local";

    @Option(names = "--resume", description = "With --engine spark: finish the job an earlier run left in OUTPUT, keeping "
            + "the outputs it completed (checked by SHA-256) and redoing the rest.")
    boolean resume;

    @Option(names = "--asset", paramLabel = "NAME", description = "With a STAC ItemCollection: the asset that is the "
            + "raster (default: image).")
    String asset = "image";

    @Option(names = "--window-rows", paramLabel = "N", description = "With --engine spark and one raster: rows per window "
            + "(of 256-pixel output tiles for classify, of model tiles for detect); default: enough windows for every task "
            + "slot, of at most about 256 Mpixel.")
    Integer windowRows;

    /** The Spark master asked for: empty for spark-submit's or local[*]; nothing when the engine is local. */
    Optional<String> sparkMaster() {
        if (engine.equals("local")) {
            if (resume || windowRows != null) {
                throw new UsageException((resume ? "--resume" : "--window-rows") + " is for --engine spark");
            }
            return Optional.empty();
        }
        windowRows();
        if (engine.equals("spark")) {
            return Optional.of("");
        }
        if (engine.startsWith("spark:") && engine.length() > "spark:".length()) {
            return Optional.of(engine.substring("spark:".length()));
        }
        throw new UsageException("--engine " + engine + " is not local, spark or spark:MASTER");
    }

    int windowRows() {
        if (windowRows != null && windowRows < 1) {
            throw new UsageException("--window-rows " + windowRows + " is not a number of rows; give 1 or more");
        }
        return windowRows == null ? 0 : windowRows;
    }
}
