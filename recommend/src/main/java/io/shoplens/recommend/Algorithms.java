package io.shoplens.recommend;

import io.shoplens.core.model.ModelFiles;
import io.shoplens.core.model.Recommender;
import io.shoplens.core.model.Trainer;
import io.shoplens.recommend.content.ContentModel;
import io.shoplens.recommend.content.ContentParams;
import io.shoplens.recommend.content.ContentTrainer;
import io.shoplens.recommend.deep.gru4rec.Gru4RecModel;
import io.shoplens.recommend.deep.gru4rec.Gru4RecParams;
import io.shoplens.recommend.deep.gru4rec.Gru4RecTrainer;
import io.shoplens.recommend.deep.multvae.MultVaeModel;
import io.shoplens.recommend.deep.multvae.MultVaeParams;
import io.shoplens.recommend.deep.multvae.MultVaeTrainer;
import io.shoplens.recommend.deep.neumf.NeuMfModel;
import io.shoplens.recommend.deep.neumf.NeuMfParams;
import io.shoplens.recommend.deep.neumf.NeuMfTrainer;
import io.shoplens.recommend.deep.sasrec.SasRecModel;
import io.shoplens.recommend.deep.sasrec.SasRecParams;
import io.shoplens.recommend.deep.sasrec.SasRecTrainer;
import io.shoplens.recommend.ease.EaseModel;
import io.shoplens.recommend.ease.EaseParams;
import io.shoplens.recommend.ease.EaseTrainer;
import io.shoplens.recommend.hybrid.HybridModel;
import io.shoplens.recommend.hybrid.HybridParams;
import io.shoplens.recommend.hybrid.HybridTrainer;
import io.shoplens.recommend.knn.ItemKnnModel;
import io.shoplens.recommend.knn.ItemKnnParams;
import io.shoplens.recommend.knn.ItemKnnTrainer;
import io.shoplens.recommend.knn.UserKnnModel;
import io.shoplens.recommend.knn.UserKnnParams;
import io.shoplens.recommend.knn.UserKnnTrainer;
import io.shoplens.recommend.mf.BprModel;
import io.shoplens.recommend.mf.BprParams;
import io.shoplens.recommend.mf.BprTrainer;
import io.shoplens.recommend.mf.IalsModel;
import io.shoplens.recommend.mf.IalsParams;
import io.shoplens.recommend.mf.IalsTrainer;
import io.shoplens.recommend.popular.PopularityModel;
import io.shoplens.recommend.popular.PopularityParams;
import io.shoplens.recommend.popular.PopularityTrainer;
import io.shoplens.recommend.precomputed.PrecomputedModel;
import io.shoplens.recommend.precomputed.PrecomputedParams;
import io.shoplens.recommend.precomputed.PrecomputedTrainer;
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
                         Function<Path, Recommender> loader, boolean fromLog) {
        Entry(String description, Function<Map<String, String>, Trainer<?>> trainer,
              Function<Path, Recommender> loader) {
            this(description, trainer, loader, true);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        ENTRIES.put(PopularityParams.NAME, new Entry("most interacted items (PopRec)",
                p -> new PopularityTrainer(PopularityParams.from(p)), PopularityModel::load));
        ENTRIES.put(ItemKnnParams.NAME, new Entry("item-based top-k neighbourhood CF (Sarwar 2001, Deshpande & "
                + "Karypis 2004)", p -> new ItemKnnTrainer(ItemKnnParams.from(p)), ItemKnnModel::load));
        ENTRIES.put(UserKnnParams.NAME, new Entry("user-based k-nearest-neighbour CF (Resnick 1994, Herlocker 1999)",
                p -> new UserKnnTrainer(UserKnnParams.from(p)), UserKnnModel::load));
        ENTRIES.put(IalsParams.NAME, new Entry("implicit ALS matrix factorisation (Hu, Koren & Volinsky 2008)",
                p -> new IalsTrainer(IalsParams.from(p)), IalsModel::load));
        ENTRIES.put(BprParams.NAME, new Entry("BPR matrix factorisation (Rendle et al. 2009)",
                p -> new BprTrainer(BprParams.from(p)), BprModel::load));
        ENTRIES.put(EaseParams.NAME, new Entry("EASE: closed-form item-item linear autoencoder (Steck 2019); "
                + "maxItems caps the n\u00b2 model", p -> new EaseTrainer(EaseParams.from(p)), EaseModel::load));
        ENTRIES.put(ContentParams.NAME, new Entry("content-based: cosine of category, price band and TF-IDF title "
                + "features; finds cold items (Pazzani & Billsus 2007)", p -> new ContentTrainer(ContentParams.from(p)),
                ContentModel::load));
        ENTRIES.put(SasRecParams.NAME, new Entry("SASRec: causal self-attention over the behaviour sequence "
                + "(Kang & McAuley 2018); loss=bce|ce", p -> new SasRecTrainer(SasRecParams.from(p)),
                SasRecModel::load));
        ENTRIES.put(MultVaeParams.NAME, new Entry("Mult-VAE: variational autoencoder with a multinomial likelihood "
                + "(Liang et al. 2018); folds in any history", p -> new MultVaeTrainer(MultVaeParams.from(p)),
                MultVaeModel::load));
        ENTRIES.put(NeuMfParams.NAME, new Entry("NeuMF: GMF and MLP towers with sampled negatives (He et al. 2017)",
                p -> new NeuMfTrainer(NeuMfParams.from(p)), NeuMfModel::load));
        ENTRIES.put(Gru4RecParams.NAME, new Entry("GRU4Rec: recurrent next-item model over the behaviour sequence "
                + "(Hidasi et al. 2016, 2018); cell=gru|lstm, loss=sampled|ce",
                p -> new Gru4RecTrainer(Gru4RecParams.from(p)), Gru4RecModel::load));
        ENTRIES.put(HybridParams.NAME, new Entry("weighted blend of registered models (components=content:0.7,"
                + "popularity:0.3) with a popular-in-category fallback for cold users",
                p -> new HybridTrainer(HybridParams.from(p), Algorithms::trainer),
                file -> HybridModel.load(file, Algorithms::load)));
        ENTRIES.put(PrecomputedParams.NAME, new Entry("lists precomputed on a Spark cluster by 'shoplens spark "
                + "recommend' (lists=FOLDER, neighbours=cooc|als), mapped onto the data's ids",
                p -> new PrecomputedTrainer(PrecomputedParams.from(p)), PrecomputedModel::load, false));
    }

    private Algorithms() {
    }

    /**
     * The names of the algorithms that train from a behaviour log alone with default parameters, in registration
     * order: what leaderboards and benchmarks run. {@link #allNames()} adds those that need more input.
     */
    public static List<String> names() {
        return ENTRIES.entrySet().stream().filter(e -> e.getValue().fromLog()).map(Map.Entry::getKey).toList();
    }

    /**
     * Every registered name, in registration order: {@link #names()} and the algorithms that need input beside
     * the log ({@code precomputed} needs the lists of {@code shoplens spark recommend}).
     */
    public static List<String> allNames() {
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
