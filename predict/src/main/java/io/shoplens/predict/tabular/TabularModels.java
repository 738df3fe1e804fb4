package io.shoplens.predict.tabular;

import io.shoplens.core.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The tabular learners by name, and loading any of their model files. */
public final class TabularModels {
    /** Learner names accepted by {@link #trainer}. */
    public static final List<String> NAMES = List.of(PriorTrainer.NAME, LogisticParams.NAME, GbtParams.NAME,
            MlpParams.NAME);

    private TabularModels() {
    }

    /** The trainer called {@code name} with hyperparameters from text; fails naming the unknown name or key. */
    public static TabularTrainer trainer(String name, Map<String, String> params) {
        return switch (name) {
            case PriorTrainer.NAME -> {
                if (!params.isEmpty()) {
                    throw new IllegalArgumentException("prior takes no parameters, got " + params.keySet());
                }
                yield new PriorTrainer();
            }
            case LogisticParams.NAME -> new LogisticTrainer(LogisticParams.from(params));
            case GbtParams.NAME -> new GbtTrainer(GbtParams.from(params));
            case MlpParams.NAME -> new MlpTrainer(MlpParams.from(params));
            default -> throw new IllegalArgumentException("unknown learner '" + name + "'; known: " + NAMES);
        };
    }

    /** Loads a model file written by any tabular model's {@code save}. */
    public static TabularModel load(Path file) {
        String algorithm = ModelFiles.algorithmOf(file);
        return switch (algorithm) {
            case PriorTrainer.NAME -> PriorModel.load(file);
            case LogisticParams.NAME -> LogisticModel.load(file);
            case GbtParams.NAME -> GbtModel.load(file);
            case MlpParams.NAME -> MlpModel.load(file);
            default -> throw new IllegalArgumentException("model file " + file + " holds a " + algorithm
                    + " model, not a tabular one (" + NAMES + ")");
        };
    }
}
