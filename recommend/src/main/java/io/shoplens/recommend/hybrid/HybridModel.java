package io.shoplens.recommend.hybrid;

import io.shoplens.core.data.DataException;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.InteractionMatrix;
import io.shoplens.recommend.common.Weighting;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A weighted hybrid with a switching fallback (Burke, "Hybrid recommender systems: survey and experiments",
 * UMUAI 2002). For a user whose history has at least {@code minHistory} distinct items, an item's score is
 * {@code sum_c weight_c * norm_c(score_c(item))}, where each component's scores are normalised over all items for
 * that user (see {@link HybridParams.Normalization}), so a score depends on the user and the item only, never on
 * which other candidates are scored. Users with less history get the fallback chain: items popular in the
 * categories of the history's items first, scored {@code 1 + share(c) * pop(i) / pop(c)} (the estimated chance
 * of the category times the item's share of it), then every other item by global popularity,
 * {@code pop(i) / pop(all)} &lt; 1. A user with no history gets global popularity. History items outside the
 * model's id space count towards the history's length and total strength but have no category. Immutable and
 * thread-safe when its components are.
 *
 * <p>Saved as one model file: the hybrid's own state followed by each component's model file embedded as a
 * length-prefixed blob, so the save stays atomic; loading writes each blob to a temporary file, hands it to the
 * given loader (which must read the file fully) and deletes it.
 */
public final class HybridModel implements Recommender {
    private static final float RRF_K = 60f;

    private final String[] names;
    private final double[] weights;
    private final Recommender[] components;
    private final HybridParams.Normalization normalization;
    private final int rrfDepth;
    private final int minHistory;
    private final Weighting weighting;
    private final boolean ordinalTime;
    private final float[] popularity;
    private final int[] category;
    private final String[] categoryLabels;
    private final Provenance provenance;
    private final double[] categoryTotal;
    private final double totalPopularity;
    private final int[] rankInCategory;
    private final int[] categorySize;
    private final int[] globalRank;

