package io.shoplens.cli;

import io.shoplens.cli.report.HtmlReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain fixed-width text tables for the terminal. */
final class Tables {
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a row; the first row is the header. */
    Tables row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = format(cells[i]);
        }
        rows.add(r);
        return this;
    }

    /** Prints the table, header underlined, numbers right-aligned. */
    void print(PrintWriter out) {
        int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (int j = 0; j < rows.size(); j++) {
            String[] r = rows.get(j);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean numeric = j > 0 && i > 0 && r[i].matches("-?[0-9.,]+%?");
                String cell = numeric ? pad(r[i], width[i], true) : pad(r[i], width[i], false);
                sb.append(i == 0 ? "" : "  ").append(cell);
            }
            out.println(sb.toString().stripTrailing());
            if (j == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                out.println("-".repeat(Math.max(0, total - 2)));
            }
        }
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(Math.max(0, w - s.length()));
        return right ? fill + s : s + fill;
    }

    /** Numbers as in every Shoplens table: 4 decimals below 1000, thousands separators above. */
    static String format(Object o) {
        return HtmlReport.format(o);
    }
}
