package io.shoplens.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.DataException;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.profile.SmallCells;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile endpoints over the serve fixture: profiles, segments, audiences and purchase propensity. */
class ProfileServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path work;
    static Fixture fx;
    static ShoplensServer server;
    static Fixture.Http http;

    @BeforeAll
    static void start() throws Exception {
        fx = Fixture.get();
        server = ShoplensServer.start(options(work.resolve("main"), "--analytics", "false", "--audience-horizon",
                "5d"));
        http = new Fixture.Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ServeOptions options(Path dir, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--data", fx.events.toString(), "--models",
                fx.models.toString(), "--keys", fx.keys.toString(), "--work", dir.toString(), "--port", "0"));
        args.addAll(List.of(more));
        return ServeOptions.parse(args.toArray(new String[0]));
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.get(path, Fixture.READ_KEY);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode j = JSON.readTree(r.body());
        assertEquals(status, j.get("status").asInt());
        if (field != null) {
            assertEquals(field, j.path("field").asText(), r.body());
        }
        assertFalse(r.body().contains("Exception"), r.body());
    }

    @Test
    void aProfileCarriesTheUsersBehaviourSegmentAndPropensity() throws Exception {
        String user = fx.activeUser();
        InteractionStore s = fx.data.events();
        int u = s.users().indexOf(user);
        int[] counts = new int[4];
        for (int p = s.userStart(u); p < s.userEnd(u); p++) {
            counts[s.behaviorAt(p).code()]++;
        }
        JsonNode j = get("/v1/users/" + user + "/profile");
        assertEquals(user, j.get("user").asText());
        assertEquals(s.userLength(u), j.get("behaviour").get("events").asInt());
        assertEquals(counts[Behavior.BUY.code()], j.get("behaviour").get("buy").asInt());
        assertEquals(counts[Behavior.PV.code()], j.get("behaviour").get("pv").asInt());
        assertTrue(List.of("new", "active", "at-risk", "churned").contains(j.get("lifecycle").asText()), j.toString());
        assertTrue(j.get("tags").isArray());
        assertTrue(j.get("favouriteCategories").size() > 0, j.toString());
        double shares = 0;
        for (JsonNode c : j.get("favouriteCategories")) {
            shares += c.get("share").asDouble();
        }
        assertTrue(shares > 0 && shares <= 1 + 1e-9, "shares " + shares);
        assertTrue(j.get("time").get("active_days").asInt() >= 1);
        assertFalse(j.get("segment").get("description").asText().isBlank(), j.toString());
        double p = j.get("propensity").get("probability").asDouble();
        assertTrue(p >= 0 && p <= 1, j.toString());
        assertEquals(24.0, j.get("propensity").get("horizonHours").asDouble());
        if (counts[Behavior.BUY.code()] > 0) {
            assertTrue(j.get("rfm").get("r_score").asInt() >= 1, j.toString());
        }
    }

    @Test
    void profileAndPropensityRefuseUnknownUsersAndParameters() throws Exception {
        for (String what : List.of("profile", "propensity")) {
            assertError(http.get("/v1/users/nobody-at-all/" + what, Fixture.READ_KEY), 404, "user");
            assertError(http.get("/v1/users/" + fx.activeUser() + "/" + what + "?k=3", Fixture.READ_KEY), 400, "k");
            assertError(http.get("/v1/users/" + fx.activeUser() + "/" + what, null), 401, "Authorization");
        }
        assertError(http.get("/v1/segments?limit=3", Fixture.READ_KEY), 400, "limit");
        assertError(http.get("/v1/segments", "sl_not-a-key"), 401, "Authorization");
    }

    @Test
    void propensityMatchesTheProfileAndGivesReasons() throws Exception {
        String user = fx.activeUser();
        JsonNode j = get("/v1/users/" + user + "/propensity");
        assertEquals(get("/v1/users/" + user + "/profile").get("propensity").get("probability").asDouble(),
                j.get("probability").asDouble(), 1e-12);
        JsonNode m = j.get("model");
        assertTrue(m.get("validationAuc").asDouble() > 0.5, m.toString());
        assertTrue(m.get("baselineValidationAuc").isNumber(), m.toString());
        JsonNode reasons = j.get("reasons");
        assertTrue(reasons.size() > 0 && reasons.size() <= ProfileService.REASONS, reasons.toString());
        for (int i = 1; i < reasons.size(); i++) {
            assertTrue(Math.abs(reasons.get(i - 1).get("effect").asDouble())
                    >= Math.abs(reasons.get(i).get("effect").asDouble()), "reasons sorted by effect");
        }
    }

    @Test
    void segmentSizesAgreeWithTheProfilesAndSmallOnesAreSuppressed() throws Exception {
        JsonNode seg = get("/v1/segments");
        assertEquals(seg.get("k").asInt(), seg.get("segments").size());
        Map<Integer, Integer> counted = new HashMap<>();
        InteractionStore s = fx.data.events();
        for (int u = 0; u < s.numUsers(); u++) {
            JsonNode p = get("/v1/users/" + s.users().externalId(u) + "/profile");
            counted.merge(p.get("segment").get("id").asInt(), 1, Integer::sum);
        }
        int k = seg.get("minCellUsers").asInt();
        assertEquals(ServeOptions.MIN_CELL, k);
        for (JsonNode x : seg.get("segments")) {
            int n = counted.getOrDefault(x.get("segment").asInt(), 0);
            if (n > 0 && n < k) {
                assertTrue(x.get("suppressed").asBoolean() && x.get("users").isNull(), x.toString());
            } else {
                assertEquals(n, x.get("users").asInt(), x.toString());
            }
            assertFalse(x.get("description").asText().isBlank());
            assertEquals(ProfileService.HIGHLIGHTS, x.get("highlights").size(), x.toString());
        }
    }

    @Test
    void segmentsUnderTheServedThresholdAreSuppressedAgain() {
        ObjectNode report = JSON.createObjectNode();
        report.put("users", 13);
        report.putObject("privacy").put("minCellUsers", 1);
        ObjectNode seg = report.putObject("segmentation");
        seg.put("algorithm", "k-means").put("k", 2);
        seg.putArray("features").add("events").add("buy_share");
        seg.putObject("silhouetteByK").put("2", 0.4);
        var arr = seg.putArray("segments");
        arr.addObject().put("segment", 0).put("description", "big").put("users", 10).put("share", 10 / 13.0)
                .put("value_share", 0.9).putObject("centroidSd").put("events", -0.2).put("buy_share", 1.5);
        arr.addObject().put("segment", 1).put("description", "small").put("users", 3).put("share", 3 / 13.0)
                .put("value_share", 0.1).putObject("centroidSd").put("events", 2.0).put("buy_share", -0.1);
        ObjectNode out = ProfileService.segmentsJson(report, new SmallCells(4), "test");
        assertEquals(4, out.get("minCellUsers").asInt());
        assertEquals(1, out.get("suppressedCells").asInt());
        JsonNode big = out.get("segments").get(0);
        assertEquals(10, big.get("users").asInt());
        assertEquals("buy_share", big.get("highlights").get(0).get("feature").asText());
        JsonNode small = out.get("segments").get(1);
        assertTrue(small.get("suppressed").asBoolean());
        assertTrue(small.get("users").isNull() && small.get("share").isNull() && small.get("value_share").isNull());
    }

    /** Purchases per category index in the fixture. */
    private static int[] buysByCategory() {
        InteractionStore s = fx.data.events();
        int[] buys = new int[s.numCategories()];
        for (int p = 0; p < s.numEvents(); p++) {
            if (s.behaviorAt(p) == Behavior.BUY && s.categoryAt(p) >= 0) {
                buys[s.categoryAt(p)]++;
            }
        }
        return buys;
    }

    /** The category with the most purchases in the fixture (14 in 21 days). */
    private static String topCategory() {
        int[] buys = buysByCategory();
        int best = 0;
        for (int c = 1; c < buys.length; c++) {
            best = buys[c] > buys[best] ? c : best;
        }
        return fx.data.events().categories().externalId(best);
    }

    @Test
    void audiencesRankTheTopUsersAndCarryTheHeldOutLift() throws Exception {
        String cat = topCategory();
        for (String method : List.of("propensity", "lookalike")) {
            JsonNode a = get("/v1/audiences?category=" + cat + "&budget=10&method=" + method);
            assertEquals(method, a.get("method").asText());
            assertEquals(10, a.get("users").size());
            for (int i = 1; i < 10; i++) {
                assertEquals(i + 1, a.get("users").get(i).get("rank").asInt());
                assertTrue(a.get("users").get(i - 1).get("score").asDouble()
                        >= a.get("users").get(i).get("score").asDouble(), "ranked by score");
            }
            JsonNode e = a.get("evaluation");
            assertNotNull(e, a.toString());
            assertFalse(e.isNull(), a.path("evaluationNote").asText());
            int budgets = ProfileService.evaluationBudgets(fx.data.events().numUsers()).size();
            assertEquals(4 * budgets, e.get("results").size(), e.toString());
            assertTrue(e.get("protocol").asText().contains("lift@budget"));
        }
        JsonNode all = get("/v1/audiences?category=" + cat + "&budget=" + fx.data.events().numUsers());
        assertEquals(fx.data.events().numUsers(), all.get("users").size());
    }

    @Test
    void audiencesValidateCategoryBudgetAndMethod() throws Exception {
        String cat = topCategory();
        int n = fx.data.events().numUsers();
        assertError(http.get("/v1/audiences?budget=5", Fixture.READ_KEY), 400, "category");
        assertError(http.get("/v1/audiences?category=no-such-category&budget=5", Fixture.READ_KEY), 404, "category");
        assertError(http.get("/v1/audiences?category=" + cat, Fixture.READ_KEY), 400, "budget");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=0", Fixture.READ_KEY), 400, "budget");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=" + (n + 1), Fixture.READ_KEY), 400,
                "budget");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=five", Fixture.READ_KEY), 400, "budget");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=5&method=random", Fixture.READ_KEY), 400,
                "method");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=5&region=x", Fixture.READ_KEY), 400,
                "region");
        assertError(http.get("/v1/audiences?category=" + cat + "&budget=5", null), 401, "Authorization");
        int[] buys = buysByCategory();
        int never = 0;
        while (buys[never] > 0) {
            never++;
        }
        HttpResponse<String> r = http.get("/v1/audiences?category="
                + fx.data.events().categories().externalId(never) + "&budget=5", Fixture.READ_KEY);
        assertError(r, 422, "category");
        assertTrue(r.body().contains("nobody bought"), r.body());
    }

    @Test
    void profilesLoadFromAProfileFolderOverTheSameLog() throws Exception {
        Path dir = work.resolve("main").resolve("profile");
        try (ShoplensServer loaded = ShoplensServer.start(options(work.resolve("loaded"), "--analytics", "false",
                "--profiles", dir.toString()))) {
            Fixture.Http h = new Fixture.Http(loaded.port());
            String path = "/v1/users/" + fx.activeUser() + "/profile";
            assertEquals(http.get(path, Fixture.READ_KEY).body(), h.get(path, Fixture.READ_KEY).body());
            JsonNode seg = JSON.readTree(h.get("/v1/segments", Fixture.READ_KEY).body());
            assertTrue(seg.get("source").asText().startsWith("loaded from"), seg.toString());
            assertEquals(get("/v1/segments").get("segments"), seg.get("segments"));
        }
        Path pseud = Files.createDirectories(work.resolve("pseudonymised"));
        for (String f : List.of("profiles.parquet", "profile.json")) {
            Files.copy(dir.resolve(f), pseud.resolve(f));
        }
        ObjectNode report = (ObjectNode) JSON.readTree(pseud.resolve("profile.json").toFile());
        ((ObjectNode) report.get("privacy")).put("pseudonymisedIds", true);
        JSON.writeValue(pseud.resolve("profile.json").toFile(), report);
        DataException e = assertThrows(DataException.class, () -> ShoplensServer.start(options(work.resolve("bad"),
                "--analytics", "false", "--profiles", pseud.toString())));
        assertTrue(e.getMessage().contains("--no-pseudonymise"), e.getMessage());
    }

    @Test
    void withProfilingOffEveryProfileEndpointSays404WithTheReason() throws Exception {
        try (ShoplensServer off = ShoplensServer.start(options(work.resolve("off"), "--analytics", "false",
                "--profiling", "false"))) {
            Fixture.Http h = new Fixture.Http(off.port());
            for (String path : List.of("/v1/users/" + fx.activeUser() + "/profile",
                    "/v1/users/" + fx.activeUser() + "/propensity", "/v1/segments",
                    "/v1/audiences?category=" + topCategory() + "&budget=3")) {
                HttpResponse<String> r = h.get(path, Fixture.READ_KEY);
                assertError(r, 404, null);
                assertTrue(r.body().contains("profiling turned off"), r.body());
            }
        }
    }
}
