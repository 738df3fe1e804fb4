package io.shoplens.analytics;

/**
 * The SQL spellings that differ between the engines, and nothing else: every {@link Query} is one text that calls
 * these methods where DuckDB and Spark SQL disagree.
 *
 * <p>Times are never converted through an engine's session time zone: the local day and hour of an event are
 * computed with integer arithmetic on epoch seconds shifted by the report's fixed UTC offset, so both engines
 * agree whatever the JVM's or session's zone. What remains engine-specific is integer division (DuckDB {@code //},
 * Spark {@code div}; both engines' {@code /} is floating-point) and turning a day number into a {@code DATE}
 * (DuckDB adds an integer to a date, Spark has {@code date_from_unix_date}). Quantiles are not taken from the
 * engines' built-ins (DuckDB's {@code quantile_disc} and Spark's {@code percentile_disc} pick different ranks for
 * some sizes); {@link Query} computes them from row numbers with {@link #intDiv}.
 */
public enum Dialect {
    /** DuckDB 1.x/2.x SQL. */
    DUCKDB {
        @Override
        public String intDiv(String dividend, String divisor) {
            return "((" + dividend + ") // (" + divisor + "))";
        }

        @Override
        public String dateOfEpochDay(String epochDay) {
            return "CAST(DATE '1970-01-01' + CAST(" + epochDay + " AS INTEGER) AS DATE)";
        }
    },
    /** Spark SQL 4.x (ANSI mode on or off). */
    SPARK {
        @Override
        public String intDiv(String dividend, String divisor) {
            return "((" + dividend + ") div (" + divisor + "))";
        }

        @Override
        public String dateOfEpochDay(String epochDay) {
            return "date_from_unix_date(CAST(" + epochDay + " AS INT))";
        }
    };

    /** Integer division of two non-negative integer expressions, truncating, as a BIGINT. */
    public abstract String intDiv(String dividend, String divisor);

    /** The {@code DATE} that is {@code epochDay} days after 1970-01-01. */
    public abstract String dateOfEpochDay(String epochDay);
}
