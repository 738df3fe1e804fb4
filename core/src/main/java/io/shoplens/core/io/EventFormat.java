package io.shoplens.core.io;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.OrderSink;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The behaviour-log formats Shoplens reads, with their command-line names. */
public enum EventFormat {
    /** Taobao UserBehavior CSV, see {@link TaobaoReader}. */
    TAOBAO("taobao", 0.01),
    /** RetailRocket events.csv, see {@link RetailRocketReader}. */
    RETAILROCKET("retailrocket", 0.01),
    /** UCI Online Retail CSV, see {@link OnlineRetailReader}; a quarter of its rows are guest checkouts. */
    ONLINE_RETAIL("online-retail", 0.35),
    /** SASRec/BERT4Rec {@code user item} sequence files, see {@link SasRecReader}. */
    SASREC("sasrec", 0.01),
    /** MovieLens u.data or ratings.dat, see {@link MovieLensReader}. */
    MOVIELENS("movielens", 0.01),
    /** Shoplens' CSV with header, see {@link ShoplensCsvReader}. */
    SHOPLENS("shoplens", 0.01);

    private final String label;
    private final double defaultMaxBadRatio;

    EventFormat(String label, double defaultMaxBadRatio) {
        this.label = label;
        this.defaultMaxBadRatio = defaultMaxBadRatio;
    }

    /** The name used on the command line and in reports. */
    public String label() {
        return label;
    }

    /** Largest share of rejected rows accepted unless the user says otherwise, in [0, 1]. */
    public double defaultMaxBadRatio() {
        return defaultMaxBadRatio;
    }

    /** False for formats whose rows carry no time (their row order stands in for it). */
    public boolean hasTimestamps() {
        return this != SASREC;
    }

    /** A new reader for this format (readers keep per-file state; use one per file). */
    public EventReader reader() {
        return reader(null);
    }

    /** A new reader that also passes order lines to {@code orders} when the format has them. */
    public EventReader reader(OrderSink orders) {
        return switch (this) {
            case TAOBAO -> new TaobaoReader();
            case RETAILROCKET -> new RetailRocketReader();
            case ONLINE_RETAIL -> new OnlineRetailReader(orders);
            case SASREC -> new SasRecReader();
            case MOVIELENS -> new MovieLensReader();
            case SHOPLENS -> new ShoplensCsvReader();
        };
    }

    /** The format named {@code name} (case-insensitive), or a {@link DataException} listing the known ones. */
    public static EventFormat parse(String name) {
        for (EventFormat f : values()) {
            if (f.label.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new DataException("unknown data format '" + name + "'; known formats: "
                + Arrays.stream(values()).map(EventFormat::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
