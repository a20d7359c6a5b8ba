package dev.lmkit.cli;

import dev.lmkit.agreement.AgreementGrammar;
import dev.lmkit.agreement.mine.NumberTargets;
import dev.lmkit.corpus.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "corpus", mixinStandardHelpOptions = true, description = "Fetch standard corpora, generate the synthetic one, tag a corpus with number targets, or learn its subword pieces.",
        subcommands = {CorpusCommand.ListCorpora.class, CorpusCommand.Get.class, CorpusCommand.Generate.class, CorpusCommand.Numbers.class,
        SubwordsCommand.class})
final class CorpusCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The corpora in corpora/catalog.yaml.")
    static final class ListCorpora implements Callable<Integer> {
        @Override
        public Integer call() {
            Catalog.load(dev.lmkit.Home.resolve(Catalog.DEFAULT)).entries().values().forEach(e ->
                    System.out.printf("%-16s %s (licence: %s)%n", e.name(), e.description(), e.licence()));
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Download (or copy) a catalog corpus into corpora/NAME and verify its sha256.")
    static final class Get implements Callable<Integer> {
        @Parameters(index = "0", description = "Corpus name (see 'corpus list').")
        String name;

        @Option(names = "--from", description = "A local directory or base URL holding the files instead of the catalog URLs.")
        String from;

        @Option(names = "--dir", description = "Target directory (default: corpora/NAME).")
        Path dir;

        @Override
        public Integer call() {
            Path target = dir != null ? dir : Path.of("corpora", name);
            for (Path p : Catalog.load(dev.lmkit.Home.resolve(Catalog.DEFAULT)).fetch(name, target, from)) System.out.println("verified " + p);
            return 0;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write the synthetic agreement corpus (train/valid/test.txt) from corpora/agreement-grammar.yaml.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "corpora/generated/agreement", description = "Directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--sentences", defaultValue = "40000", description = "Training sentences (default: ${DEFAULT-VALUE}).")
        int sentences;

        @Option(names = "--seed", defaultValue = "2014", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            AgreementGrammar.standard().writeSplits(out, sentences, seed);
            System.out.println("wrote " + out.resolve("train.txt") + ", valid.txt, test.txt");
            return 0;
        }
    }

    @Command(name = "numbers", mixinStandardHelpOptions = true,
            description = "Write the targets of train.number_loss for a whitespace-tokenized corpus: per token, the number "
                    + "(s, p, -) of the next finite verb in its sentence, from CoreNLP's tagger (data.train_numbers reads the file).")
    static final class Numbers implements Callable<Integer> {
        @Parameters(index = "0", description = "The corpus file (e.g. corpora/wikitext-2/train.txt).")
        Path corpus;

        @Option(names = "--out", description = "Targets file (default: the corpus's name with .numbers before the extension).")
        Path out;

        @Override
        public Integer call() {
            Path target = out != null ? out : defaultOut(corpus);
            long[] n = NumberTargets.write(corpus, target, System.err);
            System.out.printf("wrote %s: %,d singular, %,d plural, %,d without a target%n", target, n[0], n[1], n[2]);
            return 0;
        }

        static Path defaultOut(Path corpus) {
            String name = corpus.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return corpus.resolveSibling(dot > 0 ? name.substring(0, dot) + ".numbers" + name.substring(dot) : name + ".numbers");
        }
    }
}
