package io.shoplens.predict.catalogue;

import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Feature tables over items. Title tokens (lower-cased, split on white space) become presence columns
 * {@code tok=<token>} for a vocabulary learnt on the training items only; categories become one-hot columns
 * {@code cat=<id>}; {@code log_price} is ln(price) and {@code title_tokens} the number of tokens. Immutable.
 */
public final class ItemFeatures {
    private final List<String> vocabulary;
    private final Map<String, Integer> tokenIndex;
    private final List<String> categories;
    private final Map<String, Integer> categoryIndex;

    private ItemFeatures(List<String> vocabulary, List<String> categories) {
        this.vocabulary = List.copyOf(vocabulary);
        this.categories = List.copyOf(categories);
        tokenIndex = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            tokenIndex.put(vocabulary.get(i), i);
        }
        categoryIndex = new HashMap<>();
        for (int i = 0; i < categories.size(); i++) {
            categoryIndex.put(categories.get(i), i);
        }
    }

    /**
     * Learns the vocabulary (tokens in at least {@code minCount} training titles, the {@code maxTokens} most
     * frequent, ties by token) and the category list (every category of {@code all}, sorted) .
     */
    public static ItemFeatures fit(List<Catalogue.Item> train, List<Catalogue.Item> all, int minCount, int maxTokens) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training items to learn a vocabulary from");
        }
        if (minCount < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("minCount and maxTokens must be >= 1, got " + minCount + " and "
                    + maxTokens);
        }
        Map<String, Integer> df = new LinkedHashMap<>();
        for (Catalogue.Item it : train) {
            for (String t : new HashSet<>(tokens(it.title()))) {
                df.merge(t, 1, Integer::sum);
            }
        }
        List<String> vocab = df.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? b.getValue() - a.getValue()
                        : a.getKey().compareTo(b.getKey()))
                .limit(maxTokens).map(Map.Entry::getKey).toList();
        List<String> cats = all.stream().map(Catalogue.Item::category).distinct().sorted().toList();
        return new ItemFeatures(vocab, cats);
    }

    /** The title's tokens. */
    static List<String> tokens(String title) {
        List<String> out = new ArrayList<>();
        for (String t : title.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The category names, by class label. */
    public List<String> categories() {
        return categories;
    }

    /** Vocabulary size. */
    public int vocabularySize() {
        return vocabulary.size();
    }

    /** Category classification: title tokens, token count and log price; label = the category's class. */
    public Table categoryTable(List<Catalogue.Item> items, String fingerprint) {
        List<String> names = new ArrayList<>();
        vocabulary.forEach(t -> names.add("tok=" + t));
        names.add("title_tokens");
        names.add("log_price");
        float[][] x = new float[items.size()][];
        float[] y = new float[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Catalogue.Item it = items.get(i);
            float[] row = new float[names.size()];
            int n = tokenColumns(it.title(), row);
            row[vocabulary.size()] = n;
            row[vocabulary.size() + 1] = (float) Math.log(it.price());
            x[i] = row;
            y[i] = label(it);
        }
        return new Table(names, x, y, Task.MULTICLASS, Math.max(2, categories.size()), fingerprint + "|category");
    }

    /** Price regression: title tokens, token count and category one-hot; label = ln(price). */
    public Table priceTable(List<Catalogue.Item> items, String fingerprint) {
        List<String> names = new ArrayList<>();
        vocabulary.forEach(t -> names.add("tok=" + t));
        names.add("title_tokens");
        categories.forEach(c -> names.add("cat=" + c));
        float[][] x = new float[items.size()][];
        float[] y = new float[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Catalogue.Item it = items.get(i);
            float[] row = new float[names.size()];
            row[vocabulary.size()] = tokenColumns(it.title(), row);
            row[vocabulary.size() + 1 + label(it)] = 1;
            x[i] = row;
            y[i] = (float) Math.log(it.price());
        }
        return new Table(names, x, y, Task.REGRESSION, 1, fingerprint + "|price");
    }

    private int label(Catalogue.Item it) {
        Integer c = categoryIndex.get(it.category());
        if (c == null) {
            throw new IllegalArgumentException("item " + it.id() + " has category " + it.category()
                    + " that the features were not fitted with");
        }
        return c;
    }

    private int tokenColumns(String title, float[] row) {
        List<String> ts = tokens(title);
        Set<String> seen = new HashSet<>();
        for (String t : ts) {
            Integer j = tokenIndex.get(t);
            if (j != null && seen.add(t)) {
                row[j] = 1;
            }
        }
        return ts.size();
    }
}
