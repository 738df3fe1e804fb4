package io.shoplens.serve;

import io.shoplens.core.io.EventFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the server runs.
 *
 * @param data           the behaviour log the models were trained on (histories and id maps come from it)
 * @param format         its format
 * @param items          item catalogue CSV, or null
 * @param models         folder of {@code *.model} files
 * @param keys           keys file ({@code name role sha256hex} lines)
 * @param work           working folder (validated analytics input; default place of the journal)
 * @param journal        the event journal file
 * @param host           address to listen on
 * @param port           TCP port, 0..65535 (0: any free port)
 * @param defaultModel   model used when a request names none, or null for the first by name
 * @param retrainEvery   retrain every model on the log plus the journal this often, or null for never
 * @param rateLimit      requests per second per key, &gt; 0
 * @param burst          requests a key may make at once, &gt;= 1
 * @param maxBodyBytes   largest request body in bytes, 1 KiB..64 MiB (413 beyond)
 * @param maxBatch       most events in one POST, 1..100,000
 * @param analytics      whether to run the analytics report at start
 * @param leaderboard    {@code shoplens evaluate --json} files shown as the leaderboard
 * @param utcOffsetHours the shop's time zone for daily figures, or null for the format's default (UTC+8 for
 *                       Taobao, else UTC)
 * @param quarantine     where rejected rows of the log go
 * @param maxBadRatio    largest share of rejected rows, or null for the format's default
 * @param profiling      whether to serve profiles, segments, audiences and purchase propensity (needs timestamps)
 * @param profiles       an output folder of {@code shoplens profile --no-pseudonymise} over the same log to load the
 *                       profiles and segments from, or null to compute them at start
 * @param minCell        k-anonymity threshold of the segment table: cells of fewer users are suppressed, 1..1,000,000
 * @param propensityHorizon the purchase propensity's horizon H (P(buys within H after the log's end)), &gt;= 1 min
 * @param audienceHorizon   an audience's conversion window after its cut-off, &gt;= 1 min
 * @param ann            which dot-product models are served through an ANN index ({@link FactorIndex.AnnMode})
 */
