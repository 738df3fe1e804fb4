package io.shoplens.core.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the statistical structure of one 1M-event log (10k users, 50k items, 200 categories, 9 days). */
class SyntheticLogRealismTest {
    private static final GeneratorConfig CFG = GeneratorConfig.small(1_000_000, 10_000, 50_000, 200, 9, 42);
    private static final int BEIJING = 8 * 3600;
    private static final Pattern PRICE = Pattern.compile("\\d+\\.\\d\\d");
    private static final Pattern TITLE = Pattern.compile("[a-z0-9-]+( [a-z0-9-]+)+");
    private static final Pattern GENDER = Pattern.compile("[fmu]");
    private static final Pattern REGION = Pattern.compile("[a-z]+");

    @TempDir
    static Path dir;
    static GenerationResult result;
    static EventLog log;
    static List<String[]> items;
    static List<String[]> users;
    static List<String[]> truth;

    @BeforeAll
    static void generate() throws IOException {
        Path events = dir.resolve("events.csv.gz");
        Path itemsFile = dir.resolve("items.csv.gz");
        Path usersFile = dir.resolve("users.csv");
        Path truthFile = dir.resolve("truth.csv");
        result = new SyntheticLogGenerator(2).generate(CFG, events, itemsFile, usersFile, truthFile, null);
        log = EventLog.load(events);
        items = EventLog.loadCsv(itemsFile);
        users = EventLog.loadCsv(usersFile);
        truth = EventLog.loadCsv(truthFile);
    }

    @Test
    void writesExactlyTheConfiguredNumberOfEventsAndCountsThem() {
        assertEquals(CFG.events(), log.size);
        assertEquals(CFG.events(), result.events());
        long[] byBehavior = new long[4];
        IntOpenHashSet distinctUsers = new IntOpenHashSet();
        IntOpenHashSet distinctItems = new IntOpenHashSet();
        for (int i = 0; i < log.size; i++) {
            byBehavior[log.behavior[i]]++;
            distinctUsers.add(log.user[i]);
            distinctItems.add(log.item[i]);
        }
        assertEquals(byBehavior[0], result.pv());
        assertEquals(byBehavior[1], result.cart());
        assertEquals(byBehavior[2], result.fav());
        assertEquals(byBehavior[3], result.buy());
        assertEquals(distinctUsers.size(), result.usersWithEvents());
        assertEquals(distinctItems.size(), result.itemsWithEvents());
        assertTrue(result.seconds() > 0);
    }

    @Test
    void linesAreGroupedByIncreasingUserAndSortedInTimeWithinTheWindow() {
        long start = CFG.startEpochSecond();
        long end = CFG.endEpochSecond();
        for (int i = 0; i < log.size; i++) {
            if (log.user[i] < 1 || log.user[i] > CFG.users()) {
                fail("user id out of 1..users at line " + (i + 1));
            }
            if (log.time[i] < start || log.time[i] >= end) {
                fail("timestamp out of the window at line " + (i + 1));
            }
            if (log.item[i] < 1_000_000 || log.item[i] > 9_999_999
                    || log.category[i] < 1_000_000 || log.category[i] > 9_999_999) {
                fail("item and category ids should have 7 digits at line " + (i + 1));
            }
            if (i > 0 && (log.user[i] < log.user[i - 1]
                    || (log.user[i] == log.user[i - 1] && log.time[i] < log.time[i - 1]))) {
                fail("not grouped by increasing user and sorted in time at line " + (i + 1));
            }
        }
    }

    @Test
    void behaviourMixIsCloseToTaobao() {
        double[] target = {CFG.pvShare(), CFG.cartShare(), CFG.favShare(), CFG.buyShare()};
        long[] count = new long[4];
        for (int i = 0; i < log.size; i++) {
            count[log.behavior[i]]++;
        }
        for (int b = 0; b < 4; b++) {
            double share = (double) count[b] / log.size;
            assertEquals(target[b], share, 0.005, EventLog.LABELS[b] + " share");
        }
    }

    @Test
    void eveningsAreBusierThanNightsInBeijingTime() {
        long[] byHour = new long[24];
        for (int i = 0; i < log.size; i++) {
            byHour[(int) (Math.floorMod(log.time[i] + BEIJING, 86_400L) / 3600)]++;
        }
        long evening = byHour[19] + byHour[20] + byHour[21] + byHour[22];
        long night = byHour[2] + byHour[3] + byHour[4] + byHour[5];
        assertTrue(evening > 4 * night, "19-23h " + evening + " vs 2-6h " + night);
        int peak = 0;
        for (int h = 0; h < 24; h++) {
            if (byHour[h] > byHour[peak]) {
                peak = h;
            }
        }
        assertTrue(peak >= 19 && peak <= 22, "peak hour " + peak);
    }

