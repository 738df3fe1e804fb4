package io.shoplens.profile.synth;

import io.shoplens.core.data.DataException;
import io.shoplens.core.synth.GeneratorConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic behaviour log with planted behaviour personas, to check that segmentation recovers groups that
 * differ in how people shop rather than in what they like (the core generator plants taste groups over
 * categories, with the same behaviour for everyone). Each user belongs to one of {@link #PERSONAS}, which differ in
 * activity, behaviour mix (cart, favourite, buy), hour of the day and price level; categories are uniform.
 *
 * <p>Writes a Taobao-layout log ({@code user,item,category,behavior,ts}, time-ordered per user, local time
 * UTC+8), an item catalogue ({@code item,category,price,title}) and a side file {@code user,persona}. Items fall
 * in five price bands (band b around 10 * 3^(b-1)); a persona picks items of its band with probability 0.8.
 * Users have log-normal activity around their persona's mean (sigma 0.3) in sessions of about six events on
 * random days, each session starting near the persona's hour (normal, sd 1.5 h). The same arguments give the
 * same files.
 */
public final class PersonaLog {
    /**
     * One persona.
     *
     * @param name       short name
     * @param meanEvents mean events per user
     * @param cart       probability that an event after the first is an add-to-cart
     * @param fav        ... a favourite
     * @param buy        ... a purchase
     * @param hour       mean local hour of session starts
     * @param band       preferred price band 1..5
     */
    public record Persona(String name, double meanEvents, double cart, double fav, double buy, double hour,
                          int band) {
    }

    /** The planted personas. */
    public static final List<Persona> PERSONAS = List.of(
            new Persona("casual browser", 12, 0.03, 0.015, 0.01, 14, 3),
            new Persona("night-owl buyer", 80, 0.12, 0.05, 0.13, 2, 4),
            new Persona("bargain hunter", 45, 0.22, 0.05, 0.05, 20, 1),
            new Persona("window shopper", 70, 0.02, 0.17, 0.005, 15, 5),
            new Persona("morning regular", 30, 0.08, 0.02, 0.15, 9, 3));

    private static final int ITEMS_PER_CATEGORY = 40;
    private static final int SESSION_EVENTS = 6;

    private PersonaLog() {
    }

    /** What was written. */
    public record Files3(Path events, Path items, Path personas, long eventCount) {
    }

    /**
     * Writes the log of {@code users} users over {@code days} days from 2017-11-25 (Beijing) with
     * {@code categories} categories into {@code dir} as {@code events.csv}, {@code items.csv} and
     * {@code personas.csv}.
     */
    public static Files3 write(Path dir, int users, int days, int categories, long seed) {
        if (users < 1 || days < 1 || days > 366 || categories < 1) {
            throw new IllegalArgumentException("users and categories must be >= 1 and days in 1..366, got " + users
                    + ", " + days + ", " + categories);
        }
        int items = categories * ITEMS_PER_CATEGORY;
        Path events = dir.resolve("events.csv");
        Path itemsFile = dir.resolve("items.csv");
        Path personas = dir.resolve("personas.csv");
        long start = GeneratorConfig.TAOBAO_START_EPOCH_SECOND;
        SplittableRandom rng = new SplittableRandom(seed);
        long count = 0;
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(itemsFile, StandardCharsets.US_ASCII)) {
                w.write("item,category,price,title\n");
                for (int i = 0; i < items; i++) {
                    double price = 10 * Math.pow(3, band(i) - 1) * Math.exp(0.2 * gaussian(rng));
                    w.write(String.format(Locale.ROOT, "%d,%d,%.2f,item %d%n", itemId(i), categoryId(i, categories),
                            price, i));
                }
            }
            try (BufferedWriter ev = Files.newBufferedWriter(events, StandardCharsets.US_ASCII);
                 BufferedWriter pw = Files.newBufferedWriter(personas, StandardCharsets.US_ASCII)) {
                pw.write("user,persona\n");
                for (int u = 1; u <= users; u++) {
                    int k = rng.nextInt(PERSONAS.size());
                    Persona p = PERSONAS.get(k);
                    pw.write(u + "," + k + "\n");
                    int n = Math.max(3, (int) Math.round(p.meanEvents() * Math.exp(0.3 * gaussian(rng))));
                    int sessions = Math.max(1, (n + SESSION_EVENTS - 1) / SESSION_EVENTS);
                    long[] starts = new long[sessions];
                    for (int s = 0; s < sessions; s++) {
                        double hour = p.hour() + 1.5 * gaussian(rng);
                        long secondOfDay = Math.floorMod((long) (hour * 3600), 86_400L);
                        starts[s] = start + rng.nextInt(days) * 86_400L + secondOfDay;
                    }
                    java.util.Arrays.sort(starts);
                    List<String> lines = new ArrayList<>(n);
                    for (int e = 0; e < n; e++) {
                        int s = (int) ((long) e * sessions / n);
                        long t = Math.min(start + days * 86_400L - 1, starts[s] + 40L * (e - (long) s * n / sessions));
                        int item = rng.nextDouble() < 0.8 ? bandItem(p.band(), items, rng) : rng.nextInt(items);
                        String behavior = "pv";
                        if (e > 0) {
                            double x = rng.nextDouble();
                            behavior = x < p.cart() ? "cart" : x < p.cart() + p.fav() ? "fav"
                                    : x < p.cart() + p.fav() + p.buy() ? "buy" : "pv";
                        }
                        lines.add(u + "," + itemId(item) + "," + categoryId(item, categories) + "," + behavior + ","
                                + t);
                    }
                    for (String l : lines) {
                        ev.write(l);
                        ev.write('\n');
                    }
                    count += n;
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot write the persona log to " + dir + ": " + e.getMessage(), e);
        }
        return new Files3(events, itemsFile, personas, count);
    }

    private static int band(int item) {
        return item % 5 + 1;
    }

    private static int bandItem(int band, int items, SplittableRandom rng) {
        int perBand = items / 5;
        return rng.nextInt(perBand) * 5 + band - 1;
    }

    private static long itemId(int item) {
        return 1_000_000L + item;
    }

    private static long categoryId(int item, int categories) {
        return 100L + (item / 5) % categories;
    }

    private static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
