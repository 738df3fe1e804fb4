package io.shoplens.recommend.hybrid;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.core.model.TrainingData;
import io.shoplens.recommend.content.ContentModel;
import io.shoplens.recommend.content.ContentParams;
import io.shoplens.recommend.content.ContentTrainer;
import io.shoplens.recommend.popular.PopularityModel;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A shop without a catalogue: categories come from the events. Items (index: id, category, events, each by a
 * different user): 0: y1 in Y, 10; 1: y2 in Y, 7; 2: x1 in X, 5; 3: x2 in X, 3; 4: x3 in X, 1.
 */
final class HybridFixtures {
    static final int Y1 = 0;
    static final int Y2 = 1;
    static final int X1 = 2;
    static final int X2 = 3;
    static final int X3 = 4;

    private HybridFixtures() {
    }

    static TrainingData shop() {
        InteractionStoreBuilder b = new InteractionStoreBuilder();
        String[] ids = {"y1", "y2", "x1", "x2", "x3"};
        String[] cats = {"Y", "Y", "X", "X", "X"};
        int[] counts = {10, 7, 5, 3, 1};
        int user = 0;
        long t = 1_500_000_000L;
        for (int i = 0; i < ids.length; i++) {
            for (int k = 0; k < counts[i]; k++) {
                b.event("u" + user++, ids[i], cats[i], Behavior.PV, t + k);
            }
        }
        InteractionStore s = b.build();
        return new TrainingData(s, ItemCatalog.empty(s.numItems()), "hybrid-fixture");
    }

    /** Resolves the names the tests use, as the registry's {@code Algorithms::trainer} would. */
    static Trainer<?> resolve(String name, Map<String, String> params) {
        return switch (name) {
            case "content" -> new ContentTrainer(ContentParams.from(params));
            case "popularity" -> new PopularityTrainer(PopularityParams.from(params));
            default -> throw new IllegalArgumentException("unknown model '" + name + "'");
        };
    }

    /** Loads the models the tests save, as the registry's {@code Algorithms::load} would. */
    static Recommender load(Path file) {
        return switch (ModelFiles.algorithmOf(file)) {
            case "content" -> ContentModel.load(file);
            case "popularity" -> PopularityModel.load(file);
            case FixedScores.NAME -> FixedScores.load(file);
            default -> throw new IllegalArgumentException("unknown model in " + file);
        };
    }
}
