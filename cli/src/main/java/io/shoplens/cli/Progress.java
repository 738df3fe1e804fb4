package io.shoplens.cli;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr for long steps, shown only on an interactive terminal so that logs and CI output stay
 * clean. Thread-safe: evaluation threads report into it.
 */
final class Progress implements AutoCloseable, LongConsumer {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code task} going to {@code max} units (-1 when unknown). */
    static Progress of(String task, long max, String unit) {
        if (System.console() == null || System.getenv("CI") != null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .showSpeed().build());
    }

    /** Sets the bar to {@code done} units. */
    @Override
    public synchronized void accept(long done) {
        if (bar != null && done > bar.getCurrent()) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
