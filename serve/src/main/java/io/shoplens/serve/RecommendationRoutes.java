package io.shoplens.serve;

import static io.shoplens.serve.Requests.JSON_TYPE;
import static io.shoplens.serve.Requests.abbreviate;
import static io.shoplens.serve.Requests.allowOnly;
import static io.shoplens.serve.Requests.boolParam;
import static io.shoplens.serve.Requests.id;
import static io.shoplens.serve.Requests.intParam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The read routes about users and items: recommendations (with exclusions and explanations), similar items, a
 * user's history (log plus live events) and the most active users. Each request reads the model set once, so it
 * is answered by one set even while a new one is swapped in.
 */
final class RecommendationRoutes {
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EXCLUDE = 1_000;
    private static final Set<String> REC_PARAMS = Set.of("k", "model", "exclude", "explain");
    private static final Set<String> SIMILAR_PARAMS = Set.of("k", "model");
    private static final Set<String> LIMIT_PARAM = Set.of("limit");

    private final AtomicReference<ModelSet> current;
    private final RecommendService service;
    private final LiveHistory live;

    RecommendationRoutes(AtomicReference<ModelSet> current, RecommendService service, LiveHistory live) {
        this.current = current;
        this.service = service;
        this.live = live;
    }

    /** {@code GET /v1/users/{user}/recommendations}. */
    void recommendations(Context ctx) throws IOException {
        allowOnly(ctx, REC_PARAMS);
        String user = id(ctx.pathParam("user"), "user");
        int k = intParam(ctx, "k", 10, 1, RecommendService.MAX_K);
        ModelSet set = current.get();
        String model = RecommendService.modelName(set, ctx.queryParam("model"));
        boolean explain = boolParam(ctx, "explain");
        int[] exclude = exclusions(set.data().store().items(), ctx.queryParam("exclude"));
        RecommendService.Answer a = service.recommend(set, model, user, k, exclude, explain);
        ModelSet.Cached c = a.cached();
        if (c != null && c.json() != null && c.jsonK() == k) {
            ctx.contentType(JSON_TYPE).result(c.json());
            return;
        }
        byte[] body = render(a, user);
        service.memo(a, user, body, k);
        ctx.contentType(JSON_TYPE).result(body);
    }

    private static int[] exclusions(IdMap items, String text) {
        if (text == null || text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_EXCLUDE) {
            throw ApiError.badField("exclude", "exclude lists " + parts.length + " items; at most "
                    + MAX_EXCLUDE + " are allowed");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Requests.item(items, parts[i], "exclude");
        }
        Arrays.sort(out);
        return out;
    }

    private static byte[] render(RecommendService.Answer a, String user) throws IOException {
        InteractionStore store = a.set().data().store();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * a.items().length);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("user", user);
            g.writeStringField("model", a.model());
            g.writeNumberField("modelVersion", a.set().version());
            g.writeBooleanField("coldStart", a.coldStart());
            g.writeArrayFieldStart("items");
            for (int i = 0; i < a.items().length; i++) {
                g.writeStartObject();
                g.writeStringField("item", store.items().externalId(a.items()[i]));
                g.writeNumberField("score", a.scores()[i]);
                if (a.explanations() != null) {
                    writeExplanation(g, a.explanations().get(i), store);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeExplanation(JsonGenerator g, Explanation e, InteractionStore store) throws IOException {
        g.writeObjectFieldStart("explanation");
        g.writeStringField("summary", e.summary());
        g.writeArrayFieldStart("evidence");
        for (Evidence ev : e.evidence()) {
            g.writeStartObject();
            g.writeStringField("kind", ev.kind());
            if (ev.item() >= 0 && ev.item() < store.numItems()) {
                g.writeStringField("item", store.items().externalId(ev.item()));
            }
            g.writeNumberField("weight", ev.weight());
            g.writeStringField("detail", ev.detail());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** {@code GET /v1/items/{item}/similar}. */
    void similar(Context ctx) throws IOException {
        allowOnly(ctx, SIMILAR_PARAMS);
        ModelSet set = current.get();
        int item = Requests.item(set.data().store().items(), ctx.pathParam("item"), "item");
        int k = intParam(ctx, "k", 10, 1, RecommendService.MAX_K);
        String model = RecommendService.modelName(set, ctx.queryParam("model"));
        RecommendService.Answer a = service.similar(set, model, item, k);
        ObjectNode o = JSON.createObjectNode();
        o.put("item", set.data().store().items().externalId(item));
        o.put("model", model);
        o.put("modelVersion", set.version());
        ArrayNode arr = o.putArray("items");
        for (int i = 0; i < a.items().length; i++) {
            arr.addObject().put("item", set.data().store().items().externalId(a.items()[i]))
                    .put("score", a.scores()[i]);
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    /** {@code GET /v1/users/{user}/history}: counts by behaviour and the most recent events first. */
    void history(Context ctx) throws IOException {
        allowOnly(ctx, LIMIT_PARAM);
        String user = id(ctx.pathParam("user"), "user");
        int limit = intParam(ctx, "limit", 100, 1, 10_000);
        ModelSet set = current.get();
        UserHistory h = service.history(set, user);
        if (h.length() == 0) {
            throw ApiError.notFound("user", "user '" + abbreviate(user) + "' has no events");
        }
        InteractionStore store = set.data().store();
        int[] byBehavior = new int[4];
        for (byte b : h.behaviors()) {
            byBehavior[b]++;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("user", user);
        o.put("known", h.user() >= 0);
        o.put("events", h.length());
        o.put("liveEvents", live.of(user).items().length);
        ObjectNode counts = o.putObject("byBehavior");
        for (Behavior b : Behavior.values()) {
            counts.put(b.label(), byBehavior[b.code()]);
        }
        ArrayNode arr = o.putArray("recent");
        for (int i = h.length() - 1; i >= Math.max(0, h.length() - limit); i--) {
            arr.addObject().put("item", store.items().externalId(h.items()[i]))
                    .put("behavior", Behavior.ofCode(h.behaviors()[i]).label())
                    .put("time", h.times()[i]);
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    /** {@code GET /v1/users}: the most active users of the served data (the dashboard's user picker). */
    void users(Context ctx) throws IOException {
        allowOnly(ctx, LIMIT_PARAM);
        int limit = intParam(ctx, "limit", 20, 1, 1_000);
        InteractionStore store = current.get().data().store();
        Integer[] order = new Integer[store.numUsers()];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        Arrays.sort(order, (a, b) -> store.userLength(a) != store.userLength(b)
                ? Integer.compare(store.userLength(b), store.userLength(a)) : Integer.compare(a, b));
        ArrayNode arr = JSON.createArrayNode();
        for (int i = 0; i < Math.min(limit, order.length); i++) {
            arr.addObject().put("user", store.users().externalId(order[i])).put("events",
                    store.userLength(order[i]));
        }
        ObjectNode o = JSON.createObjectNode();
        o.set("users", arr);
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }
}
