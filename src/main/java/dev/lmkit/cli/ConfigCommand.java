package dev.lmkit.cli;

import dev.lmkit.config.ConfigLoader;
import dev.lmkit.config.LmConfig;
import dev.lmkit.corpus.Corpus;
import dev.lmkit.model.NetworkFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect configs.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Keys.class})
final class ConfigCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the DL4J network a config compiles to, as DL4J JSON.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", description = "YAML config.")
        Path file;

        @Option(names = "--vocab-size", description = "Output size to use instead of reading the corpus vocabulary.")
        Integer vocabSize;

        @Option(names = "--set", description = "Override a config key (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--resolved", description = "Print the resolved lmkit config (YAML, defaults filled in) instead.")
        boolean resolved;

        @Override
        public Integer call() {
            LmConfig config = ConfigLoader.load(file, overrides);
            if (resolved) {
                System.out.print(ConfigLoader.toYaml(config));
                return 0;
            }
            int v = vocabSize != null ? vocabSize : Corpus.load(config.data()).vocab().size();
            System.out.println(NetworkFactory.configuration(config, v).toJson());
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Every config key: type, default, allowed values, description; then the refused combinations.")
    static final class Keys implements Callable<Integer> {
        @Option(names = "--markdown", description = "As docs/configs.md (the page is generated from this).")
        boolean markdown;

        @Override
        public Integer call() {
            System.out.print(markdown ? dev.lmkit.config.ConfigKeys.markdown() : dev.lmkit.config.ConfigKeys.text());
            return 0;
        }
    }
}
