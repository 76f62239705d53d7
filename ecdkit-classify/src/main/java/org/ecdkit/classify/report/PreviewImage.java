package org.ecdkit.classify.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.ecdkit.classify.merge.RowListener;

/**
 * A small colour picture of a classification with a legend of class names and colours, built from
 * the final rows as they stream past (every {@code step}-th row and column), so it costs no second
 * pass over the result.
 */
public final class PreviewImage implements RowListener {

    /** One entry of the legend. */
    public record LegendEntry(String name, int red, int green, int blue) {
    }

    private static final int NODATA_RGB = 0xFFFFFF;

    private final int step;
    private final BufferedImage map;
    private final int[] colors;
    private final List<LegendEntry> legend;
    private boolean legendTextFailed;
    private boolean sawNodata;

    /**
     * @param width  the classified image's columns
     * @param height its rows
     * @param maxSide the preview's longest side, at most
     */
    public PreviewImage(int width, int height, int maxSide, List<LegendEntry> legend) {
        this.step = Math.max(1, (Math.max(width, height) + maxSide - 1) / maxSide);
        this.map = new BufferedImage((width + step - 1) / step, (height + step - 1) / step, BufferedImage.TYPE_INT_RGB);
        this.legend = List.copyOf(legend);
        this.colors = legend.stream().mapToInt(e -> e.red() << 16 | e.green() << 8 | e.blue()).toArray();
    }

    @Override
    public void row(int y, int[] classIndexes, int width) {
        if (y % step != 0) {
            return;
        }
        int py = y / step;
        for (int x = 0, px = 0; x < width; x += step, px++) {
            int index = classIndexes[x];
            boolean nodata = index < 0 || index >= colors.length;
            sawNodata |= nodata;
            map.setRGB(px, py, nodata ? NODATA_RGB : colors[index]);
        }
    }

    /** Pixels of the image per preview pixel, along each axis. */
    public int step() {
        return step;
    }

    /** Whether the legend had to be drawn without names (no font on this machine). */
    public boolean legendTextFailed() {
        return legendTextFailed;
    }

    public void writePng(OutputStream out) throws IOException {
        int swatch = 14;
        int lineHeight = 20;
        int legendWidth = 220;
        List<LegendEntry> entries = new java.util.ArrayList<>(legend);
        if (sawNodata) {
            entries.add(new LegendEntry("no data", 255, 255, 255));
        }
        int height = Math.max(map.getHeight(), 16 + lineHeight * entries.size());
        BufferedImage picture = new BufferedImage(map.getWidth() + legendWidth, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.drawImage(map, 0, 0, null);
            int x = map.getWidth() + 12;
            for (int i = 0; i < entries.size(); i++) {
                LegendEntry entry = entries.get(i);
                int y = 12 + i * lineHeight;
                g.setColor(new Color(entry.red(), entry.green(), entry.blue()));
                g.fillRect(x, y, swatch, swatch);
                g.setColor(Color.DARK_GRAY);
                g.drawRect(x, y, swatch, swatch);
                drawName(g, entry.name(), x + swatch + 8, y + swatch - 2, legendWidth - swatch - 24);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(picture, "png", out);
    }

    private void drawName(Graphics2D g, String name, int x, int baseline, int maxWidth) {
        if (legendTextFailed) {
            return;
        }
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics metrics = g.getFontMetrics();
            String text = name.strip();
            while (text.length() > 1 && metrics.stringWidth(text) > maxWidth) {
                text = text.substring(0, text.length() - 2) + "\u2026";
            }
            g.drawString(text, x, baseline);
        } catch (RuntimeException | Error e) {
            // Headless Java without any font: the swatches still tell the colours.
            legendTextFailed = true;
        }
    }
}
