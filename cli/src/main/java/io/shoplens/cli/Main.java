package io.shoplens.cli;

import io.shoplens.core.data.DataException;
import io.shoplens.core.memory.InsufficientMemoryException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code shoplens} command. Errors in the user's input (a bad file, a bad option, a bad parameter) end with a
 * one-line message on stderr and exit code 2; program errors exit with 1 and a stack trace only when
 * {@code SHOPLENS_DEBUG} is set.
 */
@Command(name = "shoplens", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Behaviour logs in, decisions out: analytics, recommendation and evaluation for online shops.",
        subcommands = {DemoCommand.class, EvaluateCommand.class, TuneCommand.class, LoadCommand.class, GenerateCommand.class,
                BenchCommand.class, ModelsCommand.class, PredictCommand.class, AnalyzeCommand.class,
                ProfileCommand.class, AudienceCommand.class, ServeCommand.class, SparkCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof OutOfMemoryError oom) {
                err.println(outOfMemory(oom));
                Runtime.getRuntime().halt(1);
            }
            err.println("shoplens: internal error in thread " + t.getName() + ": " + e);
            if (System.getenv("SHOPLENS_DEBUG") != null) {
                e.printStackTrace(err);
            }
        });
        System.exit(run(args, new PrintWriter(System.out, true), err));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("shoplens: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof DataException || ex instanceof IllegalArgumentException
                    || ex instanceof InsufficientMemoryException) {
                err.println("shoplens: error: " + ex.getMessage());
                if (System.getenv("SHOPLENS_DEBUG") != null) {
                    ex.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            err.println("shoplens: internal error: " + ex);
            if (System.getenv("SHOPLENS_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("(set SHOPLENS_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            err.println(outOfMemory(e));
            return 1;
        }
    }

    /**
     * The one line printed when the heap runs out after all (an estimate missed, or a step without one): what ran
     * out, the maximum heap, and how to give more.
     */
    static String outOfMemory(OutOfMemoryError e) {
        return String.format(java.util.Locale.ROOT, "shoplens: error: out of memory (%s) with a maximum heap of "
                + "%.1f GB; give the JVM more with SHOPLENS_JAVA_OPTS=-Xmx<size>, or shrink the model's settings "
                + "(see the memory estimate logged at INFO level)", e.getMessage(),
                Runtime.getRuntime().maxMemory() / 1e9);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"shoplens " + io.shoplens.core.model.Provenance.shoplensVersion()};
        }
    }
}
