package io.shoplens.core.synth;

import io.shoplens.core.data.Behavior;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One worker's generator: replays users one at a time from their own seed and appends their event lines to
 * a raw block buffer, which is checksummed and (for gzip output) deflated with a sync flush before being
 * queued. Every user's stream depends only on the model and the user id, never on the chunk or thread.
 *
 * <p>Per user with n events: about n<sup>0.7</sup>/1.8 sessions (randomised), sharing the events by a broken-stick
 * split; session starts are sorted uniform order statistics mapped through the diurnal/weekly/promotion density;
 * events within a session are seconds to minutes apart. A page view
 * re-views a recent item, follows a planted successor of the previous item, stays in the current category,
 * or picks a category from the user's taste group (else global popularity) and a Zipf-ranked item in it.
 * Cart, fav and buy target items the user viewed (buys prefer carted items), except for a small leak.
 */
final class UserSimulator implements AutoCloseable {
    static final int BLOCK_BYTES = 1 << 20;

    private static final int MAX_LINE = 64;
    private static final int VIEW_RING = 16;
    private static final int CART_RING = 8;
    private static final double REVISIT = 0.08;
    private static final double RECENT_TARGET = 0.55;
    private static final double BUY_FROM_CART = 0.5;
    private static final double SHORT_GAP_SHARE = 0.85;
    private static final double SHORT_GAP_MEAN = 35;
    private static final double LONG_GAP_MEAN = 200;
    private static final double MEAN_GAP = 2 + SHORT_GAP_SHARE * SHORT_GAP_MEAN
            + (1 - SHORT_GAP_SHARE) * LONG_GAP_MEAN;
    private static final long SALT_USER = 0x05E4L;
    private static final int PV = 0;
    private static final int CART = 1;
    private static final int FAV = 2;
    private static final int BUY = 3;
    private static final byte[][] LABELS = {
        Ascii.bytes(Behavior.PV.label() + ","), Ascii.bytes(Behavior.CART.label() + ","),
        Ascii.bytes(Behavior.FAV.label() + ","), Ascii.bytes(Behavior.BUY.label() + ",")};

    private final SynthModel m;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final Rng rng = new Rng(0);
    private final byte[] raw = new byte[BLOCK_BYTES + MAX_LINE];
    private int rawLen;
    private byte[] packed = new byte[BLOCK_BYTES / 2];
    private long[] counts = new long[4];
    private long blockEvents;
    /** Bit set of item indices that occurred in any event this worker wrote. */
    final long[] seen;

    private final byte[] userField = new byte[16];
    private int userFieldLen;
    private final int[] viewItem = new int[VIEW_RING];
    private final int[] viewCat = new int[VIEW_RING];
    private int viewHead;
    private int viewSize;
    private final int[] cartItem = new int[CART_RING];
    private final int[] cartCat = new int[CART_RING];
    private int cartHead;
    private int cartSize;
    private int curCat;
    private int lastItem;

    private final double affinity;
    private final double followEnd;
    private final double stickyEnd;
    private final double leak;

    UserSimulator(SynthModel model, boolean gzip) {
        this.m = model;
        this.deflater = gzip ? new Deflater(Deflater.BEST_SPEED, true) : null;
        this.seen = new long[(model.items + 63) >>> 6];
        GeneratorConfig cfg = model.cfg;
        this.affinity = cfg.groupAffinity();
        this.followEnd = REVISIT + cfg.transitionFollow();
        this.stickyEnd = followEnd + cfg.categoryStickiness();
        this.leak = cfg.funnelLeak();
    }

    /** Generates the chunk's users and queues their blocks, the final one flagged last. */
    void run(Chunk chunk) throws InterruptedException {
        if (deflater != null) {
            deflater.reset();
        }
        rawLen = 0;
        blockEvents = 0;
        counts = new long[4];
        for (int u = chunk.fromUser; u < chunk.toUser; u++) {
            int n = m.userEvents[u - 1];
            if (n > 0) {
                simulate(u, n, chunk.queue);
            }
        }
        flush(chunk.queue, true);
    }

    private void simulate(int user, int n, BlockingQueue<Block> out) throws InterruptedException {
        rng.reseed(Rng.hash(m.seed, user, SALT_USER));
        int group = m.groupOf(user);
        userFieldLen = Ascii.writeInt(userField, 0, user);
        userField[userFieldLen++] = ',';
        viewHead = 0;
        viewSize = 0;
        cartHead = 0;
        cartSize = 0;
        int sessions = sessionCount(n);
        int left = n;
        double v = 1.0;
        long prev = m.start;
        long last = m.end - 1;
        boolean first = true;
        for (int s = sessions; s >= 1; s--) {
            int len = sessionLength(left, s);
            left -= len;
            v *= Math.pow(rng.nextOpenDouble(), 1.0 / s);
            long t = m.timeAt(1.0 - v);
            long latest = last - (long) ((len - 1) * MEAN_GAP);
            if (t > latest) {
                t = latest;
            }
            if (t <= prev) {
                t = prev + gap();
            }
            lastItem = -1;
            curCat = -1;
            for (int e = 0; e < len; e++) {
                if (e > 0) {
                    t += gap();
                }
                if (t > last) {
                    t = last;
                }
                if (t < prev) {
                    t = prev;
                }
                prev = t;
                event(group, t, first);
                first = false;
                if (rawLen >= BLOCK_BYTES) {
                    flush(out, false);
                }
            }
        }
    }

    private int sessionCount(int n) {
        double mean = Math.pow(n, 0.7) / 1.8 * (0.7 + 0.6 * rng.nextDouble());
        long s = Math.round(mean);
        return (int) Math.max(1, Math.min(n, s));
    }

