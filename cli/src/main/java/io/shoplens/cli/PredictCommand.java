package io.shoplens.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prediction tasks, each printing its models against a baseline with the protocol. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Prediction: purchase propensity, category classification, sales forecasting, price "
                + "regression. Each task trains a baseline and the learners in one run and prints their table "
                + "with the protocol.",
        subcommands = {PredictPurchase.class, PredictCategory.class, PredictForecast.class,
                PredictPrice.class})
final class PredictCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
