package org.ecdkit.cli.example;

import org.ecdkit.raster.SampleType;
import org.ecdkit.raster.fixture.GeoTiffFixture;

/**
 * The bundled example's scene: a synthetic 640 x 640 aerial image of 4 bands (red, green, blue,
 * near-infrared, 8-bit, as NAIP delivers them) at 0.6 m in UTM zone 11N (EPSG:26911): lawns, two
 * streets each way, roofs, trees, and a nodata corner as at the edge of a NAIP tile. Reflectances
 * are typical ones, with deterministic noise: vegetation is dark in red and bright in near-infrared,
 * pavement and roofs are not.
 */
final class ExampleScene {

    static final int SIZE = 640;

    private ExampleScene() {
    }

    static GeoTiffFixture fixture() {
        return GeoTiffFixture.of(SIZE, SIZE, 4, SampleType.UINT8, ExampleScene::value)
                .tiled(256).deflate().nodata("0").descriptions("Red", "Green", "Blue", "NIR")
                .epsg(26911, 442_000, 3_762_000, 0.6);
    }

    /** Band {@code b} of pixel (x, y); 0 in every band marks nodata. */
    static double value(int x, int y, int b) {
        if (x - y > 500) {
            return 0;
        }
        int[] surface = surface(x, y);
        int noise = Math.floorMod(hash(x, y, b), 7) - 3;
        return Math.max(1, Math.min(255, surface[b] + noise));
    }

    private static int[] surface(int x, int y) {
        int[] lawn = {70, 95, 60, 165};
        int[] street = {135, 135, 132, 95};
        int[] roof = {175, 160, 150, 120};
        int[] tree = {40, 80, 45, 200};
        if (isTree(x, y)) {
            return tree;
        }
        if (y >= 150 && y < 168 || y >= 470 && y < 486 || x >= 200 && x < 216 || x >= 520 && x < 534) {
            return street;
        }
        int blockX = x % 160;
        int blockY = y % 160;
        boolean house = blockX >= 20 && blockX < 80 && blockY >= 30 && blockY < 75
                || blockX >= 95 && blockX < 140 && blockY >= 90 && blockY < 140;
        return house ? roof : lawn;
    }

    private static boolean isTree(int x, int y) {
        for (int i = 0; i < 40; i++) {
            int cx = Math.floorMod(hash(i, 7, 1), SIZE);
            int cy = Math.floorMod(hash(i, 11, 2), SIZE);
            int r = 6 + Math.floorMod(hash(i, 13, 3), 9);
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                return true;
            }
        }
        return false;
    }

    private static int hash(int x, int y, int b) {
        int h = x * 73_856_093 ^ y * 19_349_663 ^ b * 83_492_791;
        h ^= h >>> 13;
        h *= 0x5bd1e995;
        return h ^ (h >>> 15);
    }
}