    @Test
    void thePromotionDayHasMoreTrafficAndMorePurchases() {
        int days = CFG.days();
        long[] events = new long[days];
        long[] buys = new long[days];
        for (int i = 0; i < log.size; i++) {
            int day = (int) ((log.time[i] - CFG.startEpochSecond()) / 86_400);
            events[day]++;
            if (log.behavior[i] == 3) {
                buys[day]++;
            }
        }
        int promo = CFG.promoDay();
        long otherEvents = 0;
        long otherBuys = 0;
        for (int d = 0; d < days; d++) {
            if (d != promo) {
                otherEvents += events[d];
                otherBuys += buys[d];
            }
        }
        double promoRate = (double) buys[promo] / events[promo];
        double otherRate = (double) otherBuys / otherEvents;
        assertTrue(promoRate > 1.8 * otherRate, "buy rate on promo day " + promoRate + " vs " + otherRate);
        assertTrue(events[promo] > 1.2 * otherEvents / (days - 1.0), "promo-day traffic");
    }

    @Test
    void itemPopularityIsHeavyTailed() {
        Int2IntOpenHashMap perItem = new Int2IntOpenHashMap();
        for (int i = 0; i < log.size; i++) {
            perItem.addTo(log.item[i], 1);
        }
        int[] counts = perItem.values().toIntArray();
        Arrays.sort(counts);
        int top = CFG.items() / 100;
        long topSum = 0;
        for (int k = 0; k < top && k < counts.length; k++) {
            topSum += counts[counts.length - 1 - k];
        }
        double share = (double) topSum / log.size;
        assertTrue(share > 0.30, "top 1% of items get " + share + " of events");
    }

    @Test
    void userActivityIsHeavyTailed() {
        Int2IntOpenHashMap perUser = new Int2IntOpenHashMap();
        for (int i = 0; i < log.size; i++) {
            perUser.addTo(log.user[i], 1);
        }
        int[] counts = perUser.values().toIntArray();
        Arrays.sort(counts);
        double mean = (double) log.size / counts.length;
        double median = counts[counts.length / 2];
        assertTrue(mean > 1.3 * median, "mean " + mean + " vs median " + median);
        assertTrue(counts[counts.length - 1] > 10 * mean, "max " + counts[counts.length - 1]);
    }

    @Test
    void usersMostlyShopInTheirPlantedGroupsCategories() {
        int groups = CFG.tasteGroups();
        int[] groupOfUser = new int[CFG.users() + 1];
        IntOpenHashSet[] prefs = new IntOpenHashSet[groups];
        for (String[] row : truth.subList(1, truth.size())) {
            int u = Integer.parseInt(row[0]);
            int g = Integer.parseInt(row[1]);
            groupOfUser[u] = g;
            if (prefs[g] == null) {
                prefs[g] = new IntOpenHashSet();
                for (String c : row[2].split("\\|")) {
                    prefs[g].add(Integer.parseInt(c));
                }
                assertEquals(CFG.categoriesPerGroup(), prefs[g].size());
            }
        }
        Long2IntOpenHashMap byGroupAndCategory = new Long2IntOpenHashMap();
        long[] groupEvents = new long[groups];
        for (int i = 0; i < log.size; i++) {
            int g = groupOfUser[log.user[i]];
            groupEvents[g]++;
            byGroupAndCategory.addTo(((long) g << 32) | log.category[i], 1);
        }
        long inOwn = 0;
        long[] othersInCategoriesOf = new long[groups];
        for (var e : byGroupAndCategory.long2IntEntrySet()) {
            int g = (int) (e.getLongKey() >>> 32);
            int category = (int) e.getLongKey();
            for (int h = 0; h < groups; h++) {
                if (prefs[h] != null && prefs[h].contains(category)) {
                    if (h == g) {
                        inOwn += e.getIntValue();
                    } else {
                        othersInCategoriesOf[h] += e.getIntValue();
                    }
                }
            }
        }
        double own = (double) inOwn / log.size;
        double chance = 0;
        for (int g = 0; g < groups; g++) {
            if (prefs[g] != null) {
                chance += (double) groupEvents[g] / log.size * othersInCategoriesOf[g]
                        / (log.size - groupEvents[g]);
            }
        }
        assertTrue(own > 0.6, "share in own group's categories " + own);
        assertTrue(own > 2.5 * chance, "own " + own + " vs chance " + chance);
    }

