package io.shoplens.recommend;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.recommend.popular.PopularityModel;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of recommendation algorithms by name: how to build a trainer from text parameters and how to load
 * a saved model. The CLI, the demo and the server go through it, so a new algorithm is added here once.
 */
public final class Algorithms {
    private record Entry(String description, Function<Map<String, String>, Trainer<?>> trainer,
                         Function<Path, Recommender> loader) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(PopularityParams.NAME, new Entry("most interacted items (PopRec)",
                p -> new PopularityTrainer(PopularityParams.from(p)), PopularityModel::load));
    }

    private Algorithms() {
    }

    /** Registered names, in registration order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** One line describing {@code name}. */
    public static String description(String name) {
        return entry(name).description();
    }

    /** A trainer for {@code name} with {@code params}; unknown names and bad parameters fail with a sentence. */
    public static Trainer<?> trainer(String name, Map<String, String> params) {
        return entry(name).trainer().apply(params);
    }

    /** Loads a model saved by any registered algorithm. */
    public static Recommender load(Path file) {
        return entry(ModelFiles.algorithmOf(file)).loader().apply(file);
    }

    private static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known models: "
                    + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }
}
