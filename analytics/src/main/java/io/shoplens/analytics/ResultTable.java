package io.shoplens.analytics;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The typed result of one query, engine-independent: integer columns as {@link Long}, real ones as
 * {@link Double}, dates as {@link LocalDate}, text as {@link String}; SQL NULL is {@code null}. Two engines'
 * tables are equal exactly when names, column names and types, and every value in order are equal. Immutable.
 *
 * @param name    the table's name, e.g. {@code daily_traffic}
 * @param columns column names and types
 * @param rows    rows in the query's order, each with one value per column
 */
public record ResultTable(String name, List<Column> columns, List<List<Object>> rows) {
    /** The value types a column can have. */
    public enum Type {
        /** 64-bit integers (every SQL integer type). */
        LONG,
        /** 64-bit floating point (SQL REAL, DOUBLE and DECIMAL). */
        DOUBLE,
        /** Calendar dates. */
        DATE,
        /** Text. */
        STRING
    }

    /** A column's name and type. */
    public record Column(String name, Type type) {
    }

    public ResultTable {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("table " + name + ": a row has " + r.size() + " values for "
                        + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** The index of column {@code column}, or an exception naming the known columns. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("table " + name + " has no column '" + column + "'; columns: "
                + columns.stream().map(Column::name).toList());
    }

    /** The value in row {@code row}, column {@code column}. */
    public Object get(int row, String column) {
        return rows.get(row).get(columnIndex(column));
    }

    /** The value as a long (for LONG columns); fails on NULL. */
    public long getLong(int row, String column) {
        Object v = get(row, column);
        if (v == null) {
            throw new IllegalStateException("table " + name + " row " + row + " column " + column + " is NULL");
        }
        return (Long) v;
    }

    /** The value as a double, NaN for NULL. */
    public double getDouble(int row, String column) {
        Object v = get(row, column);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    /** The type a SQL type name maps to, e.g. {@code BIGINT} to LONG; fails for types no query returns. */
    public static Type typeOf(String sqlTypeName) {
        String t = sqlTypeName.toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            return Type.DOUBLE;
        }
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                    "UBIGINT", "BYTE", "SHORT", "LONG" -> Type.LONG;
            case "FLOAT", "REAL", "DOUBLE" -> Type.DOUBLE;
            case "DATE" -> Type.DATE;
            case "VARCHAR", "STRING", "TEXT" -> Type.STRING;
            default -> throw new IllegalArgumentException("SQL type " + sqlTypeName + " has no analytics value type");
        };
    }

    /** {@code value} (as an engine returned it) converted to the Java class of {@code type}. */
    public static Object normalize(Object value, Type type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case LONG -> {
                if (value instanceof BigInteger b) {
                    yield b.longValueExact();
                }
                if (value instanceof BigDecimal b) {
                    yield b.longValueExact();
                }
                yield ((Number) value).longValue();
            }
            case DOUBLE -> ((Number) value).doubleValue();
            case DATE -> {
                if (value instanceof java.sql.Date d) {
                    yield d.toLocalDate();
                }
                yield (LocalDate) value;
            }
            case STRING -> value.toString();
        };
    }
}
