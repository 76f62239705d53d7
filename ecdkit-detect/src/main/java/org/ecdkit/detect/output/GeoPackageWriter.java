package org.ecdkit.detect.output;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageException;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import mil.nga.sf.LineString;
import mil.nga.sf.MultiPolygon;
import mil.nga.sf.Point;
import mil.nga.sf.Polygon;
import org.ecdkit.core.error.StorageException;
import org.ecdkit.core.io.AtomicOutput;
import org.locationtech.jts.geom.Envelope;

/**
 * Writes detected features as an OGC GeoPackage through NGA's GeoPackage library: one feature
 * table with Class, ClassValue and Confidence, its CRS in the spatial reference table (the EPSG code,
 * with the raster's WKT where it has one; GDAL, QGIS and ArcGIS resolve the code). The file says
 * GeoPackage 1.2, what GDAL 3.6 and ArcGIS Pro 2.x read without a warning (the library's default is
 * 1.4). No R-tree spatial index: the library writes GeoPackage 1.4's index triggers, which GDAL
 * 3.6's validator refuses in a 1.2 file, and a detection's few thousand features need none (GDAL
 * adds one: {@code ogrinfo OUT.gpkg -sql "SELECT CreateSpatialIndex('objects', 'geom')"}). The
 * database is built in a scratch folder, then copied into place atomically, so a failed run leaves
 * nothing behind.
 */
final class GeoPackageWriter {

    /** {@code PRAGMA user_version} of GeoPackage 1.2.0. */
    private static final int VERSION_1_2 = 10200;
    /** GeoPackage's predefined "undefined Cartesian" CRS, for features in pixel coordinates. */
    private static final long UNDEFINED_CARTESIAN = -1;
    /** A CRS known only by its WKT gets an id of ecdkit's, above the EPSG range. */
    private static final long CUSTOM_SRS = 100_000;

    private GeoPackageWriter() {
    }

    static void write(Path out, String name, List<DetectedFeature> features, OptionalInt epsg, Optional<String> crsWkt,
            Collection<Path> inputs) {
        AtomicOutput.checkTarget(out, inputs);
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("ecdkit-gpkg");
            Path database = scratch.resolve("features.gpkg");
            build(database.toFile(), table(name), features, epsg, crsWkt);
            AtomicOutput.write(out, inputs, stream -> Files.copy(database, stream));
        } catch (IOException e) {
            throw StorageException.of("write", out, e);
        } catch (SQLException | GeoPackageException e) {
            throw new StorageException("cannot write " + out + ": the GeoPackage library failed: " + e.getMessage(), e);
        } finally {
            if (scratch != null) {
                removeQuietly(scratch);
            }
        }
    }

    private static void build(File file, String table, List<DetectedFeature> features, OptionalInt epsg,
            Optional<String> crsWkt) throws SQLException {
        GeoPackageManager.create(file);
        try (GeoPackage geoPackage = GeoPackageManager.open(file)) {
            geoPackage.getConnection().setUserVersion(VERSION_1_2);
            SpatialReferenceSystem srs = srs(geoPackage, epsg, crsWkt);
            boolean multi = features.stream().anyMatch(f -> !f.singlePart());
            GeometryColumns column = new GeometryColumns();
            column.setTableName(table);
            column.setColumnName("geom");
            column.setGeometryType(multi ? GeometryType.MULTIPOLYGON : GeometryType.POLYGON);
            column.setZ((byte) 0);
            column.setM((byte) 0);
            column.setSrs(srs);
            List<FeatureColumn> attributes = List.of(
                    FeatureColumn.createColumn("Class", GeoPackageDataType.TEXT),
                    FeatureColumn.createColumn("ClassValue", GeoPackageDataType.INTEGER),
                    FeatureColumn.createColumn("Confidence", GeoPackageDataType.DOUBLE));
            geoPackage.createFeatureTable(FeatureTableMetadata.create(column, attributes,
                    extent(features)));
            FeatureDao dao = geoPackage.getFeatureDao(table);
            geoPackage.beginTransaction();
            try {
                for (DetectedFeature feature : features) {
                    FeatureRow row = dao.newRow();
                    GeoPackageGeometryData geometry = GeoPackageGeometryData.createAndBuildEnvelope(geometry(feature, multi));
                    geometry.setSrsId((int) srs.getSrsId());
                    row.setGeometry(geometry);
                    row.setValue("Class", feature.className());
                    row.setValue("ClassValue", feature.classValue());
                    row.setValue("Confidence", feature.confidence());
                    dao.create(row);
                }
                geoPackage.endTransaction();
            } catch (RuntimeException e) {
                geoPackage.failTransaction();
                throw e;
            }
        }
    }

    private static SpatialReferenceSystem srs(GeoPackage geoPackage, OptionalInt epsg, Optional<String> crsWkt)
            throws SQLException {
        var dao = geoPackage.getSpatialReferenceSystemDao();
        if (epsg.isEmpty() && crsWkt.isEmpty()) {
            return dao.queryForId(UNDEFINED_CARTESIAN);
        }
        long id = epsg.isPresent() ? epsg.getAsInt() : CUSTOM_SRS;
        SpatialReferenceSystem existing = dao.queryForId(id);
        if (existing != null) {
            return existing;
        }
        SpatialReferenceSystem srs = new SpatialReferenceSystem();
        srs.setSrsId(id);
        srs.setSrsName(epsg.isPresent() ? "EPSG:" + id : "the imagery's CRS");
        srs.setOrganization(epsg.isPresent() ? "EPSG" : "NONE");
        srs.setOrganizationCoordsysId(id);
        // The column may not be empty; "undefined" is the specification's word for a CRS known only by its code.
        srs.setDefinition(crsWkt.orElse("undefined"));
        srs.setDescription("the CRS of the imagery the objects were detected in");
        dao.create(srs);
        return srs;
    }

    private static BoundingBox extent(List<DetectedFeature> features) {
        Envelope all = new Envelope();
        features.forEach(f -> all.expandToInclude(f.geometry().getEnvelopeInternal()));
        return all.isNull() ? new BoundingBox(0, 0, 0, 0) : new BoundingBox(all.getMinX(), all.getMinY(), all.getMaxX(), all.getMaxY());
    }

    /** The feature's polygons in the library's model, exteriors counter-clockwise as the specification prefers. */
    private static mil.nga.sf.Geometry geometry(DetectedFeature feature, boolean multi) {
        List<Polygon> polygons = new ArrayList<>();
        for (List<double[][]> part : feature.parts(true)) {
            Polygon polygon = new Polygon();
            for (double[][] ring : part) {
                LineString line = new LineString();
                for (double[] point : ring) {
                    line.addPoint(new Point(point[0], point[1]));
                }
                polygon.addRing(line);
            }
            polygons.add(polygon);
        }
        if (!multi) {
            return polygons.get(0);
        }
        MultiPolygon collection = new MultiPolygon();
        polygons.forEach(collection::addPolygon);
        return collection;
    }

    /** A table name SQL and every GIS reads without quoting: letters, digits and underscores, not starting with a digit. */
    static String table(String name) {
        String table = name.replaceAll("[^A-Za-z0-9_]", "_");
        if (table.isEmpty() || Character.isDigit(table.charAt(0)) || table.toLowerCase(java.util.Locale.ROOT).startsWith("gpkg")) {
            table = "objects_" + table;
        }
        return table;
    }

    private static void removeQuietly(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException ignored) {
            // A scratch folder left in the system's temporary folder is harmless; the output is what matters.
        }
    }
}
