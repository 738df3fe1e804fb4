package io.shoplens.core.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a reader did with one file. {@code accepted + rejected} equals the number of data rows (lines less the
 * header); every rejected row is in {@code quarantineFile}.
 *
 * @param file             the file read
 * @param sha256           SHA-256 of the file's bytes as stored, hex
 * @param format           the format's name
 * @param rows             data rows seen (header excluded)
 * @param accepted         rows turned into records
 * @param rejected         rows quarantined
 * @param rejectedByReason rejected rows per kind of reason
 * @param examples         the first few rejections, "line N: reason"
 * @param quarantineFile   where the rejected rows are, or {@code null} when there are none
 * @param bytes            uncompressed bytes read
 * @param seconds          wall time of the read
 * @param ordinalTime      true when the format has no timestamps and times are row ordinals
 */
public record LoadReport(Path file, String sha256, String format, long rows, long accepted, long rejected,
                         Map<String, Long> rejectedByReason, List<String> examples, Path quarantineFile,
                         long bytes, double seconds, boolean ordinalTime) {

    /** Share of rejected rows in [0, 1]; 0 for a file without rows. */
    public double rejectedRatio() {
        return rows == 0 ? 0 : (double) rejected / rows;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(file.getFileName()).append(" (").append(format).append("): ")
                .append(String.format("%,d rows, %,d accepted, %,d rejected", rows, accepted, rejected));
        if (rejected > 0) {
            sb.append(" ").append(rejectedByReason).append(" -> ").append(quarantineFile);
        }
        return sb.toString();
    }
}
