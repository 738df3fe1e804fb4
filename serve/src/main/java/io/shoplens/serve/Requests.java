package io.shoplens.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.shoplens.core.data.IdMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict reading of request parts shared by every route: allowed query parameters, bounded integers, booleans,
 * identifiers (1..{@value #MAX_ID} characters, no spaces or control characters) and catalogue items, each failing
 * with an {@link ApiError} that names the field; and the JSON error body every failure is answered with.
 */
final class Requests {
    static final String JSON_TYPE = "application/json";
    static final int MAX_ID = 128;
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private Requests() {
    }

    /** Rejects any query parameter not in {@code allowed}. */
    static void allowOnly(Context ctx, Set<String> allowed) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiError.badField(name, "unknown query parameter '" + name + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** Query parameter {@code name} as an integer in [min, max], or {@code def} when absent. */
    static int intParam(Context ctx, String name, int def, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return def;
        }
        int x;
        try {
            x = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiError.badField(name, name + " must be an integer in " + min + ".." + max + ", got '"
                    + abbreviate(v) + "'");
        }
        if (x < min || x > max) {
            throw ApiError.badField(name, name + " must be in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    /** Query parameter {@code name} as {@code true} or {@code false} (absent is false). */
    static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ApiError.badField(name, name + " must be true or false, got '" + abbreviate(v) + "'");
    }

    /** {@code value} checked as an external id for {@code field}. */
    static String id(String value, String field) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID) {
            throw ApiError.badField(field, field + " must be 1.." + MAX_ID + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isISOControl(c)) {
                throw ApiError.badField(field, field + " '" + abbreviate(value)
                        + "' contains a space or control character");
            }
        }
        return value;
    }

    /** The index of catalogue item {@code id}; 404 naming {@code field} when it is not in {@code items}. */
    static int item(IdMap items, String id, String field) {
        int i = items.indexOf(id(id, field));
        if (i < 0) {
            throw ApiError.notFound(field, "item '" + abbreviate(id) + "' is not in the catalogue");
        }
        return i;
    }

    /** At most 40 characters of {@code s} with control characters replaced, for error messages. */
    static String abbreviate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** Answers with the JSON error body {@code {"status", "error", "field"?}}. */
    static void error(Context ctx, int status, String field, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("status", status);
            g.writeStringField("error", message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.status(status).contentType(JSON_TYPE).result(out.toByteArray());
    }
}
