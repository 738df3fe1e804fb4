package io.shoplens.cli;

import io.shoplens.core.model.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a training's long steps: on an interactive terminal a bar per step (with its own time left), elsewhere (logs,
 * CI, a background run) one line on stderr every {@value #LINE_SECONDS} seconds of a step, with the share done, the
 * time spent and the time left at the step's pace so far. Steps shorter than that print nothing. Thread-safe.
 */
final class StepProgress implements ProgressListener, AutoCloseable {
    static final int LINE_SECONDS = 30;

    private final String model;
    private final PrintWriter err;
    private final boolean terminal;
    private String step;
    private long stepStart;
    private long lastLine;
    private Progress bar;

    private StepProgress(String model, PrintWriter err, boolean terminal) {
        this.model = model;
        this.err = err;
        this.terminal = terminal;
    }

    /** Progress of training {@code model}, reported to {@code err} when no terminal is attached. */
    static StepProgress of(String model, PrintWriter err) {
        return new StepProgress(model, err, System.console() != null && System.getenv("CI") == null);
    }

    @Override
    public synchronized void progress(String name, long done, long total) {
        long now = System.nanoTime();
        if (!name.equals(step)) {
            closeBar();
            step = name;
            stepStart = now;
            lastLine = now;
            if (terminal) {
                bar = Progress.of(name, total, "");
            }
        }
        if (bar != null) {
            bar.accept(done);
            return;
        }
        if (now - lastLine >= LINE_SECONDS * 1_000_000_000L && done > 0) {
            lastLine = now;
            err.println(line(model, name, done, total, (now - stepStart) / 1e9));
        }
    }

    /** "shoplens: ials: ials iteration 3/10 45% (1m12s spent, about 1m28s left)". */
    static String line(String model, String step, long done, long total, double seconds) {
        double share = Math.min(1, (double) done / Math.max(1, total));
        double left = share > 0 ? seconds * (1 - share) / share : Double.NaN;
        return String.format(Locale.ROOT, "shoplens: %s: %s %.0f%% (%s spent, about %s left)", model, step,
                100 * share, duration(seconds), duration(left));
    }

    /** Seconds as "42s", "3m05s" or "1h02m". */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public synchronized void close() {
        closeBar();
    }
}