public record ServeOptions(Path data, EventFormat format, Path items, Path models, Path keys, Path work,
                           Path journal, String host, int port, String defaultModel, Duration retrainEvery,
                           double rateLimit, double burst, long maxBodyBytes, int maxBatch, boolean analytics,
                           List<Path> leaderboard, Integer utcOffsetHours, Path quarantine, Double maxBadRatio,
                           boolean profiling, Path profiles, int minCell, Duration propensityHorizon,
                           Duration audienceHorizon, FactorIndex.AnnMode ann) {
    public ServeOptions {
        if (ann == null) {
            throw new IllegalArgumentException("ANN mode must be auto, on or off, got null");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (!(rateLimit > 0)) {
            throw new IllegalArgumentException("rate limit must be > 0 requests per second, got " + rateLimit);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("rate-limit burst must be >= 1, got " + burst);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 64L << 20) {
            throw new IllegalArgumentException("max body must be in 1024..67108864 bytes, got " + maxBodyBytes);
        }
        if (maxBatch < 1 || maxBatch > 100_000) {
            throw new IllegalArgumentException("max batch must be in 1..100000 events, got " + maxBatch);
        }
        if (retrainEvery != null && retrainEvery.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("retrain interval must be at least 1s, got " + retrainEvery);
        }
        if (utcOffsetHours != null && (utcOffsetHours < -12 || utcOffsetHours > 14)) {
            throw new IllegalArgumentException("UTC offset must be in -12..14 hours, got " + utcOffsetHours);
        }
        if (minCell < 1 || minCell > 1_000_000) {
            throw new IllegalArgumentException("minimum cell size must be in 1..1000000 users, got " + minCell);
        }
        for (Duration h : new Duration[] {propensityHorizon, audienceHorizon}) {
            if (h == null || h.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("a propensity or audience horizon must be at least 1 minute, got "
                        + h);
            }
        }
        leaderboard = List.copyOf(leaderboard);
        if (journal == null) {
            journal = work.resolve("events.journal");
        }
    }

    /** Default {@link #propensityHorizon()}. */
    public static final Duration PROPENSITY_HORIZON = Duration.ofDays(1);
    /** Default {@link #audienceHorizon()}. */
    public static final Duration AUDIENCE_HORIZON = Duration.ofDays(2);
    /** Default {@link #minCell()}. */
    public static final int MIN_CELL = io.shoplens.profile.SmallCells.DEFAULT_K;

    /**
     * Options with every default: port 8080 on 127.0.0.1, work folder {@code out/serve}, profiles computed at
     * start, cells under 5 users suppressed, horizons 1 day (propensity) and 2 days (audiences).
     */
    public static ServeOptions defaults(Path data, EventFormat format, Path models, Path keys) {
        return new ServeOptions(data, format, null, models, keys, Path.of("out/serve"), null, "127.0.0.1", 8080,
                null, null, 20_000, 40_000, 1L << 20, 1_000, true, List.of(), null, Path.of("out/quarantine"),
                null, true, null, MIN_CELL, PROPENSITY_HORIZON, AUDIENCE_HORIZON, FactorIndex.AnnMode.AUTO);
    }

    /** The time zone for daily figures. */
    public int utcOffset() {
        return utcOffsetHours != null ? utcOffsetHours : (format == EventFormat.TAOBAO ? 8 : 0);
    }

    /**
     * Options from {@code --name value} arguments (the names of the record components, e.g. {@code --data},
     * {@code --models}, {@code --max-body-bytes}); used by {@link ServeMain}.
     */
    public static ServeOptions parse(String[] args) {
        Path data = null;
        EventFormat format = EventFormat.TAOBAO;
        Path models = null;
        Path keys = null;
        ServeOptions o;
        List<String[]> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected '--name value' arguments, got '" + name + "'");
            }
            String value = args[++i];
            switch (name) {
                case "--data" -> data = Path.of(value);
                case "--format" -> format = EventFormat.parse(value);
                case "--models" -> models = Path.of(value);
                case "--keys" -> keys = Path.of(value);
                default -> rest.add(new String[] {name, value});
            }
        }
        if (data == null || models == null || keys == null) {
            throw new IllegalArgumentException("--data, --models and --keys are required");
        }
        o = defaults(data, format, models, keys);
        for (String[] nv : rest) {
            o = o.with(nv[0], nv[1]);
        }
        return o;
    }

    private ServeOptions with(String name, String v) {
        Path work2 = work;
        Path journal2 = journal;
        String host2 = host;
        int port2 = port;
        String def2 = defaultModel;
        Duration every2 = retrainEvery;
        double rate2 = rateLimit;
        double burst2 = burst;
        long body2 = maxBodyBytes;
        int batch2 = maxBatch;
        boolean analytics2 = analytics;
        List<Path> board2 = new ArrayList<>(leaderboard);
        Integer utc2 = utcOffsetHours;
        Path items2 = items;
        boolean profiling2 = profiling;
        Path profiles2 = profiles;
        int minCell2 = minCell;
        Duration propensity2 = propensityHorizon;
        Duration audience2 = audienceHorizon;
        FactorIndex.AnnMode ann2 = ann;
        switch (name) {
            case "--items" -> items2 = Path.of(v);
            case "--work" -> {
                work2 = Path.of(v);
                if (journal.equals(work.resolve("events.journal"))) {
                    journal2 = work2.resolve("events.journal");
                }
            }
            case "--journal" -> journal2 = Path.of(v);
            case "--host" -> host2 = v;
            case "--port" -> port2 = Integer.parseInt(v);
            case "--default-model" -> def2 = v;
            case "--retrain-every" -> every2 = parseDuration(v);
            case "--rate-limit" -> rate2 = Double.parseDouble(v);
            case "--burst" -> burst2 = Double.parseDouble(v);
            case "--max-body-bytes" -> body2 = Long.parseLong(v);
            case "--max-batch" -> batch2 = Integer.parseInt(v);
            case "--analytics" -> analytics2 = Boolean.parseBoolean(v);
            case "--leaderboard" -> board2.add(Path.of(v));
            case "--utc-offset" -> utc2 = Integer.parseInt(v);
            case "--profiling" -> profiling2 = Boolean.parseBoolean(v);
            case "--profiles" -> profiles2 = Path.of(v);
            case "--min-cell" -> minCell2 = Integer.parseInt(v);
            case "--propensity-horizon" -> propensity2 = parseDuration(v);
            case "--audience-horizon" -> audience2 = parseDuration(v);
            case "--ann" -> ann2 = FactorIndex.AnnMode.parse(v);
            default -> throw new IllegalArgumentException("unknown option " + name);
        }
        return new ServeOptions(data, format, items2, models, keys, work2, journal2, host2, port2, def2, every2,
                rate2, burst2, body2, batch2, analytics2, board2, utc2, quarantine, maxBadRatio, profiling2, profiles2,
                minCell2, propensity2, audience2, ann2);
    }

    /** A duration written as {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M}). */
    public static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        IllegalArgumentException bad = new IllegalArgumentException("duration '" + text
                + "' is not like 90s, 15m, 2h, 1d or PT15M");
        if (t.startsWith("p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw bad;
            }
        }
        if (t.length() < 2 || !t.substring(0, t.length() - 1).matches("[0-9]{1,9}")) {
            throw bad;
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw bad;
        };
    }
}
