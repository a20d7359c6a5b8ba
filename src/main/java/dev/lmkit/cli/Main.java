package dev.lmkit.cli;

import dev.lmkit.LmkitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./lmkit}: the command line. Every command is a thin layer over the Java API. */
@Command(name = "lmkit", mixinStandardHelpOptions = true, version = "lmkit 0.1.0",
        description = "LSTM language models on Deeplearning4j: train, sample, evaluate, test agreement.",
        subcommands = {QuickstartCommand.class, TrainCommand.class, SampleCommand.class, EvalCommand.class, TraceCommand.class,
                ScoreCommand.class, AgreementCommand.class, ProbeCommand.class, AblateCommand.class, BenchCommand.class, ConfigCommand.class, CorpusCommand.class, ImportCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces on errors.")
    static boolean debug;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        debug = false; // picocli sets it only when given; a previous run in the same JVM must not leak it
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (debug) e.printStackTrace();
            if (e instanceof LmkitException || e instanceof IllegalArgumentException) {
                System.err.println("lmkit: " + e.getMessage());
                return 2;
            }
            System.err.println("lmkit: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            return 1;
        });
        return cli.execute(args);
    }
}
