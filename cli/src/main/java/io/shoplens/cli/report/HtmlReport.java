package io.shoplens.cli.report;

import io.shoplens.core.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained, readable HTML report: a title, sections with paragraphs, notes and tables. Text is escaped;
 * the file is written atomically.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
    }

    /** Starts a section. */
    public HtmlReport section(String heading) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n");
        return this;
    }

    /** A paragraph of text. */
    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A de-emphasised note, e.g. the protocol under a table. */
    public HtmlReport note(String text) {
        body.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A table; cells are formatted like the terminal tables (numbers right-aligned). */
    public HtmlReport table(List<String> header, List<List<Object>> rows) {
        body.append("<table>\n<thead><tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                boolean number = cell instanceof Number;
                body.append(number ? "<td class=\"num\">" : "<td>").append(escape(format(cell))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /**
     * A horizontal bar chart: one bar per label, lengths proportional to the values (non-negative; NaN and
     * negative values draw no bar), each value printed beside its bar.
     */
    public HtmlReport bars(String caption, List<String> labels, List<? extends Number> values) {
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException("bar chart '" + caption + "' has " + labels.size() + " labels for "
                    + values.size() + " values");
        }
        double max = values.stream().mapToDouble(Number::doubleValue).filter(v -> v > 0).max().orElse(1);
        body.append("<figure class=\"bars\"><figcaption>").append(escape(caption)).append("</figcaption>\n");
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i).doubleValue();
            double width = v > 0 ? 100 * v / max : 0;
            body.append("<div class=\"bar\"><span class=\"label\">").append(escape(labels.get(i)))
                    .append("</span><span class=\"fill\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", width * 0.6)).append("%\"></span><span class=\"num\">")
                    .append(escape(format(values.get(i)))).append("</span></div>\n");
        }
        body.append("</figure>\n");
        return this;
    }

    /** Writes the report to {@code file}. */
    public void write(Path file) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
                + "color:#222}\n"
                + "h1{border-bottom:2px solid #e4572e;padding-bottom:.3rem}h2{margin-top:2rem;color:#333}\n"
                + "table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.25rem .6rem;"
                + "border-bottom:1px solid #ddd}\n"
                + "th{background:#f5f5f5;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
                + ".note{color:#666;font-size:.9rem}\n"
                + "figure.bars{margin:.5rem 0}figcaption{font-weight:600;margin-bottom:.3rem}"
                + ".bar{display:flex;align-items:center;gap:.5rem;font-size:.85rem;line-height:1.3}"
                + ".bar .label{width:9rem;text-align:right}.bar .fill{display:inline-block;height:.8rem;"
                + "background:#e4572e}.bar .num{font-variant-numeric:tabular-nums;color:#444}\n"
                + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n"
                + "<p class=\"note\">Generated " + Instant.now() + " by Shoplens.</p>\n" + body + "</body></html>\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    /** Numbers as in every Shoplens table: 4 decimals below 1000, thousands separators above. */
    public static String format(Object o) {
        if (o instanceof Float f) {
            return format((double) f);
        }
        if (o instanceof Double d) {
            return Math.abs(d) >= 1000 ? String.format(Locale.ROOT, "%,.0f", d)
                    : String.format(Locale.ROOT, "%.4f", d);
        }
        if (o instanceof Long || o instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", o);
        }
        return String.valueOf(o);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
