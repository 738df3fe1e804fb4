package io.shoplens.core.data;

import io.shoplens.core.io.LoadReport;
import java.util.List;

/**
 * A loaded data set: behaviour events plus whatever else the sources had.
 *
 * @param name       a short name for reports (the events file name)
 * @param events     all accepted events
 * @param catalog    item attributes (empty when no catalogue was given)
 * @param attributes user attributes (empty when none were given)
 * @param orders     order lines (empty unless an order log was read)
 * @param reports    one load report per file read, events file first
 */
public record Dataset(String name, InteractionStore events, ItemCatalog catalog, UserAttributes attributes,
                      List<OrderLine> orders, List<LoadReport> reports) {
    public Dataset {
        orders = List.copyOf(orders);
        reports = List.copyOf(reports);
    }

    /** SHA-256 of the events file as stored. */
    public String sha256() {
        return reports.get(0).sha256();
    }

    /** Rows rejected across all files. */
    public long rejectedRows() {
        return reports.stream().mapToLong(LoadReport::rejected).sum();
    }
}
