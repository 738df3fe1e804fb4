package io.shoplens.serve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.io.LoadOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads the body of {@code POST /v1/events}: one event object or an array of 1..maxBatch of them, each with
 * {@code user}, {@code item} (in the catalogue), {@code behavior} and optional {@code time} (epoch seconds,
 * 1990..2060; now when absent). Strict JSON (no trailing tokens, no duplicate keys, no unknown fields); a bad
 * event fails the whole request with an {@link ApiError} naming its field, e.g. {@code [3].behavior}.
 */
final class EventParser {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> EVENT_FIELDS = Set.of("user", "item", "behavior", "time");

    private EventParser() {
    }

    /** The events of {@code body}, timed {@code now} (epoch seconds) when they carry no time. */
    static List<LiveEvent> parse(byte[] body, IdMap items, int maxBatch, long now) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (IOException e) {
            throw ApiError.badField("body", "the body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            throw ApiError.badField("body", "the body is empty; send an event object or an array of them");
        }
        List<LiveEvent> batch = new ArrayList<>();
        if (root.isArray()) {
            if (root.size() == 0 || root.size() > maxBatch) {
                throw ApiError.badField("body", "a batch must hold 1.." + maxBatch + " events, got " + root.size());
            }
            for (int i = 0; i < root.size(); i++) {
                batch.add(event(root.get(i), "[" + i + "].", items, now));
            }
        } else {
            batch.add(event(root, "", items, now));
        }
        return batch;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static LiveEvent event(JsonNode n, String prefix, IdMap items, long now) {
        if (!n.isObject()) {
            throw ApiError.badField(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "an event must be a JSON object with user, item, behavior and optional time");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!EVENT_FIELDS.contains(f)) {
                throw ApiError.badField(prefix + Requests.abbreviate(f), "unknown field '" + Requests.abbreviate(f)
                        + "'; an event has user, item, behavior and time");
            }
        }
        String user = Requests.id(textField(n, "user", prefix), prefix + "user");
        int item = Requests.item(items, textField(n, "item", prefix), prefix + "item");
        String b = textField(n, "behavior", prefix);
        Behavior behavior = Behavior.parse(b);
        if (behavior == null) {
            throw ApiError.badField(prefix + "behavior", "behavior '" + Requests.abbreviate(b)
                    + "' is not one of pv, cart, fav, buy (or an alias such as view, purchase)");
        }
        long time = now;
        JsonNode t = n.get("time");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong()) {
                throw ApiError.badField(prefix + "time", "time must be an integer number of epoch seconds");
            }
            time = t.asLong();
            if (time < LoadOptions.DEFAULT_MIN_TIME || time > LoadOptions.DEFAULT_MAX_TIME) {
                throw ApiError.badField(prefix + "time", "time " + time + " is outside "
                        + LoadOptions.DEFAULT_MIN_TIME + ".." + LoadOptions.DEFAULT_MAX_TIME + " (1990..2060)");
            }
        }
        return new LiveEvent(0, user, items.externalId(item), behavior, time);
    }

    private static String textField(JsonNode n, String name, String prefix) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw ApiError.badField(prefix + name, name + " is required");
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber() && !name.equals("behavior")) {
            return v.asText();
        }
        throw ApiError.badField(prefix + name, name + " must be a string");
    }
}
