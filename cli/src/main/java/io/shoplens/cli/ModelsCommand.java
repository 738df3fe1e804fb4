package io.shoplens.cli;

import io.shoplens.recommend.Algorithms;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Lists the recommendation algorithms. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the recommendation models.")
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String name : Algorithms.allNames()) {
            spec.commandLine().getOut().printf("%-14s %s%n", name, Algorithms.description(name));
        }
        return 0;
    }
}