    @Test
    void cartsFavsAndBuysUsuallyFollowAViewOfTheSameItem() {
        long[] actions = new long[4];
        long[] preceded = new long[4];
        IntOpenHashSet viewed = new IntOpenHashSet();
        for (int i = 0; i < log.size; i++) {
            if (i == 0 || log.user[i] != log.user[i - 1]) {
                viewed.clear();
            }
            int b = log.behavior[i];
            if (b == 0) {
                viewed.add(log.item[i]);
            } else {
                actions[b]++;
                if (viewed.contains(log.item[i])) {
                    preceded[b]++;
                }
            }
        }
        for (int b = 1; b < 4; b++) {
            double share = (double) preceded[b] / actions[b];
            assertTrue(share > 0.9, EventLog.LABELS[b] + " preceded by a view: " + share);
        }
    }

    @Test
    void sessionsAreBurstsMinutesApartSeparatedByHours() {
        int n = 0;
        long[] gaps = new long[log.size];
        for (int i = 1; i < log.size; i++) {
            if (log.user[i] == log.user[i - 1]) {
                gaps[n++] = log.time[i] - log.time[i - 1];
            }
        }
        long[] sorted = Arrays.copyOf(gaps, n);
        Arrays.sort(sorted);
        long median = sorted[n / 2];
        assertTrue(median >= 10 && median <= 300, "median gap " + median + " s");
        long hours = Arrays.stream(sorted).filter(g -> g >= 3600).count();
        long between = Arrays.stream(sorted).filter(g -> g >= 1800 && g < 3600).count();
        assertTrue(hours > 0.05 * n, "gaps of an hour or more: " + hours + " of " + n);
        assertTrue(hours > 3 * between, "gaps are bimodal: " + hours + " >= 1h vs " + between + " in 30-60 min");
    }

    @Test
    void consecutiveViewsStayInCategoryAndFollowPlantedTransitions() {
        long pairs = 0;
        long sameCategory = 0;
        Long2IntOpenHashMap transitions = new Long2IntOpenHashMap();
        Long2IntOpenHashMap intoFromCategory = new Long2IntOpenHashMap();
        Int2IntOpenHashMap outgoing = new Int2IntOpenHashMap();
        Int2IntOpenHashMap categoryOf = new Int2IntOpenHashMap();
        int prev = -1;
        for (int i = 0; i < log.size; i++) {
            if (log.behavior[i] != 0) {
                continue;
            }
            categoryOf.put(log.item[i], log.category[i]);
            if (prev >= 0 && log.user[prev] == log.user[i] && log.time[i] - log.time[prev] < 1800
                    && log.item[i] != log.item[prev]) {
                pairs++;
                if (log.category[i] == log.category[prev]) {
                    sameCategory++;
                }
                transitions.addTo(((long) log.item[prev] << 32) | log.item[i], 1);
                intoFromCategory.addTo(((long) log.category[prev] << 32) | log.item[i], 1);
                outgoing.addTo(log.item[prev], 1);
            }
            prev = i;
        }
        assertTrue(sameCategory > 0.5 * pairs, "same-category transitions " + sameCategory + " of " + pairs);
        Int2IntOpenHashMap bestCount = new Int2IntOpenHashMap();
        for (var e : transitions.long2IntEntrySet()) {
            int from = (int) (e.getLongKey() >>> 32);
            bestCount.put(from, Math.max(bestCount.get(from), e.getIntValue()));
        }
        Int2IntOpenHashMap popularTarget = new Int2IntOpenHashMap();
        Int2IntOpenHashMap popularCount = new Int2IntOpenHashMap();
        for (var e : intoFromCategory.long2IntEntrySet()) {
            int cat = (int) (e.getLongKey() >>> 32);
            if (e.getIntValue() > popularCount.get(cat)) {
                popularCount.put(cat, e.getIntValue());
                popularTarget.put(cat, (int) e.getLongKey());
            }
        }
        long total = 0;
        long toBestSuccessor = 0;
        long toPopularTarget = 0;
        for (var e : outgoing.int2IntEntrySet()) {
            int from = e.getIntKey();
            if (e.getIntValue() >= 30) {
                total += e.getIntValue();
                toBestSuccessor += bestCount.get(from);
                int target = popularTarget.get(categoryOf.get(from));
                toPopularTarget += transitions.get(((long) from << 32) | target);
            }
        }
        double successor = (double) toBestSuccessor / total;
        double popularity = (double) toPopularTarget / total;
        assertTrue(successor > 0.15, "share of transitions to the item's top successor " + successor);
        assertTrue(successor > 2 * popularity, "top successor " + successor + " vs popularity " + popularity);
    }

