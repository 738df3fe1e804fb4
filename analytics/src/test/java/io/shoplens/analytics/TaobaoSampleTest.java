package io.shoplens.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Taobao UserBehavior sample (96k events, ../shared/data beside the checkout; skipped when absent): the
 * hourly PV/UV and the funnel of the SQL report agree with a plain-Java count of the same file in Beijing time.
 */
class TaobaoSampleTest {
    static Path shared(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("data").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Per-hour page views and viewers, and per-user behaviour flags, counted line by line. */
    private static final class HandCount {
        final Map<Long, Long> pv = new TreeMap<>();
        final Map<Long, Set<Long>> viewers = new TreeMap<>();
        final Map<Long, boolean[]> users = new HashMap<>();
        long events;

        HandCount(Path file) throws IOException {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(",", -1);
                    int stage = switch (f.length == 5 ? f[3] : "") {
                        case "pv" -> 0;
                        case "cart", "fav" -> 1;
                        case "buy" -> 2;
                        default -> -1;
                    };
                    if (stage < 0) {
                        continue;
                    }
                    long user = Long.parseLong(f[0]);
                    long hour = Math.floorMod(Long.parseLong(f[4]) + 8 * 3600, 86400) / 3600;
                    events++;
                    users.computeIfAbsent(user, u -> new boolean[3])[stage] = true;
                    if (stage == 0) {
                        pv.merge(hour, 1L, Long::sum);
                        viewers.computeIfAbsent(hour, h -> new HashSet<>()).add(user);
                    }
                }
            }
        }

        long users(boolean pv, boolean cartOrFav, boolean buy) {
            return users.values().stream().filter(s -> (!pv || s[0]) && (!cartOrFav || s[1]) && (!buy || s[2]))
                    .count();
        }
    }

    @Test
    void hourlyTrafficAndFunnelMatchAHandCount(@TempDir Path dir) throws IOException {
        Path sample = shared("taobao-userbehavior/UserBehavior_sample.csv");
        assumeTrue(sample != null, "../shared/data/taobao-userbehavior/UserBehavior_sample.csv is absent: skipping");
        HandCount hand = new HandCount(sample);
        AnalyticsInput in = EventIngest.ingest(new EventIngest.Source(sample, EventFormat.TAOBAO, null),
                LoadOptions.defaults(dir.resolve("q")), dir.resolve("work"));
        assertEquals(hand.events, in.eventRows());
        try (DuckDbEngine e = new DuckDbEngine(in, AnalyticsOptions.defaults())) {
            ResultTable hourly = e.run(Query.HOURLY_TRAFFIC);
            assertEquals(hand.pv.size(), hourly.size());
            for (int r = 0; r < hourly.size(); r++) {
                long hour = hourly.getLong(r, "hour");
                assertEquals(hand.pv.get(hour), hourly.getLong(r, "pv"), "pv at hour " + hour);
                assertEquals(hand.viewers.get(hour).size(), hourly.getLong(r, "uv"), "uv at hour " + hour);
            }
            ResultTable funnel = e.run(Query.FUNNEL);
            assertEquals(hand.users(true, false, false), funnel.getLong(0, "pv_users"));
            assertEquals(hand.users(true, true, false), funnel.getLong(0, "cart_fav_users"));
            assertEquals(hand.users(true, true, true), funnel.getLong(0, "buy_users"));
            assertEquals(hand.users(false, false, true), funnel.getLong(0, "buyers"));
            assertEquals((double) hand.users(true, true, true) / hand.users(true, false, false),
                    funnel.getDouble(0, "pv_to_buy"), 1e-15);
        }
    }
}
