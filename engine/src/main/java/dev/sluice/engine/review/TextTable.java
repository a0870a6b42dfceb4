package dev.sluice.engine.review;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns; numeric columns are right-aligned, the last column is not padded. */
final class TextTable {
    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** {@code right[i]}: column i is right-aligned. */
    TextTable(String[] headers, boolean[] right) {
        this.headers = headers.clone();
        this.right = right.clone();
    }

    void row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("a row needs " + headers.length + " cells");
        }
        rows.add(cells.clone());
    }

    /** The table, each line indented by two spaces and ended by a newline. */
    String render() {
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            width[i] = headers[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (String[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        sb.append("  ");
        for (int i = 0; i < cells.length; i++) {
            boolean lastCol = i == cells.length - 1;
            int pad = width[i] - cells[i].length();
            if (right[i]) {
                sb.append(" ".repeat(pad)).append(cells[i]);
            } else {
                sb.append(cells[i]);
                if (!lastCol) {
                    sb.append(" ".repeat(pad));
                }
            }
            if (!lastCol) {
                sb.append("  ");
            }
        }
        sb.append('\n');
    }
}
