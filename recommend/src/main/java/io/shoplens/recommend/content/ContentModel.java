package io.shoplens.recommend.content;

import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.Evidence;
import io.shoplens.core.model.Explanation;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Provenance;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.recommend.common.InteractionMatrix;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Content-based recommender (Pazzani &amp; Billsus 2007): every item is a unit-length sparse vector of
 * attribute features (category, price band, TF-IDF title terms; see {@link ContentTrainer}); a user's profile
 * is the strength-weighted sum of the vectors of the items in the history it is given (strengths from the
 * {@link io.shoplens.recommend.common.Weighting}, decayed relative to the history's last event), and an item's
 * score is the cosine of profile and item, in [0, 1]. Items with attributes but no events score like any other,
 * so cold items are found. Scoring all items walks an inverted index feature → items over the profile's
 * features. History items outside the model's id space (items added after training) are ignored. Immutable and
 * thread-safe.
 *
 * <p>Feature ids: categories {@code 0..C-1}, price bands {@code C..C+B-1}, title terms from {@code C+B}.
 */
public final class ContentModel implements Recommender {
    private static final int TOP_FEATURES = 5;
    private static final int TOP_HISTORY = 3;

    private final ContentParams params;
    private final boolean ordinalTime;
    private final String[] categoryLabels;
    private final float[] priceCuts;
    private final int priceBands;
    private final String[] tokens;
    private final int[] itemPtr;
    private final int[] itemFeat;
    private final float[] itemVal;
    private final int[] featPtr;
    private final int[] featItem;
    private final float[] featVal;
    private final Provenance provenance;

    ContentModel(ContentParams params, boolean ordinalTime, String[] categoryLabels, float[] priceCuts,
                 int priceBands, String[] tokens, int[] itemPtr, int[] itemFeat, float[] itemVal,
                 Provenance provenance) {
        this.params = params;
        this.ordinalTime = ordinalTime;
        this.categoryLabels = categoryLabels;
        this.priceCuts = priceCuts;
        this.priceBands = priceBands;
        this.tokens = tokens;
        this.itemPtr = itemPtr;
        this.itemFeat = itemFeat;
        this.itemVal = itemVal;
        this.provenance = provenance;
        int numFeatures = numFeatures();
        int n = itemPtr.length - 1;
        featPtr = new int[numFeatures + 1];
        for (int f : itemFeat) {
            featPtr[f + 1]++;
        }
        for (int f = 0; f < numFeatures; f++) {
            featPtr[f + 1] += featPtr[f];
        }
        int[] next = Arrays.copyOf(featPtr, numFeatures);
        featItem = new int[itemFeat.length];
        featVal = new float[itemFeat.length];
        for (int i = 0; i < n; i++) {
            for (int k = itemPtr[i]; k < itemPtr[i + 1]; k++) {
                int slot = next[itemFeat[k]]++;
                featItem[slot] = i;
                featVal[slot] = itemVal[k];
            }
        }
    }

    @Override
    public int numItems() {
        return itemPtr.length - 1;
    }

    /** Number of features: categories, price bands and title terms. */
    public int numFeatures() {
        return categoryLabels.length + priceBands + tokens.length;
    }

    /** The kept title terms, by term id. */
    public List<String> vocabulary() {
        return List.of(tokens);
    }

    /**
     * A user profile: ascending feature ids with summed values, its L2 norm, and the history's item strengths.
     */
    record Profile(int[] features, float[] values, double norm, InteractionMatrix.Row row) {
        float valueOf(int feature) {
            int k = Arrays.binarySearch(features, feature);
            return k >= 0 ? values[k] : 0f;
        }
    }

    Profile profile(UserHistory user) {
        InteractionMatrix.Row row = InteractionMatrix.rowOf(user, params.weighting(), ordinalTime);
        int n = numItems();
        int total = 0;
        for (int item : row.items()) {
            if (item >= 0 && item < n) {
                total += itemPtr[item + 1] - itemPtr[item];
            }
        }
        long[] keys = new long[total];
        float[] contrib = new float[total];
        int q = 0;
        for (int j = 0; j < row.size(); j++) {
            int item = row.items()[j];
            if (item < 0 || item >= n) {
                continue;
            }
            float s = row.values()[j];
            for (int k = itemPtr[item]; k < itemPtr[item + 1]; k++) {
                keys[q] = ((long) itemFeat[k] << 32) | q;
                contrib[q] = s * itemVal[k];
                q++;
            }
        }
        Arrays.sort(keys);
        int[] feats = new int[total];
        float[] vals = new float[total];
        int m = 0;
        for (long key : keys) {
            int f = (int) (key >>> 32);
            float v = contrib[(int) key];
            if (m > 0 && feats[m - 1] == f) {
                vals[m - 1] += v;
            } else {
                feats[m] = f;
                vals[m] = v;
                m++;
            }
        }
        double norm = 0;
        for (int k = 0; k < m; k++) {
            norm += (double) vals[k] * vals[k];
        }
        return new Profile(Arrays.copyOf(feats, m), Arrays.copyOf(vals, m), Math.sqrt(norm), row);
    }

    @Override
    public void scoreAll(UserHistory user, float[] out) {
        Profile p = profile(user);
        accumulate(p.features(), p.values(), p.norm(), out);
    }

    private void accumulate(int[] feats, float[] vals, double norm, float[] out) {
        Arrays.fill(out, 0, numItems(), 0f);
        if (norm == 0) {
            return;
        }
        float inv = (float) (1.0 / norm);
        for (int k = 0; k < feats.length; k++) {
            int f = feats[k];
            float v = vals[k] * inv;
            for (int s = featPtr[f]; s < featPtr[f + 1]; s++) {
                out[featItem[s]] += v * featVal[s];
            }
        }
    }

    @Override
    public void score(UserHistory user, int[] candidates, float[] out) {
        Profile p = profile(user);
        float inv = p.norm() == 0 ? 0f : (float) (1.0 / p.norm());
        for (int c = 0; c < candidates.length; c++) {
            int i = candidates[c];
            float dot = 0;
            for (int k = itemPtr[i]; k < itemPtr[i + 1]; k++) {
                dot += p.valueOf(itemFeat[k]) * inv * itemVal[k];
            }
            out[c] = dot;
        }
    }

    /** The cosine of the content vectors of items {@code a} and {@code b}, 0 when either has no attributes. */
    public float similarity(int a, int b) {
        checkItem(a);
        checkItem(b);
        return dot(a, b);
    }

    /**
     * The {@code k} items whose content is most similar to {@code item} (cosine, best first, ties to the lower
     * index), without the item itself and without items sharing no feature with it.
     */
    public List<ScoredItem> similarItems(int item, int k) {
        checkItem(item);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int[] feats = Arrays.copyOfRange(itemFeat, itemPtr[item], itemPtr[item + 1]);
        float[] vals = Arrays.copyOfRange(itemVal, itemPtr[item], itemPtr[item + 1]);
        float[] scores = new float[numItems()];
        accumulate(feats, vals, feats.length == 0 ? 0 : 1, scores);
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] > 0)) {
                scores[i] = Float.NaN;
            }
        }
        scores[item] = Float.NaN;
        return Recommender.topK(scores, k, null);
    }

    /**
     * The cosine split two ways, largest first: up to five shared features ({@code "category"} with the category
     * id, {@code "price-band"} with the price range, {@code "title-token"} with the term), each weighted by its
     * share {@code profile_f * item_f / |profile|} of the score, and up to three history items
     * ({@code "history-item"}) weighted by {@code strength * cos(history item, item) / |profile|}. Each kind
     * alone adds up to the score when nothing is cut off.
     */
    @Override
    public Explanation explain(UserHistory user, int item) {
        checkItem(item);
        Profile p = profile(user);
        if (p.norm() == 0 || itemPtr[item] == itemPtr[item + 1]) {
            String why = itemPtr[item] == itemPtr[item + 1] ? "This item has no category, price or title to match"
                    : "Your history has no items with a category, price or title to match";
            return new Explanation(item, 0f, why, List.of());
        }
        double inv = 1.0 / p.norm();
        List<Evidence> features = new ArrayList<>();
        double score = 0;
        for (int k = itemPtr[item]; k < itemPtr[item + 1]; k++) {
            int f = itemFeat[k];
            double c = p.valueOf(f) * itemVal[k] * inv;
            score += c;
            if (c > 0) {
                features.add(featureEvidence(f, c));
            }
        }
        if (features.isEmpty()) {
            return new Explanation(item, 0f, "Shares no category, price band or title word with your history",
                    List.of());
        }
        features.sort(Comparator.comparingDouble(Evidence::weight).reversed());
        List<Evidence> history = new ArrayList<>();
        InteractionMatrix.Row row = p.row();
        for (int j = 0; j < row.size(); j++) {
            int h = row.items()[j];
            if (h < 0 || h >= numItems()) {
                continue;
            }
            float sim = dot(h, item);
            double c = row.values()[j] * sim * inv;
            if (c > 0) {
                history.add(new Evidence("history-item", h, c, String.format(Locale.ROOT,
                        "content cosine %.3f, interaction strength %.2f", sim, row.values()[j])));
            }
        }
        history.sort(Comparator.comparingDouble(Evidence::weight).reversed());
        List<Evidence> evidence = new ArrayList<>(features.subList(0, Math.min(TOP_FEATURES, features.size())));
        evidence.addAll(history.subList(0, Math.min(TOP_HISTORY, history.size())));
        evidence.sort(Comparator.comparingDouble(Evidence::weight).reversed());
        return new Explanation(item, (float) score, summary(features, history.size(), score), evidence);
    }

    private String summary(List<Evidence> features, int similarHistory, double score) {
        List<String> parts = new ArrayList<>();
        for (Evidence e : features.subList(0, Math.min(TOP_FEATURES, features.size()))) {
            parts.add(switch (e.kind()) {
                case "category" -> "category " + e.detail();
                case "price-band" -> "price band " + e.detail();
                default -> "\"" + e.detail() + "\"";
            });
        }
        return String.format(Locale.ROOT, "Matches your taste (cosine %.3f): shares %s with %d item%s you "
                + "interacted with", score, String.join(", ", parts), similarHistory, similarHistory == 1 ? "" : "s");
    }

    private Evidence featureEvidence(int f, double weight) {
        int c = categoryLabels.length;
        if (f < c) {
            return new Evidence("category", -1, weight, categoryLabels[f]);
        }
        if (f < c + priceBands) {
            return new Evidence("price-band", -1, weight, bandLabel(f - c));
        }
        return new Evidence("title-token", -1, weight, tokens[f - c - priceBands]);
    }

    /** The price range of band {@code b}, e.g. {@code "19.90-49.00"}, {@code "<19.90"} or {@code ">=120.00"}. */
    String bandLabel(int b) {
        if (priceCuts.length == 0) {
            return "any";
        }
        if (b == 0) {
            return String.format(Locale.ROOT, "<%.2f", priceCuts[0]);
        }
        if (b >= priceCuts.length) {
            return String.format(Locale.ROOT, ">=%.2f", priceCuts[priceCuts.length - 1]);
        }
        return String.format(Locale.ROOT, "%.2f-%.2f", priceCuts[b - 1], priceCuts[b]);
    }

    private float dot(int a, int b) {
        int ka = itemPtr[a];
        int kb = itemPtr[b];
        int ea = itemPtr[a + 1];
        int eb = itemPtr[b + 1];
        float s = 0;
        while (ka < ea && kb < eb) {
            int fa = itemFeat[ka];
            int fb = itemFeat[kb];
            if (fa == fb) {
                s += itemVal[ka++] * itemVal[kb++];
            } else if (fa < fb) {
                ka++;
            } else {
                kb++;
            }
        }
        return s;
    }

    private void checkItem(int item) {
        if (item < 0 || item >= numItems()) {
            throw new IllegalArgumentException("item " + item + " is not in the model's 0.." + (numItems() - 1));
        }
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public void save(Path file) {
        ModelFiles.write(file, provenance, out -> {
            out.writeBoolean(ordinalTime);
            writeStrings(out, categoryLabels);
            out.writeInt(priceBands);
            writeFloats(out, priceCuts);
            writeStrings(out, tokens);
            writeInts(out, itemPtr);
            writeInts(out, itemFeat);
            writeFloats(out, itemVal);
        });
    }

    /** Loads a model saved by {@link #save}. */
    public static ContentModel load(Path file) {
        return ModelFiles.read(file, ContentParams.NAME, ContentModel::read);
    }

    private static ContentModel read(DataInputStream in, Provenance provenance) throws IOException {
        ContentParams params = ContentParams.from(provenance.params());
        boolean ordinal = in.readBoolean();
        String[] labels = readStrings(in);
        int bands = in.readInt();
        float[] cuts = readFloats(in);
        String[] vocabulary = readStrings(in);
        int[] ptr = readInts(in);
        int[] feat = readInts(in);
        float[] val = readFloats(in);
        return new ContentModel(params, ordinal, labels, cuts, bands, vocabulary, ptr, feat, val, provenance);
    }

    private static void writeStrings(DataOutputStream out, String[] s) throws IOException {
        out.writeInt(s.length);
        for (String x : s) {
            byte[] b = x.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static String[] readStrings(DataInputStream in) throws IOException {
        String[] s = new String[in.readInt()];
        for (int i = 0; i < s.length; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            s[i] = new String(b, StandardCharsets.UTF_8);
        }
        return s;
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int x : a) {
            out.writeInt(x);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] a = new int[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float x : a) {
            out.writeFloat(x);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
