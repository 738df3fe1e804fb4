package io.shoplens.core.synth;

import io.shoplens.core.data.Behavior;

/**
 * What {@link SyntheticLogGenerator#generate} wrote.
 *
 * @param events          event lines written, equal to {@link GeneratorConfig#events()}
 * @param pv              page-view lines
 * @param cart            add-to-cart lines
 * @param fav             favourite lines
 * @param buy             purchase lines
 * @param usersWithEvents users with at least one event (0..users)
 * @param itemsWithEvents distinct items occurring in at least one event (0..items)
 * @param seconds         wall-clock seconds the whole call took, side files included
 */
public record GenerationResult(
        long events, long pv, long cart, long fav, long buy, int usersWithEvents, int itemsWithEvents,
        double seconds) {

    /** Lines with behaviour {@code b}. */
    public long count(Behavior b) {
        return switch (b) {
            case PV -> pv;
            case CART -> cart;
            case FAV -> fav;
            case BUY -> buy;
        };
    }

    /** Events written per wall-clock second, or 0 when no time was measured. */
    public double eventsPerSecond() {
        return seconds > 0 ? events / seconds : 0.0;
    }
}
