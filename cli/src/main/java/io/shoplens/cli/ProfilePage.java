package io.shoplens.cli;

import io.shoplens.cli.report.HtmlReport;
import io.shoplens.core.io.LoadReport;
import io.shoplens.profile.Aggregate;
import io.shoplens.profile.ProfileReport;
import io.shoplens.profile.TagRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The profile report as one HTML page: input, privacy, segments with sizes and value, tags and other aggregates. */
final class ProfilePage {
    private ProfilePage() {
    }

    static void write(ProfileReport r, Path file) {
        HtmlReport h = new HtmlReport("Shoplens profiles: " + r.inputName());
        h.note(String.format(Locale.ROOT, "%,d users from %,d events; engine %s; days and hours in UTC%+d; %s; "
                        + "lifecycle: new < %d days since first seen, at-risk >= %d and churned >= %d days since last "
                        + "seen. Per-user profiles are in profiles.parquet and profiles.csv beside this page.",
                r.users(), r.events(), r.engine(), r.options().analytics().utcOffsetHours(),
                r.options().analytics().hasPrices() ? "prices from the item catalogue" : "no prices",
                r.options().newDays(), r.options().atRiskDays(), r.options().churnDays()));
        h.section("Privacy");
        h.note((r.pseudonymised() ? "Exported user ids are HMAC-SHA256 pseudonyms under the configured key."
                : "Exported user ids are raw (--no-pseudonymise).")
                + String.format(Locale.ROOT, " Cells with fewer than %d users are suppressed (shown as '-'); %d "
                + "cells were suppressed.", r.cells().k(), r.suppressedCells()));
        h.section("Input");
        List<List<Object>> files = new ArrayList<>();
        for (LoadReport l : r.inputs()) {
            files.add(List.<Object>of(l.file().getFileName().toString(), l.format(), l.rows(), l.accepted(),
                    l.rejected()));
        }
        h.table(List.of("file", "format", "rows", "accepted", "rejected"), files);
        if (r.model() != null) {
            h.section("Segments");
            h.note(String.format(Locale.ROOT, "k-means++ on z-scored features %s; k = %d chosen by silhouette %s.",
                    r.model().features(), r.model().k(), r.model().silhouettes().entrySet().stream()
                            .sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> String.format(Locale.ROOT, "k=%d: %.3f", e.getKey(), e.getValue())).toList()));
            List<String> labels = new ArrayList<>();
            List<Double> sizes = new ArrayList<>();
            List<List<Object>> rows = new ArrayList<>();
            for (ProfileReport.Segment s : r.segments()) {
                Aggregate.Row row = s.row();
                labels.add("segment " + s.id());
                sizes.add(row.suppressed() ? 0.0 : row.users().doubleValue());
                List<Object> line = new ArrayList<>();
                line.add(s.id());
                line.add(row.suppressed() ? "-" : row.users());
                line.add(row.suppressed() ? "-" : row.share());
                for (Double v : row.values()) {
                    line.add(v == null ? "-" : v);
                }
                line.add(s.description());
                rows.add(line);
            }
            h.bars("users per segment", labels, sizes);
            List<String> header = new ArrayList<>(List.of("segment", "users", "share"));
            header.addAll(r.aggregate("segments").valueNames());
            header.add("description");
            h.table(header, rows);
        }
        for (Aggregate a : r.aggregates()) {
            if (a.name().equals("segments")) {
                continue;
            }
            h.section(a.name().replace('_', ' '));
            h.note(a.description() + (a.suppressed() > 0 ? String.format(Locale.ROOT, "; %d cells suppressed",
                    a.suppressed()) : ""));
            List<String> labels = new ArrayList<>();
            List<Double> users = new ArrayList<>();
            List<List<Object>> rows = new ArrayList<>();
            for (Aggregate.Row row : a.rows()) {
                labels.add(row.label());
                users.add(row.suppressed() ? 0.0 : row.users().doubleValue());
                List<Object> line = new ArrayList<>();
                line.add(row.label());
                line.add(row.suppressed() ? "-" : row.users());
                line.add(row.suppressed() ? "-" : row.share());
                for (Double v : row.values()) {
                    line.add(v == null ? "-" : v);
                }
                rows.add(line);
            }
            if (!rows.isEmpty()) {
                h.bars("users per " + a.name().replace('_', ' '), labels, users);
            }
            List<String> header = new ArrayList<>(List.of(a.name(), "users", "share"));
            header.addAll(a.valueNames());
            h.table(header, rows);
        }
        h.section("Tag rules");
        List<List<Object>> tagRows = new ArrayList<>();
        for (TagRules.Rule rule : r.tags().rules()) {
            tagRows.add(List.of(rule.name(), rule.expression()));
        }
        h.note("From " + r.tags().source() + ".");
        h.table(List.of("tag", "rule"), tagRows);
        h.write(file);
    }
}