    /**
     * Length of the next of {@code sessions} sessions sharing {@code left} events: one event each plus a
     * broken-stick (flat Dirichlet) share of the rest, rounded at random so every session has the same
     * expected length.
     */
    private int sessionLength(int left, int sessions) {
        if (sessions == 1) {
            return left;
        }
        int spare = left - sessions;
        double share = 1.0 - Math.pow(rng.nextOpenDouble(), 1.0 / (sessions - 1));
        int extra = (int) (spare * share + rng.nextDouble());
        return 1 + Math.min(extra, spare);
    }

    private long gap() {
        double mean = rng.nextDouble() < SHORT_GAP_SHARE ? SHORT_GAP_MEAN : LONG_GAP_MEAN;
        return 2 + (long) (rng.nextExp() * mean);
    }

    private void event(int group, long t, boolean first) {
        int behavior = PV;
        if (!first) {
            double x = rng.nextDouble();
            double pBuy = (t >= m.promoStart && t < m.promoEnd) ? m.pBuyPromo : m.pBuy;
            if (x < m.pCart) {
                behavior = CART;
            } else if (x < m.pCart + m.pFav) {
                behavior = FAV;
            } else if (x < m.pCart + m.pFav + pBuy) {
                behavior = BUY;
            }
        }
        int item;
        int cat;
        if (behavior == PV) {
            double r = rng.nextDouble();
            if (viewSize > 0 && r < REVISIT) {
                int k = (viewHead - 1 - rng.nextInt(viewSize)) & (VIEW_RING - 1);
                item = viewItem[k];
                cat = viewCat[k];
            } else if (lastItem >= 0 && r < followEnd) {
                cat = curCat;
                item = m.successor(lastItem, cat, successorIndex());
            } else if (lastItem >= 0 && r < stickyEnd) {
                cat = curCat;
                item = m.zipfItem(cat, rng.nextDouble());
            } else {
                cat = tasteCategory(group);
                item = m.zipfItem(cat, rng.nextDouble());
            }
            viewItem[viewHead] = item;
            viewCat[viewHead] = cat;
            viewHead = (viewHead + 1) & (VIEW_RING - 1);
            if (viewSize < VIEW_RING) {
                viewSize++;
            }
            lastItem = item;
            curCat = cat;
        } else {
            if (viewSize == 0 || rng.nextDouble() < leak) {
                cat = tasteCategory(group);
                item = m.zipfItem(cat, rng.nextDouble());
            } else if (behavior == BUY && cartSize > 0 && rng.nextDouble() < BUY_FROM_CART) {
                int k = (cartHead - 1 - rng.nextInt(cartSize)) & (CART_RING - 1);
                item = cartItem[k];
                cat = cartCat[k];
            } else {
                int back = rng.nextDouble() < RECENT_TARGET ? 0 : rng.nextInt(viewSize);
                int k = (viewHead - 1 - back) & (VIEW_RING - 1);
                item = viewItem[k];
                cat = viewCat[k];
            }
            if (behavior == CART) {
                cartItem[cartHead] = item;
                cartCat[cartHead] = cat;
                cartHead = (cartHead + 1) & (CART_RING - 1);
                if (cartSize < CART_RING) {
                    cartSize++;
                }
            }
        }
        write(item, cat, behavior, t);
    }

    private int successorIndex() {
        double u = rng.nextDouble();
        return u < 0.6 ? 0 : (u < 0.85 ? 1 : 2);
    }

    private int tasteCategory(int group) {
        if (rng.nextDouble() < affinity) {
            return m.groupCats[group][m.groupPreference.sample(rng.nextDouble())];
        }
        return m.categoryAlias.sample(rng.nextDouble());
    }

    private void write(int item, int cat, int behavior, long t) {
        byte[] b = raw;
        int p = rawLen;
        System.arraycopy(userField, 0, b, p, userFieldLen);
        p += userFieldLen;
        p = Ascii.writeInt(b, p, m.itemId[item]);
        byte[] cf = m.catField[cat];
        System.arraycopy(cf, 0, b, p, cf.length);
        p += cf.length;
        byte[] label = LABELS[behavior];
        System.arraycopy(label, 0, b, p, label.length);
        p += label.length;
        p = Ascii.writeLong(b, p, t);
        b[p++] = '\n';
        rawLen = p;
        seen[item >>> 6] |= 1L << item;
        counts[behavior]++;
        blockEvents++;
    }

    private void flush(BlockingQueue<Block> out, boolean last) throws InterruptedException {
        byte[] data;
        int crcValue = 0;
        if (rawLen == 0) {
            data = Block.NO_BYTES;
        } else if (deflater == null) {
            data = Arrays.copyOf(raw, rawLen);
        } else {
            crc.reset();
            crc.update(raw, 0, rawLen);
            crcValue = (int) crc.getValue();
            deflater.setInput(raw, 0, rawLen);
            int pos = 0;
            while (true) {
                if (pos == packed.length) {
                    packed = Arrays.copyOf(packed, packed.length * 2);
                }
                pos += deflater.deflate(packed, pos, packed.length - pos, Deflater.SYNC_FLUSH);
                if (pos < packed.length) {
                    break;
                }
            }
            data = Arrays.copyOf(packed, pos);
        }
        Block block = new Block(data, rawLen, crcValue, blockEvents, counts, last);
        rawLen = 0;
        blockEvents = 0;
        counts = new long[4];
        out.put(block);
    }

    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
    }
}
