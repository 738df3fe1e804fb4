package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.ParsedEndpoint;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShoplensServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path work;
    static Fixture fx;
    static ShoplensServer server;
    static Fixture.Http http;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.get();
        server = ShoplensServer.start(fx.options(work));
        http = new Fixture.Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals(status, j.get("status").asInt());
        assertTrue(j.get("error").asText().length() > 5, r.body());
        if (field != null) {
            assertEquals(field, j.path("field").asText(), r.body());
        }
        assertFalse(r.body().contains("at io.") || r.body().contains("Exception"), r.body());
    }

    @Test
    void recommendsUnseenItemsForAKnownUser() throws Exception {
        String user = fx.activeUser();
        HttpResponse<String> r = http.get("/v1/users/" + user + "/recommendations?k=7", Fixture.READ_KEY);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals("itemknn", j.get("model").asText());
        assertFalse(j.get("coldStart").asBoolean());
        assertEquals(7, j.get("items").size());
        Set<String> seen = new HashSet<>();
        int u = fx.data.events().users().indexOf(user);
        for (int i : fx.data.events().userItems(u)) {
            seen.add(fx.data.events().items().externalId(i));
        }
        for (JsonNode it : j.get("items")) {
            assertFalse(seen.contains(it.get("item").asText()), "seen item recommended: " + it);
        }
        HttpResponse<String> again = http.get("/v1/users/" + user + "/recommendations?k=7", Fixture.READ_KEY);
        assertEquals(r.body(), again.body(), "the cached answer must equal the computed one");
        HttpResponse<String> excl = http.get("/v1/users/" + user + "/recommendations?k=7&exclude="
                + j.get("items").get(0).get("item").asText(), Fixture.READ_KEY);
        assertEquals(j.get("items").get(1).get("item"), json(excl).get("items").get(0).get("item"));
    }

    @Test
    void explainsEveryRecommendationWhenAsked() throws Exception {
        HttpResponse<String> r = http.get("/v1/users/" + fx.activeUser() + "/recommendations?k=3&explain=true",
                Fixture.READ_KEY);
        assertEquals(200, r.statusCode(), r.body());
        for (JsonNode it : json(r).get("items")) {
            assertFalse(it.get("explanation").get("summary").asText().isEmpty());
            assertTrue(it.get("explanation").get("evidence").size() > 0, it.toString());
        }
    }

    @Test
    void anIngestedEventChangesThatUsersRecommendationsAtOnce() throws Exception {
        String user = "live-user-1";
        JsonNode before = json(http.get("/v1/users/" + user + "/recommendations?k=5", Fixture.READ_KEY));
        assertTrue(before.get("coldStart").asBoolean(), before.toString());
        String item = before.get("items").get(0).get("item").asText();
        String body = "[{\"user\":\"" + user + "\",\"item\":\"" + item + "\",\"behavior\":\"buy\",\"time\":1512000000},"
                + "{\"user\":\"" + user + "\",\"item\":" + item + ",\"behavior\":\"view\"}]";
        HttpResponse<String> post = http.post("/v1/events", Fixture.INGEST_KEY, body);
        assertEquals(200, post.statusCode(), post.body());
        assertEquals(2, json(post).get("accepted").asInt());
        JsonNode after = json(http.get("/v1/users/" + user + "/recommendations?k=5", Fixture.READ_KEY));
        assertFalse(after.get("coldStart").asBoolean(), after.toString());
        for (JsonNode it : after.get("items")) {
            assertNotEquals(item, it.get("item").asText(), "the bought item must no longer be recommended");
        }
        JsonNode hist = json(http.get("/v1/users/" + user + "/history", Fixture.READ_KEY));
        assertEquals(2, hist.get("events").asInt());
        assertEquals("pv", hist.get("recent").get(0).get("behavior").asText());
    }

    @Test
    void keysAndRolesGetTheRightStatus() throws Exception {
        String path = "/v1/users/" + fx.activeUser() + "/recommendations";
        assertError(http.get(path, null), 401, "Authorization");
        assertError(http.get(path, "sl_not-a-key"), 401, "Authorization");
        String ev = "{\"user\":\"u\",\"item\":\"" + fx.data.events().items().externalId(0) + "\",\"behavior\":\"pv\"}";
        assertError(http.post("/v1/events", Fixture.READ_KEY, ev), 403, "Authorization");
        assertError(http.post("/v1/admin/models/reload", Fixture.INGEST_KEY, ""), 403, "Authorization");
        assertEquals(200, http.get("/health", null).statusCode());
        assertEquals(200, http.post("/v1/events", Fixture.ADMIN_KEY, ev).statusCode());
    }

    @Test
    void badInputGets4xxNamingTheField() throws Exception {
        String user = fx.activeUser();
        String item = fx.data.events().items().externalId(0);
        String rec = "/v1/users/" + user + "/recommendations";
        assertError(http.get(rec + "?k=0", Fixture.READ_KEY), 400, "k");
        assertError(http.get(rec + "?k=1000000", Fixture.READ_KEY), 400, "k");
        assertError(http.get(rec + "?k=ten", Fixture.READ_KEY), 400, "k");
        assertError(http.get(rec + "?model=nope", Fixture.READ_KEY), 400, "model");
        assertError(http.get(rec + "?explain=maybe", Fixture.READ_KEY), 400, "explain");
        assertError(http.get(rec + "?count=3", Fixture.READ_KEY), 400, "count");
        assertError(http.get(rec + "?exclude=no-such-item", Fixture.READ_KEY), 404, "exclude");
        assertError(http.get("/v1/items/no-such-item/similar", Fixture.READ_KEY), 404, "item");
        assertError(http.get("/v1/users/nobody-at-all/history", Fixture.READ_KEY), 404, "user");
        assertError(http.get("/v1/analytics/../../etc/passwd", Fixture.READ_KEY), 404, null);
        assertError(http.get("/v1/analytics/passwd", Fixture.READ_KEY), 404, "table");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY, "{\"user\": \"u\", "), 400, "body");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY, "[]"), 400, "body");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY,
                "[{\"user\":\"u\",\"item\":\"" + item + "\",\"behavior\":\"pv\",\"colour\":1}]"), 400, "[0].colour");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY,
                "{\"user\":\"u\",\"item\":\"" + item + "\",\"behavior\":\"stare\"}"), 400, "behavior");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY,
                "{\"user\":\"u\",\"item\":\"" + item + "\",\"behavior\":\"pv\",\"time\":\"noon\"}"), 400, "time");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY,
                "{\"item\":\"" + item + "\",\"behavior\":\"pv\"}"), 400, "user");
        assertError(http.post("/v1/events", Fixture.INGEST_KEY,
                "[{\"user\":\"u\",\"item\":\"" + item + "\",\"behavior\":\"pv\"},"
                        + "{\"user\":\"u\",\"item\":\"nope\",\"behavior\":\"pv\"}]"), 404, "[1].item");
        String huge = "[" + ("{\"user\":\"u\",\"item\":\"" + item + "\",\"behavior\":\"pv\"},").repeat(30_000)
                + "{}]";
        assertError(http.post("/v1/events", Fixture.INGEST_KEY, huge), 413, null);
        assertError(http.get("/v1/nothing-here", Fixture.READ_KEY), 404, null);
    }

    @Test
    void unknownUsersGetTheColdStartRanking() throws Exception {
        JsonNode j = json(http.get("/v1/users/never-seen/recommendations?k=5", Fixture.READ_KEY));
        assertTrue(j.get("coldStart").asBoolean());
        long[] counts = fx.data.events().itemCounts();
        long top = 0;
        for (long c : counts) {
            top = Math.max(top, c);
        }
        assertEquals(top, j.get("items").get(0).get("score").asLong());
    }

    @Test
    void servesSimilarItemsAnalyticsForecastModelsAndMetrics() throws Exception {
        String item = fx.data.events().items().externalId(fx.data.events().itemAt(0));
        JsonNode sim = json(http.get("/v1/items/" + item + "/similar?k=4", Fixture.READ_KEY));
        assertEquals(4, sim.get("items").size());
        for (JsonNode it : sim.get("items")) {
            assertNotEquals(item, it.get("item").asText());
        }
        JsonNode daily = json(http.get("/v1/analytics/daily_traffic", Fixture.READ_KEY));
        assertEquals(21, daily.get("rows").asInt(), daily.toString());
        JsonNode forecast = json(http.get("/v1/forecast", Fixture.READ_KEY));
        assertEquals(Insights.HORIZON, forecast.get("methods").get("holt-winters").size());
        assertEquals(Insights.HORIZON, forecast.get("methods").get("seasonal-naive").size());
        JsonNode models = json(http.get("/v1/models", Fixture.READ_KEY));
        assertEquals(2, models.get("models").size());
        assertEquals(2, models.get("leaderboard").size());
        HttpResponse<String> metrics = http.get("/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("shoplens_http_requests_seconds_count"), metrics.body());
        assertTrue(metrics.body().contains("shoplens_model_version"), metrics.body());
    }

    @Test
    void startReportStatesLoadModelIndexAndHeap() throws Exception {
        StartReport r = server.startReport();
        assertEquals(fx.data.events().numEvents(), r.events());
        assertEquals(fx.data.events().numItems(), r.items());
        assertTrue(r.loadSeconds() > 0 && r.modelSeconds() > 0, r.toString());
        assertTrue(r.totalSeconds() >= r.loadSeconds() + r.modelSeconds(), r.toString());
        assertEquals(0.0, r.indexSeconds(), "popularity and itemknn are not dot-product models: " + r);
        assertTrue(r.recalls().isEmpty(), r.toString());
        assertTrue(r.heapUsedBytes() > 0 && r.heapUsedBytes() <= r.heapMaxBytes(), r.toString());
        assertTrue(r.toString().contains("heap in use after GC"), r.toString());
        JsonNode start = json(http.get("/v1/models", Fixture.READ_KEY)).get("start");
        for (String f : List.of("loadSeconds", "modelSeconds", "trainSeconds", "indexSeconds", "totalSeconds",
                "heapUsedBytes", "heapMaxBytes", "recalls")) {
            assertTrue(start.has(f), f + " missing from " + start);
        }
        assertEquals(r.heapUsedBytes(), start.get("heapUsedBytes").asLong());
    }

    @Test
    void adminReloadSwapsInANewVersion() throws Exception {
        long before = server.models().version();
        HttpResponse<String> r = http.post("/v1/admin/models/reload", Fixture.ADMIN_KEY, "");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(json(r).get("version").asLong() > before);
    }

    @Test
    void everyRegisteredRouteIsInTheOpenApiDescription() throws Exception {
        JsonNode spec;
        try (InputStream in = ShoplensServer.class.getResourceAsStream("/openapi.json")) {
            spec = JSON.readTree(in);
        }
        List<String> missing = new ArrayList<>();
        List<ParsedEndpoint> endpoints = server.app().unsafe.internalRouter.allHttpHandlers();
        assertTrue(endpoints.size() >= 14, "routes: " + endpoints.size());
        for (ParsedEndpoint e : endpoints) {
            String method = e.endpoint.method.name().toLowerCase(Locale.ROOT);
            if (!Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                continue;
            }
            if (!spec.get("paths").has(e.endpoint.path) || !spec.get("paths").get(e.endpoint.path).has(method)) {
                missing.add(method + " " + e.endpoint.path);
            }
        }
        assertEquals(List.of(), missing, "routes missing from openapi.json");
        assertEquals(spec, JSON.readTree(http.get("/openapi.json", null).body()));
    }

    @Test
    void aKeyOverItsRateLimitGets429() throws Exception {
        ServeOptions o = ServeOptions.parse(new String[] {"--data", fx.events.toString(), "--models",
                fx.models.toString(), "--keys", fx.keys.toString(), "--work", work.resolve("limited").toString(),
                "--port", "0", "--analytics", "false", "--profiling", "false", "--rate-limit", "0.001",
                "--burst", "3"});
        try (ShoplensServer limited = ShoplensServer.start(o)) {
            Fixture.Http h = new Fixture.Http(limited.port());
            for (int i = 0; i < 3; i++) {
                assertEquals(200, h.get("/v1/models", Fixture.READ_KEY).statusCode());
            }
            assertError(h.get("/v1/models", Fixture.READ_KEY), 429, null);
            assertEquals(200, h.get("/v1/models", Fixture.ADMIN_KEY).statusCode(), "limits are per key");
        }
    }
}
