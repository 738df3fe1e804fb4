package io.shoplens.recommend.content;

import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.memory.MemoryEstimate;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.floats.FloatArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains {@link ContentModel}: builds a sparse feature vector for every item from its attributes (Pazzani &amp;
 * Billsus 2007): the category (from the catalogue, else from the item's events), the price band (quantile bands
 * over the catalogue's known prices) and the title's terms weighted by TF-IDF with {@code idf = ln(N / df)}
 * over the N items that have a title (Salton &amp; Buckley 1988). Items without events get vectors too, which is
 * the point: they can be recommended cold. Nothing is learnt from the events beyond missing categories; users
 * are profiled at scoring time from the history they come with.
 */
public final class ContentTrainer implements Trainer<ContentModel> {
    private static final Logger LOG = LoggerFactory.getLogger(ContentTrainer.class);
    private static final int BLOCK = 4096;
    /** Titles tokenised by {@link #estimate}. */
    private static final int SAMPLE = 2000;

    private final ContentParams params;

    /** A trainer with {@code params}. */
    public ContentTrainer(ContentParams params) {
        if (params == null) {
            throw new IllegalArgumentException("content needs parameters");
        }
        this.params = params;
    }

    /**
     * Memory, from the catalogue's size and a sample of up to {@value #SAMPLE} titles tokenised now: the tokenised
     * titles (a String per token), the vocabulary, and the feature vectors (8 bytes per non-zero) built in growable
     * lists, copied into the model and indexed again by feature there.
     */
    @Override
    public MemoryEstimate estimate(TrainingData data) {
        ItemCatalog catalog = data.catalog();
        int n = data.events().numItems();
        TitleTokenizer tokenizer = new TitleTokenizer(params.cjk());
        long titled = 0;
        for (int i = 0; i < n; i++) {
            if (catalog.title(i) != null) {
                titled++;
            }
        }
        int step = Math.max(1, n / SAMPLE);
        long sampled = 0;
        long tokens = 0;
        long tokenBytes = 0;
        for (int i = 0; i < n && params.titleWeight() > 0; i += step) {
            String title = catalog.title(i);
            if (title != null) {
                sampled++;
                for (String t : tokenizer.tokens(title)) {
                    tokens++;
                    tokenBytes += 48 + 2L * t.length();
                }
            }
        }
        double perTitle = sampled == 0 ? 0 : (double) tokens / sampled;
        long allTokens = (long) (perTitle * titled);
        long stringBytes = sampled == 0 ? 0 : (long) ((double) tokenBytes / sampled * titled);
        long nonZeros = 2L * n + allTokens;
        return MemoryEstimate.of(ContentParams.NAME)
                .part("tokenised titles", stringBytes + 16L * n + 8 * allTokens)
                .part("vocabulary", 100 * Math.min(allTokens, 4L * titled + 1000))
                .part("feature vectors", 8 * nonZeros * 2 + 8 * nonZeros * 2 + 8L * n)
                .part("item categories", 4L * n + 4L * data.events().numCategories())
                .build();
    }

    @Override
    public ContentModel train(TrainingData data) {
        long t0 = System.nanoTime();
        InteractionStore events = data.events();
        ItemCatalog catalog = data.catalog();
        int n = events.numItems();
        int numCategories = events.numCategories();
        int[] category = ItemCategories.of(events, catalog);
        float[] cuts = priceCuts(catalog, n, params.priceBands());
        String[][] titles = tokenize(catalog, n);
        Vocabulary vocabulary = vocabulary(titles);
        int bands = params.priceBands();
        int tokenBase = numCategories + bands;

        int[] ptr = new int[n + 1];
        IntArrayList feats = new IntArrayList();
        FloatArrayList vals = new FloatArrayList();
        int[] tf = new int[vocabulary.tokens.length];
        IntArrayList present = new IntArrayList();
        for (int i = 0; i < n; i++) {
            int start = feats.size();
            if (category[i] >= 0 && params.categoryWeight() > 0) {
                feats.add(category[i]);
                vals.add((float) params.categoryWeight());
            }
            float price = catalog.price(i);
            if (!Float.isNaN(price) && params.priceWeight() > 0 && cuts != null) {
                feats.add(numCategories + band(cuts, price));
                vals.add((float) params.priceWeight());
            }
            if (titles[i] != null && params.titleWeight() > 0) {
                present.clear();
                for (String token : titles[i]) {
                    int t = vocabulary.id.getInt(token);
                    if (t >= 0 && tf[t]++ == 0) {
                        present.add(t);
                    }
                }
                int[] ts = present.toIntArray();
                Arrays.sort(ts);
                double norm = 0;
                for (int t : ts) {
                    double w = tf[t] * vocabulary.idf[t];
                    norm += w * w;
                }
                norm = Math.sqrt(norm);
                for (int t : ts) {
                    if (norm > 0) {
                        feats.add(tokenBase + t);
                        vals.add((float) (params.titleWeight() * tf[t] * vocabulary.idf[t] / norm));
                    }
                    tf[t] = 0;
                }
            }
            double total = 0;
            for (int k = start; k < feats.size(); k++) {
                total += (double) vals.getFloat(k) * vals.getFloat(k);
            }
            double inv = total > 0 ? 1.0 / Math.sqrt(total) : 0;
            for (int k = start; k < feats.size(); k++) {
                vals.set(k, (float) (vals.getFloat(k) * inv));
            }
            ptr[i + 1] = feats.size();
        }
        String[] catLabels = ItemCategories.labels(events);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Provenance prov = new Provenance(ContentParams.NAME, params.asMap(), data.fingerprint(), 0,
                Provenance.shoplensVersion(), Instant.now(), seconds);
        LOG.info("content features: {} items, {} categories, {} price bands, {} title terms, {} non-zeros, {} s",
                n, numCategories, cuts == null ? 0 : bands, vocabulary.tokens.length, feats.size(),
                String.format(java.util.Locale.ROOT, "%.2f", seconds));
        return new ContentModel(params, events.ordinalTime(), catLabels, cuts == null ? new float[0] : cuts, bands,
                vocabulary.tokens, ptr, feats.toIntArray(), vals.toFloatArray(), prov);
    }

    /** The price band of {@code price}: the number of cut points at or below it, in 0..cuts.length. */
    static int band(float[] cuts, float price) {
        int lo = 0;
        int hi = cuts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cuts[mid] <= price) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** bands-1 quantile cut points over the known prices, or null when no item has a price. */
    private static float[] priceCuts(ItemCatalog catalog, int n, int bands) {
        float[] known = new float[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            float p = catalog.price(i);
            if (!Float.isNaN(p)) {
                known[m++] = p;
            }
        }
        if (m == 0) {
            return null;
        }
        float[] sorted = Arrays.copyOf(known, m);
        Arrays.sort(sorted);
        float[] cuts = new float[bands - 1];
        for (int k = 1; k < bands; k++) {
            cuts[k - 1] = sorted[(int) Math.min(m - 1, (long) k * m / bands)];
        }
        return cuts;
    }

    /** Title tokens per item (null without title), tokenised on {@code threads} threads in fixed blocks. */
    private String[][] tokenize(ItemCatalog catalog, int n) {
        String[][] out = new String[n][];
        TitleTokenizer tokenizer = new TitleTokenizer(params.cjk());
        if (params.titleWeight() == 0) {
            return out;
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(params.threads(), blocks)), r -> {
            Thread t = new Thread(r, "shoplens-content");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                int from = b * BLOCK;
                int to = Math.min(n, from + BLOCK);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        String title = catalog.title(i);
                        if (title != null) {
                            List<String> tokens = tokenizer.tokens(title);
                            out[i] = tokens.isEmpty() ? null : tokens.toArray(new String[0]);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("content training interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("content training failed: " + cause, cause);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private record Vocabulary(String[] tokens, Object2IntOpenHashMap<String> id, double[] idf) {
    }

    /**
     * The kept terms (document frequency at least minDocFreq and below the number of titled items, so that the
     * idf is positive), numbered in order of first appearance by item index.
     */
    private Vocabulary vocabulary(String[][] titles) {
        Object2IntOpenHashMap<String> first = new Object2IntOpenHashMap<>();
        first.defaultReturnValue(-1);
        List<String> order = new ArrayList<>();
        IntArrayList df = new IntArrayList();
        IntArrayList lastItem = new IntArrayList();
        int documents = 0;
        for (int i = 0; i < titles.length; i++) {
            if (titles[i] == null) {
                continue;
            }
            documents++;
            for (String token : titles[i]) {
                int t = first.getInt(token);
                if (t < 0) {
                    t = order.size();
                    first.put(token, t);
                    order.add(token);
                    df.add(0);
                    lastItem.add(-1);
                }
                if (lastItem.getInt(t) != i) {
                    lastItem.set(t, i);
                    df.set(t, df.getInt(t) + 1);
                }
            }
        }
        Object2IntOpenHashMap<String> id = new Object2IntOpenHashMap<>();
        id.defaultReturnValue(-1);
        List<String> kept = new ArrayList<>();
        DoubleArrayList idfs = new DoubleArrayList();
        for (int t = 0; t < order.size(); t++) {
            int d = df.getInt(t);
            if (d >= params.minDocFreq() && d < documents) {
                id.put(order.get(t), kept.size());
                kept.add(order.get(t));
                idfs.add(Math.log((double) documents / d));
            }
        }
        return new Vocabulary(kept.toArray(new String[0]), id, idfs.toDoubleArray());
    }
}
