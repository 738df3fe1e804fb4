package io.shoplens.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.core.data.DataException;
import io.shoplens.core.io.LoadReport;
import io.shoplens.profile.segment.SegmentModel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * What a profile run produced, for {@code profile.json}, the segments files and the HTML page: the input, options,
 * tag rules, the number of users, the segments with their descriptions, and the aggregate tables after small-cell
 * suppression. Holds no per-user data.
 *
 * @param inputName     the events file's name
 * @param events        accepted events
 * @param inputs        validation of each source file
 * @param engine        the engine that computed the profile table
 * @param options       profile options
 * @param tags          the tag rules applied
 * @param pseudonymised whether exported user ids are keyed pseudonyms
 * @param cells         the small-cell threshold
 * @param users         profiled users
 * @param model         the segment model, or null without segmentation
 * @param segments      the segments, largest first
 * @param aggregates    the aggregate tables (segments first when segmented)
 * @param seconds       wall time of the whole run after input validation
 * @param propensity    the purchase propensity model's horizon and validation AUC, or null without one
 */
public record ProfileReport(String inputName, long events, List<LoadReport> inputs, String engine,
                            ProfileOptions options, TagRules tags, boolean pseudonymised, SmallCells cells, long users,
                            SegmentModel model, List<Segment> segments, List<Aggregate> aggregates, double seconds,
                            PurchasePropensity propensity) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One segment.
     *
     * @param id          segment number (0 = largest)
     * @param description its centroid in words
     * @param centroid    centroid in standard deviations from the mean, per feature
     * @param row         its cell of the segments aggregate (suppressed when small)
     */
    public record Segment(int id, String description, double[] centroid, Aggregate.Row row) {
    }

    public ProfileReport {
        inputs = List.copyOf(inputs);
        segments = List.copyOf(segments);
        aggregates = List.copyOf(aggregates);
    }

    /** The aggregate named {@code name}. */
    public Aggregate aggregate(String name) {
        return aggregates.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no aggregate '" + name + "'"));
    }

    /** Cells suppressed across all aggregates. */
    public int suppressedCells() {
        return aggregates.stream().mapToInt(Aggregate::suppressed).sum();
    }

    /** Writes {@code profile.json} and, when segmented, {@code segments.csv} and {@code segments.json}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            atomicJson(dir.resolve("profile.json"), toJson());
            if (model != null) {
                ArrayNode segs = JSON.createArrayNode();
                segments.forEach(s -> segs.add(segmentJson(s)));
                atomicJson(dir.resolve("segments.json"), segs);
                try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("segments.csv"), StandardCharsets.UTF_8)) {
                    w.write("segment,users,share,avg_events,buyer_share,avg_monetary,value_share,description");
                    for (String f : model.features()) {
                        w.write(",z_" + f);
                    }
                    w.write('\n');
                    for (Segment s : segments) {
                        Aggregate.Row r = s.row();
                        w.write(s.id() + "," + text(r.users()) + "," + text(r.share()));
                        for (int i = 0; i < 4; i++) {
                            w.write("," + text(i < r.values().size() ? r.values().get(i) : null));
                        }
                        w.write(",\"" + s.description().replace("\"", "\"\"") + "\"");
                        for (double z : s.centroid()) {
                            w.write("," + z);
                        }
                        w.write('\n');
                    }
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot write the profile report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static void atomicJson(Path file, Object node) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        JSON.writeValue(tmp.toFile(), node);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ObjectNode segmentJson(Segment s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("segment", s.id());
        n.put("description", s.description());
        putRow(n, s.row(), aggregates.get(0).valueNames());
        ObjectNode c = n.putObject("centroidSd");
        for (int j = 0; j < s.centroid().length; j++) {
            c.put(model.features().get(j), s.centroid()[j]);
        }
        return n;
    }

    private static void putRow(ObjectNode n, Aggregate.Row r, List<String> names) {
        if (r.suppressed()) {
            n.putNull("users");
            n.putNull("share");
            n.put("suppressed", true);
        } else {
            n.put("users", r.users());
            n.put("share", r.share());
        }
        for (int i = 0; i < names.size() && i < r.values().size(); i++) {
            Double v = r.values().get(i);
            if (v == null || !Double.isFinite(v)) {
                n.putNull(names.get(i));
            } else {
                n.put(names.get(i), v);
            }
        }
    }

    /** The content of {@code profile.json}. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("engine", engine);
        ObjectNode in = root.putObject("input");
        in.put("name", inputName);
        in.put("events", events);
        ArrayNode files = in.putArray("files");
        for (LoadReport r : inputs) {
            ObjectNode f = files.addObject();
            f.put("file", r.file().toString());
            f.put("format", r.format());
            f.put("sha256", r.sha256());
            f.put("rows", r.rows());
            f.put("accepted", r.accepted());
            f.put("rejected", r.rejected());
            f.put("quarantineFile", r.quarantineFile() == null ? null : r.quarantineFile().toString());
        }
        ObjectNode o = root.putObject("options");
        o.put("utcOffsetHours", options.analytics().utcOffsetHours());
        o.put("prices", options.analytics().hasPrices());
        o.put("userAttributes", options.hasUsers());
        o.put("newDays", options.newDays());
        o.put("atRiskDays", options.atRiskDays());
        o.put("churnDays", options.churnDays());
        ObjectNode privacy = root.putObject("privacy");
        privacy.put("pseudonymisedIds", pseudonymised);
        privacy.put("idScheme", pseudonymised ? "HMAC-SHA256 under the configured key, first 128 bits, hex"
                : "raw user ids (--no-pseudonymise)");
        privacy.put("minCellUsers", cells.k());
        privacy.put("suppressedCells", suppressedCells());
        privacy.put("note", String.format(Locale.ROOT, "aggregate cells with fewer than %d users are suppressed "
                + "(users, share and values null)", cells.k()));
        ObjectNode t = root.putObject("tags");
        t.put("source", tags.source());
        tags.rules().forEach(r -> t.put(r.name(), r.expression()));
        root.put("users", users);
        root.put("seconds", seconds);
        if (propensity != null) {
            ObjectNode pr = root.putObject("propensity");
            pr.put("meaning", "P(buys anything within the horizon after the log's end), XGBoost on predict's "
                    + "propensity features, trained on cut-off end-2H, early-stopped on end-H");
            pr.put("horizonHours", propensity.horizon() / 3600.0);
            pr.put("validationAuc", propensity.validationAuc());
        }
        root.put("profiles", "profiles.parquet");
        root.put("profilesCsv", "profiles.csv");
        if (model != null) {
            ObjectNode seg = root.putObject("segmentation");
            seg.put("algorithm", "k-means++ on z-scored features (Apache Commons Math)");
            seg.put("k", model.k());
            ArrayNode feats = seg.putArray("features");
            model.features().forEach(feats::add);
            ObjectNode sil = seg.putObject("silhouetteByK");
            new java.util.TreeMap<>(model.silhouettes()).forEach((k, v) -> sil.put(Integer.toString(k), v));
            ObjectNode params = seg.putObject("params");
            model.provenance().params().forEach(params::put);
            ArrayNode segs = seg.putArray("segments");
            segments.forEach(s -> segs.add(segmentJson(s)));
        }
        ObjectNode all = root.putObject("aggregates");
        for (Aggregate a : aggregates) {
            ObjectNode n = all.putObject(a.name());
            n.put("description", a.description());
            n.put("suppressedCells", a.suppressed());
            ArrayNode rows = n.putArray("rows");
            for (Aggregate.Row r : a.rows()) {
                ObjectNode row = rows.addObject();
                row.put("label", r.label());
                putRow(row, r, a.valueNames());
            }
        }
        return root;
    }
}