    @Test
    void weekendsAreBusierThanWeekdays() {
        long weekend = 0;
        long weekday = 0;
        int weekendDays = 0;
        int weekdays = 0;
        long[] perDay = new long[CFG.days()];
        for (int i = 0; i < log.size; i++) {
            perDay[(int) ((log.time[i] - CFG.startEpochSecond()) / 86_400)]++;
        }
        for (int d = 0; d < CFG.days(); d++) {
            if (d == CFG.promoDay()) {
                continue;
            }
            long local = CFG.startEpochSecond() + d * 86_400L + BEIJING;
            int dayOfWeek = (int) Math.floorMod(Math.floorDiv(local, 86_400L) + 3, 7L);
            if (dayOfWeek >= 5) {
                weekend += perDay[d];
                weekendDays++;
            } else {
                weekday += perDay[d];
                weekdays++;
            }
        }
        double ratio = ((double) weekend / weekendDays) / ((double) weekday / weekdays);
        assertTrue(ratio > 1.04, "weekend / weekday events per day " + ratio);
    }

    @Test
    void itemsFileDescribesEveryItemWithCategoryPriceAndTitle() {
        assertEquals("item,category,price,title,image", String.join(",", items.get(0)));
        assertEquals(CFG.items() + 1, items.size());
        Int2IntOpenHashMap categoryOf = new Int2IntOpenHashMap();
        int previous = 0;
        for (String[] row : items.subList(1, items.size())) {
            assertEquals(5, row.length);
            int id = Integer.parseInt(row[0]);
            assertTrue(id > previous);
            previous = id;
            categoryOf.put(id, Integer.parseInt(row[1]));
            assertTrue(PRICE.matcher(row[2]).matches(), row[2]);
            assertTrue(TITLE.matcher(row[3]).matches(), row[3]);
            assertEquals("", row[4]);
        }
        for (int i = 0; i < log.size; i++) {
            if (categoryOf.get(log.item[i]) != log.category[i]) {
                fail("event category differs from the items file at line " + (i + 1));
            }
        }
        assertEquals(CFG.categories(), new IntOpenHashSet(categoryOf.values()).size());
    }

    @Test
    void titlesShareVocabularyWithinACategory() {
        List<String[]> rows = items.subList(1, items.size());
        int same = 0;
        int sameOverlap = 0;
        int other = 0;
        int otherOverlap = 0;
        for (int i = 0; i + 1 < rows.size() && i < 40_000; i++) {
            String[] a = rows.get(i);
            String[] b = rows.get(i + 1);
            boolean overlap = overlaps(a[3], b[3]);
            if (a[1].equals(b[1])) {
                same++;
                sameOverlap += overlap ? 1 : 0;
            } else {
                other++;
                otherOverlap += overlap ? 1 : 0;
            }
        }
        double within = (double) sameOverlap / same;
        double across = (double) otherOverlap / other;
        assertTrue(within > across + 0.3, "title overlap within category " + within + " vs across " + across);
    }

    @Test
    void usersAndTruthFilesCoverEveryUser() {
        assertEquals("user,age_band,gender,region", String.join(",", users.get(0)));
        assertEquals("user,group,preferred_categories", String.join(",", truth.get(0)));
        assertEquals(CFG.users() + 1, users.size());
        assertEquals(CFG.users() + 1, truth.size());
        Set<String> bands = Set.of("18-24", "25-34", "35-44", "45-54", "55+");
        for (int u = 1; u <= CFG.users(); u++) {
            String[] row = users.get(u);
            assertEquals(String.valueOf(u), row[0]);
            assertTrue(bands.contains(row[1]), row[1]);
            assertTrue(GENDER.matcher(row[2]).matches(), row[2]);
            assertTrue(REGION.matcher(row[3]).matches(), row[3]);
            String[] t = truth.get(u);
            assertEquals(String.valueOf(u), t[0]);
            int g = Integer.parseInt(t[1]);
            assertTrue(g >= 0 && g < CFG.tasteGroups());
        }
    }

    @Test
    void smallFilesArePlainAndCanBeRead() throws IOException {
        assertTrue(Files.readString(dir.resolve("users.csv")).startsWith("user,age_band,gender,region\n1,"));
    }

    private static boolean overlaps(String a, String b) {
        Set<String> tokens = new HashSet<>(Arrays.asList(a.split(" ")));
        for (String t : b.split(" ")) {
            if (tokens.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
