package io.shoplens.predict.tabular;

import io.shoplens.core.model.Provenance;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains gradient-boosted trees with XGBoost4J (see {@link GbtParams}). Boosts round by round while watching the
 * validation loss (log-loss, multi-class log-loss or RMSE by task), then retrains from scratch with the best
 * number of rounds so the saved model, its gain importances and its predictions all use exactly those trees.
 * NaN feature values are treated as missing (XGBoost learns a default direction per split).
 */
public final class GbtTrainer implements TabularTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(GbtTrainer.class);
    private final GbtParams params;

    /** A trainer with {@code params}. */
    public GbtTrainer(GbtParams params) {
        this.params = params;
    }

    @Override
    public String algorithm() {
        return GbtParams.NAME;
    }

    @Override
    public GbtModel train(Table train, Table validation) {
        train.requireRows("the training table");
        validation.requireRows("the validation table");
        validation.requireSameColumns(train.featureNames());
        long t0 = System.nanoTime();
        Map<String, Object> p = boosterParams(train);
        DMatrix dtrain = null;
        DMatrix dvalid = null;
        try {
            dtrain = matrix(train);
            dvalid = matrix(validation);
            Map<String, DMatrix> watches = new HashMap<>();
            watches.put("train", dtrain);
            watches.put("valid", dvalid);
            Booster probe = XGBoost.train(dtrain, p, 0, watches, null, null);
            int best = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int round = 0; round < params.rounds(); round++) {
                probe.update(dtrain, round);
                String eval = probe.evalSet(new DMatrix[] {dvalid}, new String[] {"valid"}, round);
                double loss = Double.parseDouble(eval.substring(eval.lastIndexOf(':') + 1).trim());
                if (loss < bestLoss - 1e-12) {
                    bestLoss = loss;
                    best = round + 1;
                } else if (round + 1 - best >= params.earlyStop()) {
                    break;
                }
            }
            probe.dispose();
            Booster booster = XGBoost.train(dtrain, p, best, new HashMap<>(), null, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.debug("xgboost: {} rounds kept, validation {} {}", best, p.get("eval_metric"), bestLoss);
            Map<String, String> recorded = params.asMap();
            recorded.put("roundsKept", Integer.toString(best));
            Provenance prov = new Provenance(GbtParams.NAME, recorded, train.fingerprint(), params.seed(),
                    Provenance.shoplensVersion(), Instant.now(), seconds);
            return new GbtModel(Schema.of(train), booster.toByteArray("ubj"), best, prov);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        } finally {
            if (dtrain != null) {
                dtrain.dispose();
            }
            if (dvalid != null) {
                dvalid.dispose();
            }
        }
    }

    private Map<String, Object> boosterParams(Table t) {
        Map<String, Object> p = new HashMap<>();
        switch (t.task()) {
            case BINARY -> {
                p.put("objective", "binary:logistic");
                p.put("eval_metric", "logloss");
            }
            case MULTICLASS -> {
                p.put("objective", "multi:softprob");
                p.put("num_class", t.numClasses());
                p.put("eval_metric", "mlogloss");
            }
            case REGRESSION -> {
                p.put("objective", "reg:squarederror");
                p.put("eval_metric", "rmse");
            }
        }
        p.put("tree_method", "hist");
        p.put("max_depth", params.maxDepth());
        p.put("eta", params.eta());
        p.put("subsample", params.subsample());
        p.put("colsample_bytree", params.colsample());
        p.put("min_child_weight", params.minChildWeight());
        p.put("lambda", params.lambda());
        p.put("nthread", params.threads());
        p.put("seed", params.seed());
        p.put("verbosity", 0);
        return p;
    }

    static DMatrix matrix(Table t) throws XGBoostError {
        int d = t.columns();
        float[] flat = new float[t.rows() * d];
        for (int i = 0; i < t.rows(); i++) {
            System.arraycopy(t.x()[i], 0, flat, i * d, d);
        }
        DMatrix m = new DMatrix(flat, t.rows(), d, Float.NaN);
        m.setLabel(t.y());
        return m;
    }
}