    HybridModel(String[] names, double[] weights, Recommender[] components, HybridParams.Normalization normalization,
                int rrfDepth, int minHistory, Weighting weighting, boolean ordinalTime, float[] popularity,
                int[] category, String[] categoryLabels, Provenance provenance) {
        this.names = names;
        this.weights = weights;
        this.components = components;
        this.normalization = normalization;
        this.rrfDepth = rrfDepth;
        this.minHistory = minHistory;
        this.weighting = weighting;
        this.ordinalTime = ordinalTime;
        this.popularity = popularity;
        this.category = category;
        this.categoryLabels = categoryLabels;
        this.provenance = provenance;
        int n = popularity.length;
        categoryTotal = new double[categoryLabels.length];
        categorySize = new int[categoryLabels.length];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += popularity[i];
            if (category[i] >= 0) {
                categoryTotal[category[i]] += popularity[i];
                if (popularity[i] > 0) {
                    categorySize[category[i]]++;
                }
            }
        }
        totalPopularity = total;
        globalRank = new int[n];
        rankInCategory = new int[n];
        int[] seenInCategory = new int[categoryLabels.length];
        List<ScoredItem> order = Recommender.topK(popularity, n, null);
        for (int r = 0; r < order.size(); r++) {
            int i = order.get(r).item();
            globalRank[i] = r;
            if (category[i] >= 0) {
                rankInCategory[i] = seenInCategory[category[i]]++;
            }
        }
    }

    @Override
    public int numItems() {
        return popularity.length;
    }

    /** Component names, in blend order. */
    public List<String> componentNames() {
        return List.of(names);
    }

    /** The trained component {@code c}. */
    public Recommender component(int c) {
        return components[c];
    }

    /** Whether {@code user} gets the fallback chain rather than the blend. */
    public boolean isCold(UserHistory user) {
        return distinctItems(user) < minHistory;
    }

    private static int distinctItems(UserHistory user) {
        return user.length() == 0 ? 0 : user.distinctItems().length;
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        if (isCold(user)) {
            fallback(user, out);
            return;
        }
        int n = numItems();
        Arrays.fill(out, 0, n, 0f);
        float[] tmp = new float[n];
        for (int c = 0; c < components.length; c++) {
            normalised(c, user, tmp);
            float w = (float) weights[c];
            for (int i = 0; i < n; i++) {
                out[i] += w * tmp[i];
            }
        }
    }

    /** Component {@code c}'s scores for {@code user}, normalised over all items, into {@code out}. */
    void normalised(int c, UserHistory user, float[] out) {
        components[c].scoreAll(user, out);
        normalise(out, numItems(), normalization, rrfDepth);
    }

    /** Normalises {@code s[0..n)} in place; non-finite scores get the lowest normalised value. */
    static void normalise(float[] s, int n, HybridParams.Normalization how, int depth) {
        if (how == HybridParams.Normalization.RRF) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(s[i])) {
                    s[i] = Float.NaN;
                }
            }
            List<ScoredItem> top = Recommender.topK(n == s.length ? s : Arrays.copyOf(s, n), depth, null);
            Arrays.fill(s, 0, n, 0f);
            int rank = 0;
            float previous = Float.NaN;
            for (int r = 0; r < top.size(); r++) {
                ScoredItem it = top.get(r);
                if (it.score() != previous) {
                    rank = r + 1;
                    previous = it.score();
                }
                s[it.item()] = RRF_K / (RRF_K + rank);
            }
            return;
        }
        double sum = 0;
        double sq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int m = 0;
        for (int i = 0; i < n; i++) {
            float x = s[i];
            if (Float.isFinite(x)) {
                sum += x;
                sq += (double) x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
                m++;
            }
        }
        double shift;
        double scale;
        if (how == HybridParams.Normalization.ZSCORE) {
            double mean = m == 0 ? 0 : sum / m;
            double var = m == 0 ? 0 : Math.max(0, sq / m - mean * mean);
            double sd = Math.sqrt(var);
            shift = mean;
            scale = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? 1 / sd : 0;
        } else {
            shift = m == 0 ? 0 : min;
            scale = m > 0 && max > min ? 1 / (max - min) : 0;
        }
        float lowest = m == 0 ? 0f : (float) ((min - shift) * scale);
        for (int i = 0; i < n; i++) {
            float x = s[i];
            s[i] = Float.isFinite(x) ? (float) ((x - shift) * scale) : lowest;
        }
    }

    /** Strength share per category of the history's items, indexed by category (0 where none). */
    private double[] categoryShares(UserHistory user) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, weighting, ordinalTime);
        double[] share = new double[categoryLabels.length];
        double total = 0;
        for (int j = 0; j < row.size(); j++) {
            total += row.values()[j];
        }
        for (int j = 0; j < row.size(); j++) {
            int item = row.items()[j];
            int c = item >= 0 && item < category.length ? category[item] : -1;
            if (c >= 0) {
                share[c] += row.values()[j] / total;
            }
        }
        return share;
    }

    private void fallback(UserHistory user, float[] out) {
        double[] share = categoryShares(user);
        int n = numItems();
        for (int i = 0; i < n; i++) {
            out[i] = fallbackScore(share, i);
        }
    }

    private float fallbackScore(double[] share, int i) {
        int c = category[i];
        if (c >= 0 && share[c] > 0 && popularity[i] > 0) {
            return (float) (1 + share[c] * popularity[i] / categoryTotal[c]);
        }
        return totalPopularity > 0 ? (float) (popularity[i] / totalPopularity) : 0f;
    }

    @Override
    public Explanation explain(UserHistory user, int item) {
        if (item < 0 || item >= numItems()) {
            throw new IllegalArgumentException("item " + item + " is not in the model's 0.." + (numItems() - 1));
        }
        if (isCold(user)) {
            return explainFallback(user, item);
        }
        float[] tmp = new float[numItems()];
        double[] contribution = new double[components.length];
        double score = 0;
        int best = 0;
        for (int c = 0; c < components.length; c++) {
            normalised(c, user, tmp);
            contribution[c] = weights[c] * tmp[item];
            score += contribution[c];
            if (contribution[c] > contribution[best]) {
                best = c;
            }
        }
        Explanation sub = components[best].explain(user, item);
        String prefix = String.format(Locale.ROOT, "%s (weight %s, contributes %.3f of %.3f)", names[best],
                trim(weights[best]), contribution[best], score);
        List<Evidence> evidence = new ArrayList<>();
        for (Evidence e : sub.evidence()) {
            evidence.add(new Evidence(e.kind(), e.item(), e.weight(), names[best] + " x" + trim(weights[best])
                    + ": " + e.detail()));
        }
        return new Explanation(item, (float) score, prefix + ": " + sub.summary(), evidence);
    }

    private static String trim(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    private Explanation explainFallback(UserHistory user, int item) {
        double[] share = categoryShares(user);
        float score = fallbackScore(share, item);
        int c = category[item];
        if (score >= 1f) {
            String label = categoryLabels[c];
            String pop = String.format(Locale.ROOT, "%.1f weighted interactions, rank %d of %d in category %s",
                    popularity[item], rankInCategory[item] + 1, categorySize[c], label);
            String summary = String.format(Locale.ROOT, "Popular in category %s (%.0f%% of your history): %s",
                    label, 100 * share[c], pop);
            return new Explanation(item, score, summary,
                    List.of(new Evidence("category", -1, share[c], label),
                            new Evidence("popularity", item, popularity[item], pop)));
        }
        String pop = String.format(Locale.ROOT, "%.1f weighted interactions in training, rank %d of %d",
                popularity[item], globalRank[item] + 1, numItems());
        return new Explanation(item, score, "Popular with other shoppers: " + pop,
                List.of(new Evidence("popularity", item, popularity[item], pop)));
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        Path parts;
        try {
            Files.createDirectories(dir);
            parts = Files.createTempDirectory(dir, "." + file.getFileName() + ".parts");
        } catch (IOException e) {
            throw new DataException("cannot save model to " + file + ": " + e.getMessage(), e);
        }
        try {
            Path[] saved = new Path[components.length];
            for (int c = 0; c < components.length; c++) {
                saved[c] = parts.resolve(c + "-" + names[c] + ".model");
                components[c].save(saved[c]);
            }
            ModelFiles.write(file, provenance, out -> {
                out.writeInt(numItems());
                writeString(out, normalization.label());
                out.writeInt(rrfDepth);
                out.writeInt(minHistory);
                out.writeBoolean(ordinalTime);
                out.writeDouble(weighting.pv());
                out.writeDouble(weighting.cart());
                out.writeDouble(weighting.fav());
                out.writeDouble(weighting.buy());
                out.writeDouble(weighting.halfLifeDays());
                out.writeBoolean(weighting.sum());
                out.writeDouble(weighting.halfLifeEvents());
                for (int i = 0; i < popularity.length; i++) {
                    out.writeFloat(popularity[i]);
                    out.writeInt(category[i]);
                }
                out.writeInt(categoryLabels.length);
                for (String label : categoryLabels) {
                    writeString(out, label);
                }
                out.writeInt(components.length);
                for (int c = 0; c < components.length; c++) {
                    writeString(out, names[c]);
                    out.writeDouble(weights[c]);
                    out.writeLong(Files.size(saved[c]));
                    try (InputStream in = Files.newInputStream(saved[c])) {
                        in.transferTo(out);
                    }
                }
            });
        } finally {
            deleteTree(parts);
        }
    }

    /**
     * Loads a model saved by {@link #save}; {@code loader} loads each embedded component file (the registry
     * passes its own {@code Algorithms::load}).
     */
    public static HybridModel load(Path file, Function<Path, Recommender> loader) {
        if (loader == null) {
            throw new IllegalArgumentException("loading a hybrid needs a loader for its components");
        }
        return ModelFiles.read(file, HybridParams.NAME, (in, prov) -> read(in, prov, loader, file));
    }

    private static HybridModel read(DataInputStream in, Provenance prov, Function<Path, Recommender> loader,
                                    Path file) throws IOException {
        int n = in.readInt();
        String norm = readString(in);
        HybridParams.Normalization normalization = HybridParams.Normalization.valueOf(norm.toUpperCase(Locale.ROOT));
        int rrfDepth = in.readInt();
        int minHistory = in.readInt();
        boolean ordinal = in.readBoolean();
        Weighting weighting = new Weighting(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                in.readDouble(), in.readBoolean(), in.readDouble());
        float[] popularity = new float[n];
        int[] category = new int[n];
        for (int i = 0; i < n; i++) {
            popularity[i] = in.readFloat();
            category[i] = in.readInt();
        }
        String[] labels = new String[in.readInt()];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = readString(in);
        }
        int k = in.readInt();
        String[] names = new String[k];
        double[] weights = new double[k];
        Recommender[] components = new Recommender[k];
        for (int c = 0; c < k; c++) {
            names[c] = readString(in);
            weights[c] = in.readDouble();
            long length = in.readLong();
            Path tmp = Files.createTempFile("shoplens-hybrid-" + names[c], ".model");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    copy(in, out, length);
                }
                components[c] = loader.apply(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (components[c] == null || components[c].numItems() != n) {
                throw new DataException("model file " + file + ": component " + names[c] + " does not load to a "
                        + "model over " + n + " items");
            }
        }
        return new HybridModel(names, weights, components, normalization, rrfDepth, minHistory, weighting, ordinal,
                popularity, category, labels, prov);
    }

    private static void copy(DataInputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("model file ends inside an embedded component");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new DataException("cannot remove temporary folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
